using Azure;
using Azure.Data.Tables;
using Chantra.Domain.Bills;

namespace Chantra.Azure.Storage;

/// <summary>
/// The bill id of every source's bill, in table <c>billaliases</c>: one partition, row key = the
/// source key (<c>lis:12345</c>, <c>senate-lawdraft:6789</c>), column <c>BillId</c>. Rows are only ever
/// inserted: an id, once given, is a bill's for good.
/// </summary>
public sealed class TableBillIdentityStore : IBillIdentityStore
{
    public const string TableName = "billaliases";

    /// <summary>One partition: the whole map is one query (a few thousand rows a term).</summary>
    private const string Partition = "alias";

    /// <summary>Entity group transactions take at most 100 operations.</summary>
    private const int BatchSize = 100;

    private readonly TableClient _table;
    private readonly Lazy<Task> _created;

    /// <param name="suffix">Appended to the table name: keeps tests and benchmarks apart.</param>
    public TableBillIdentityStore(TableServiceClient service, string suffix = "")
    {
        ArgumentNullException.ThrowIfNull(service);
        _table = service.GetTableClient(TableName + suffix);
        _created = new Lazy<Task>(() => _table.CreateIfNotExistsAsync());
    }

    public async Task<IReadOnlyDictionary<string, string>> GetAliasesAsync(CancellationToken cancellationToken)
    {
        await _created.Value;
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, select: ["RowKey", "BillId"], cancellationToken: cancellationToken))
        {
            if (e.GetString("BillId") is { Length: > 0 } id)
            {
                aliases[e.RowKey] = id;
            }
        }

        return aliases;
    }

    /// <summary>Inserts the new aliases; one that another scrape inserted meanwhile fails the batch (409), so the caller re-reads.</summary>
    public async Task AddAliasesAsync(IReadOnlyDictionary<string, string> aliases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        await _created.Value;
        foreach (var chunk in aliases.Chunk(BatchSize))
        {
            var actions = chunk.Select(a => new TableTransactionAction(TableTransactionActionType.Add,
                new TableEntity(Partition, a.Key) { ["BillId"] = a.Value }));
            try
            {
                await _table.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                throw new BillIdentityConflictException(e);
            }
        }
    }
}
