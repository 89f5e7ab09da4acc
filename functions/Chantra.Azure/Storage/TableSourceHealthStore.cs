using Azure.Data.Tables;
using Chantra.Domain.Sources;

namespace Chantra.Azure.Storage;

/// <summary>Source health in table <c>sources</c>: one row per source, merged on every pass.</summary>
public sealed class TableSourceHealthStore(ChantraTables tables) : ISourceHealthStore
{
    private const string Partition = "sources";

    public async Task RecordSuccessAsync(string source, DateTimeOffset at, int itemCount, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        await tables.Sources.UpsertEntityAsync(new TableEntity(Partition, source)
        {
            ["Healthy"] = true,
            ["LastSuccessAt"] = at,
            ["LastItemCount"] = itemCount,
        }, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task RecordFailureAsync(string source, DateTimeOffset at, string error, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        await tables.Sources.UpsertEntityAsync(new TableEntity(Partition, source)
        {
            ["Healthy"] = false,
            ["LastFailureAt"] = at,
            ["LastError"] = error.Length > 1000 ? error[..1000] : error,
        }, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Read, add, write back guarded by the row's ETag (a concurrent writer makes us read again).</summary>
    public async Task AddCountsAsync(string source, SourceCounts counts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.IsZero)
        {
            return;
        }

        await tables.EnsureCreatedAsync();
        for (var attempt = 0; ; attempt++)
        {
            var got = await tables.Sources.GetEntityIfExistsAsync<TableEntity>(Partition, source, cancellationToken: cancellationToken);
            var row = got.HasValue && got.Value is { } e ? e : null;
            var entity = new TableEntity(Partition, source)
            {
                ["PagesFetched"] = (row?.GetInt64("PagesFetched") ?? 0) + counts.PagesFetched,
                ["PagesNotModified"] = (row?.GetInt64("PagesNotModified") ?? 0) + counts.PagesNotModified,
                ["PagesFailed"] = (row?.GetInt64("PagesFailed") ?? 0) + counts.PagesFailed,
                ["ItemsParsed"] = (row?.GetInt64("ItemsParsed") ?? 0) + counts.ItemsParsed,
            };
            try
            {
                if (row is null)
                {
                    await tables.Sources.AddEntityAsync(entity, cancellationToken);
                }
                else
                {
                    await tables.Sources.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Merge, cancellationToken);
                }

                return;
            }
            catch (global::Azure.RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 3)
            {
                // Another writer got there first: count again from its row.
            }
        }
    }

    /// <summary>One point read of the source's row.</summary>
    public async Task<int?> GetLastGoodCountAsync(string source, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var row = await tables.Sources.GetEntityIfExistsAsync<TableEntity>(Partition, source, ["LastSuccessAt", "LastItemCount"], cancellationToken);
        return row.HasValue && row.Value is { } e && e.GetDateTimeOffset("LastSuccessAt") is not null ? e.GetInt32("LastItemCount") : null;
    }

    public async Task<IReadOnlyList<SourceHealth>> GetAllAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var result = new List<SourceHealth>();
        await foreach (var e in tables.Sources.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            result.Add(new SourceHealth(e.RowKey, e.GetBoolean("Healthy") ?? false, e.GetDateTimeOffset("LastSuccessAt"),
                e.GetDateTimeOffset("LastFailureAt"), e.GetString("LastError"), e.GetInt32("LastItemCount") ?? 0,
                e.GetInt64("PagesFetched") ?? 0, e.GetInt64("PagesNotModified") ?? 0, e.GetInt64("PagesFailed") ?? 0, e.GetInt64("ItemsParsed") ?? 0));
        }

        return result;
    }
}
