using Azure;
using Azure.Data.Tables;
using Chantra.Domain.Webhooks;

namespace Chantra.Azure.Webhooks;

/// <summary>
/// Webhook endpoints and per-event delivery records in Table Storage (<see cref="WebhookTables"/>).
/// The endpoint row holds its signing secret in clear, since signing needs it (README: move it to
/// Key Vault). Every filter is built with <see cref="TableClient.CreateQueryFilter(FormattableString)"/>.
/// </summary>
public sealed class TableWebhookStore(WebhookTables tables) : IWebhookStore
{
    public async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(string ministry, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var result = new List<WebhookEndpoint>();
        await foreach (var row in tables.Webhooks.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ministry}"), cancellationToken: cancellationToken))
        {
            result.Add(ToEndpoint(row));
        }

        return result.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<WebhookEndpoint?> GetAsync(string ministry, string id, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var row = await tables.Webhooks.GetEntityIfExistsAsync<TableEntity>(ministry, id, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is not null ? ToEndpoint(row.Value) : null;
    }

    public async Task AddAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        await tables.Webhooks.AddEntityAsync(FromEndpoint(endpoint), cancellationToken);
    }

    public async Task<WebhookWrite> ReplaceAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        try
        {
            await tables.Webhooks.UpdateEntityAsync(FromEndpoint(endpoint), endpoint.Version is { } v ? new ETag(v) : ETag.All, TableUpdateMode.Replace, cancellationToken);
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

    private static TableEntity FromEndpoint(WebhookEndpoint e) => new(e.Ministry, e.Id)
    {
        ["Url"] = e.Url,
        ["Secret"] = e.Secret,
        ["CreatedAt"] = e.CreatedAt,
        ["CreatedBy"] = e.CreatedBy,
        ["State"] = e.State == WebhookState.Paused ? "paused" : "active",
        ["FailingSince"] = e.FailingSince,
        ["LastError"] = e.LastError,
        ["LastErrorAt"] = e.LastErrorAt,
        ["LastSuccessAt"] = e.LastSuccessAt,
        ["PausedAt"] = e.PausedAt,
    };

    private static WebhookEndpoint ToEndpoint(TableEntity e) => new(
        e.RowKey,
        e.PartitionKey,
        e.GetString("Url") ?? string.Empty,
        e.GetString("Secret") ?? string.Empty,
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
