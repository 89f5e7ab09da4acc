using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Chantra.Azure.Storage;
using Chantra.Domain.Complaints;
using Chantra.Domain.Webhooks;

namespace Chantra.Azure.Webhooks;

/// <summary>
/// Webhook endpoints and per-event delivery records in Table Storage (<see cref="WebhookTables"/>).
/// Every filter is built with <see cref="TableClient.CreateQueryFilter(FormattableString)"/>.
/// </summary>
/// <remarks>
/// The signing secret is needed in clear to sign, so it cannot be stored hashed; it is sealed the way
/// complaint data is (a data key per endpoint, wrapped by the Key Vault key; AES-GCM bound to the
/// endpoint's ministry and id, so a value copied to another row does not open). Opened secrets are kept
/// in memory by their sealed form, so a delivery costs no Key Vault call once an endpoint has been read,
/// and rewriting an endpoint's state keeps its sealed secret (no new key). A row written before secrets
/// were sealed is read as it is and sealed at its next write.
/// </remarks>
public sealed class TableWebhookStore(WebhookTables tables, IPersonalDataProtector protector) : IWebhookStore
{
    private const string SecretColumn = "Secret";
    private const string SecretKeyColumn = "SecretKey";

    /// <summary>Opened secrets by endpoint: the sealed form (wrapped key, sealed value) and what it opens to.</summary>
    private readonly ConcurrentDictionary<string, (string Wrapped, string Sealed, string Secret)> _secrets = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(string ministry, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var result = new List<WebhookEndpoint>();
        await foreach (var row in tables.Webhooks.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ministry}"), cancellationToken: cancellationToken))
        {
            result.Add(await ToEndpointAsync(row, cancellationToken));
        }

        return result.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<WebhookEndpoint?> GetAsync(string ministry, string id, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var row = await tables.Webhooks.GetEntityIfExistsAsync<TableEntity>(ministry, id, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is not null ? await ToEndpointAsync(row.Value, cancellationToken) : null;
    }

    public async Task AddAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        await tables.Webhooks.AddEntityAsync(await FromEndpointAsync(endpoint, cancellationToken), cancellationToken);
    }

    public async Task<WebhookWrite> ReplaceAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        try
        {
            await tables.Webhooks.UpdateEntityAsync(await FromEndpointAsync(endpoint, cancellationToken), endpoint.Version is { } v ? new ETag(v) : ETag.All, TableUpdateMode.Replace, cancellationToken);
            return WebhookWrite.Written;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return WebhookWrite.Conflict;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return WebhookWrite.NotFound;
        }
    }

    public async Task<bool> DeleteAsync(string ministry, string id, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        // The client answers a missing entity's 404 without throwing.
        var response = await tables.Webhooks.DeleteEntityAsync(ministry, id, ETag.All, cancellationToken);
        return response.Status != 404;
    }

    public async Task<IReadOnlySet<string>> GetDeliveredAsync(string eventId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var rows = tables.Deliveries.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {eventId}"), select: ["RowKey"], cancellationToken: cancellationToken);
        await foreach (var row in rows)
        {
            ids.Add(row.RowKey);
        }

        return ids;
    }

    public async Task MarkDeliveredAsync(string eventId, string webhookId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        await tables.Deliveries.UpsertEntityAsync(new TableEntity(eventId, webhookId) { ["DeliveredAt"] = at }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<int> DeleteDeliveriesBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var old = new List<TableEntity>();
        await foreach (var row in tables.Deliveries.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"DeliveredAt lt {before}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            old.Add(row);
        }

        // An event's records share its partition (one per endpoint of its ministry): a batch each.
        foreach (var partition in old.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            await TableRows.DeleteAllAsync(tables.Deliveries, partition.Key, partition.Select(r => r.RowKey).ToList(), cancellationToken);
        }

        return old.Count;
    }

    private async Task<TableEntity> FromEndpointAsync(WebhookEndpoint e, CancellationToken cancellationToken)
    {
        var (wrapped, sealedSecret) = await SealAsync(e, cancellationToken);
        var row = Columns(e);
        row[SecretKeyColumn] = wrapped;
        row[SecretColumn] = sealedSecret;
        return row;
    }

    private async Task<(string Wrapped, string Sealed)> SealAsync(WebhookEndpoint e, CancellationToken cancellationToken)
    {
        var name = Name(e.Ministry, e.Id);
        if (_secrets.TryGetValue(name, out var known) && known.Secret == e.Secret)
        {
            return (known.Wrapped, known.Sealed);
        }

        using var key = await protector.NewRecordKeyAsync(cancellationToken);
        var sealedSecret = key.Seal(e.Secret, SecretContext(e.Ministry, e.Id));
        _secrets[name] = (key.Wrapped, sealedSecret, e.Secret);
        return (key.Wrapped, sealedSecret);
    }

    /// <summary>The row's secret: opened (once per process for each sealed form); a row from before sealing holds it as it is.</summary>
    private async Task<string> OpenAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var sealedSecret = row.GetString(SecretColumn) ?? string.Empty;
        if (row.GetString(SecretKeyColumn) is not { Length: > 0 } wrapped)
        {
            return sealedSecret;
        }

        var name = Name(row.PartitionKey, row.RowKey);
        if (_secrets.TryGetValue(name, out var known) && known.Wrapped == wrapped && known.Sealed == sealedSecret)
        {
            return known.Secret;
        }

        using var key = await protector.OpenRecordKeyAsync(wrapped, cancellationToken);
        var secret = key.Open(sealedSecret, SecretContext(row.PartitionKey, row.RowKey));
        _secrets[name] = (wrapped, sealedSecret, secret);
        return secret;
    }

    /// <summary>What the sealed secret is bound to: a sealed value copied to another endpoint's row does not open.</summary>
    private static string SecretContext(string ministry, string id) => $"webhook-secret:{ministry}/{id}";

    private static string Name(string ministry, string id) => ministry + "/" + id;

    private static TableEntity Columns(WebhookEndpoint e) => new(e.Ministry, e.Id)
    {
        ["Url"] = e.Url,
        ["CreatedAt"] = e.CreatedAt,
        ["CreatedBy"] = e.CreatedBy,
        ["State"] = e.State == WebhookState.Paused ? "paused" : "active",
        ["FailingSince"] = e.FailingSince,
        ["LastError"] = e.LastError,
        ["LastErrorAt"] = e.LastErrorAt,
        ["LastSuccessAt"] = e.LastSuccessAt,
        ["PausedAt"] = e.PausedAt,
    };

    private async Task<WebhookEndpoint> ToEndpointAsync(TableEntity e, CancellationToken cancellationToken) => new(
        e.RowKey,
        e.PartitionKey,
        e.GetString("Url") ?? string.Empty,
        await OpenAsync(e, cancellationToken),
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        e.GetString("CreatedBy") ?? string.Empty,
        e.GetString("State") == "paused" ? WebhookState.Paused : WebhookState.Active,
        e.GetDateTimeOffset("FailingSince"),
        e.GetString("LastError"),
        e.GetDateTimeOffset("LastErrorAt"),
        e.GetDateTimeOffset("LastSuccessAt"),
        e.GetDateTimeOffset("PausedAt"),
        e.ETag.ToString());
}
