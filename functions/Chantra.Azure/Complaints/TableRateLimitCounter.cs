using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Chantra.Azure.Storage;
using Chantra.Domain.Complaints;

namespace Chantra.Azure.Complaints;

/// <summary>
/// Fixed-window counters in table <c>counters</c>: partition = the counter's key (scope, keyed hash,
/// window length), row = the window's start. An increment is a read and an ETag-guarded write (or an
/// add for the window's first hit), retried when another instance wrote in between, so no hit is lost.
/// </summary>
public sealed class TableRateLimitCounter(ChantraTables tables) : IRateLimitCounter
{
    private const int MaxAttempts = 10;

    public async Task<long> IncrementAsync(string key, DateTimeOffset windowStart, TimeSpan window, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var row = windowStart.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await tables.Counters.GetEntityIfExistsAsync<TableEntity>(key, row, cancellationToken: cancellationToken);
            try
            {
                if (!existing.HasValue || existing.Value is null)
                {
                    await tables.Counters.AddEntityAsync(new TableEntity(key, row) { ["Count"] = 1L, ["WindowEnd"] = windowStart + window }, cancellationToken);
                    return 1;
                }

                var entity = existing.Value;
                var count = (entity.GetInt64("Count") ?? 0) + 1;
                entity["Count"] = count;
                await tables.Counters.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return count;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another hit counted first: read again.
            }
        }

        // A counter this contended is being flooded: count it as over any limit.
        return long.MaxValue;
    }

    public async Task<int> DeleteExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();

        // A scan of the whole (small, short-lived) table: the retention timer's job, never a request's.
        var expired = new List<(string Pk, string Rk)>();
        await foreach (var row in tables.Counters.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"WindowEnd lt {before}"),
            maxPerPage: 1000, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            expired.Add((row.PartitionKey, row.RowKey));
        }

        foreach (var (pk, rk) in expired)
        {
            try
            {
                await tables.Counters.DeleteEntityAsync(pk, rk, ETag.All, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Already gone.
            }
        }

        return expired.Count;
    }
}
