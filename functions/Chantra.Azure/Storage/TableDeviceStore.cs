using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Chantra.Domain.Devices;

namespace Chantra.Azure.Storage;

/// <summary>
/// Devices in table <c>devices</c>: one partition per installation, row <c>device</c>. Kept: platform,
/// language, follows, the complaints filed from it (tracking ids), the hash of the device secret.
/// Not kept: the push channel (only the hub has it).
/// </summary>
public sealed class TableDeviceStore(ChantraTables tables) : IDeviceStore
{
    private const string Row = "device";

    public async Task<DeviceRecord?> GetAsync(string installationId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var e = await tables.Devices.GetEntityIfExistsAsync<TableEntity>(installationId, Row, cancellationToken: cancellationToken);
        return e.HasValue && e.Value is { } row ? ToRecord(row) : null;
    }

    public async Task<DeviceWrite> AddAsync(DeviceRecord device, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        try
        {
            await tables.Devices.AddEntityAsync(ToEntity(device), cancellationToken);
            return DeviceWrite.Written;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return DeviceWrite.Conflict;
        }
    }

    public async Task<DeviceWrite> ReplaceAsync(DeviceRecord device, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        try
        {
            await tables.Devices.UpdateEntityAsync(ToEntity(device), new ETag(device.Version ?? throw new ArgumentException("A stored device has a version.", nameof(device))), TableUpdateMode.Replace, cancellationToken);
            return DeviceWrite.Written;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return DeviceWrite.Conflict;
        }
    }

    public async Task DeleteAsync(string installationId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        try
        {
            await tables.Devices.DeleteEntityAsync(installationId, Row, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone.
        }
    }

    public async IAsyncEnumerable<string> ListIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        await foreach (var row in tables.Devices.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {Row}"), maxPerPage: 1000, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            yield return row.PartitionKey;
        }
    }

    private static TableEntity ToEntity(DeviceRecord d) => new(d.InstallationId, Row)
    {
        ["Platform"] = d.Platform.ToString(),
        ["Language"] = d.Language,
        ["Follows"] = JsonSerializer.Serialize(d.Follows),
        ["SecretHash"] = d.SecretHash,
        ["CreatedAt"] = d.CreatedAt,
        ["UpdatedAt"] = d.UpdatedAt,
        ["Complaints"] = d.Complaints.Count == 0 ? null : JsonSerializer.Serialize(d.Complaints),
    };

    private static DeviceRecord ToRecord(TableEntity e) => new(
        e.PartitionKey,
        Enum.TryParse<DevicePlatform>(e.GetString("Platform"), out var p) ? p : DevicePlatform.FcmV1,
        e.GetString("Language") ?? "th",
        JsonSerializer.Deserialize<DeviceFollows>(e.GetString("Follows") ?? "null") ?? DeviceFollows.None,
        e.GetString("SecretHash") ?? string.Empty,
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
        e.ETag.ToString())
    {
        Complaints = e.GetString("Complaints") is { } complaints ? JsonSerializer.Deserialize<List<string>>(complaints) ?? [] : [],
    };
}
