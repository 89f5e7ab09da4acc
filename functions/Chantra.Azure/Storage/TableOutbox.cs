using Azure;
using Azure.Data.Tables;
using Chantra.Domain.Events;

namespace Chantra.Azure.Storage;

/// <summary>
/// The outbox rows every subject's partition keeps next to its state (bills, meetings, news,
/// complaints): <c>outbox|{eventId}</c> with the event's JSON and when it was written. One place
/// for how they are added (inside the subject's transaction), completed and found by the sweeper.
/// </summary>
internal static class TableOutbox
{
    public const string Prefix = "outbox|";
    private const string End = "outbox}"; // '}' sorts right after '|'

    /// <summary>The row's id, when <paramref name="rowKey"/> is an outbox row.</summary>
    public static bool TryEventId(string rowKey, out string eventId)
    {
        var isOutbox = rowKey.StartsWith(Prefix, StringComparison.Ordinal);
        eventId = isOutbox ? rowKey[Prefix.Length..] : string.Empty;
        return isOutbox;
    }

    /// <summary>The insert of one event's row, for the subject's transaction.</summary>
    public static TableTransactionAction Add(string partition, CloudEvent e) =>
        new(TableTransactionActionType.Add, new TableEntity(partition, Prefix + e.Id)
        {
            ["EventType"] = e.Type,
            ["EventJson"] = e.ToJson(),
            ["WrittenAt"] = e.Time,
        });

    /// <summary>Removes published rows in one batch; when someone removed some already, the rest one by one.</summary>
    public static async Task DeleteAsync(TableClient table, string partition, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        if (eventIds.Count == 0)
        {
            return;
        }

        await TableRows.DeleteAllAsync(table, partition, eventIds.Select(e => Prefix + e).ToList(), cancellationToken);
    }

    /// <summary>Rows written before <paramref name="writtenBefore"/>: a scan bounded to the outbox key range of
    /// every partition — a timer's job, never a request's.</summary>
    public static async Task<IReadOnlyList<PendingEvent>> PendingAsync(TableClient table, DateTimeOffset writtenBefore, int max, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey gt {Prefix} and RowKey lt {End} and WrittenAt le {writtenBefore}");
        var result = new List<PendingEvent>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            result.Add(new PendingEvent(row.PartitionKey, CloudEvent.Parse(row.GetString("EventJson"))));
            if (result.Count >= max)
            {
                break;
            }
        }

        return result;
    }
}

/// <summary>Row helpers the stores share.</summary>
internal static class TableRows
{
    /// <summary>Deletes rows of one partition in batches (100 a transaction); when someone removed some already, that batch one by one.</summary>
    public static async Task DeleteAllAsync(TableClient table, string partition, IReadOnlyList<string> rowKeys, CancellationToken cancellationToken)
    {
        foreach (var chunk in rowKeys.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, k), ETag.All)), cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                foreach (var key in chunk)
                {
                    await DeleteIfExistsAsync(table, partition, key, cancellationToken);
                }
            }
        }
    }

    /// <summary>Deletes a row that may already be gone (that is what we wanted).</summary>
    public static async Task DeleteIfExistsAsync(TableClient table, string partition, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partition, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone.
        }
    }
}
