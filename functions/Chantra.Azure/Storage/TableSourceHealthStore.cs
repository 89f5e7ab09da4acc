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

    public async Task<IReadOnlyList<SourceHealth>> GetAllAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var result = new List<SourceHealth>();
        await foreach (var e in tables.Sources.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            result.Add(new SourceHealth(e.RowKey, e.GetBoolean("Healthy") ?? false, e.GetDateTimeOffset("LastSuccessAt"),
                e.GetDateTimeOffset("LastFailureAt"), e.GetString("LastError"), e.GetInt32("LastItemCount") ?? 0));
        }

        return result;
    }
}
