using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;

namespace Chantra.Azure.Storage;

/// <summary>
/// What the stores of whole-document subjects (meetings, news) share: one partition per subject
/// with a <c>state</c> row and outbox rows changed in one version-guarded transaction, and a
/// <c>byid</c> index partition holding each subject's fingerprint.
/// </summary>
internal static class SubjectPartition
{
    public const string StateRow = "state";

    /// <summary>Every subject's fingerprint from the index's by-id partition (one query; lets a scrape skip unchanged subjects).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> FingerprintsAsync(TableClient index, string byIdPartition, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = index.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {byIdPartition}"), maxPerPage: 1000, select: ["RowKey", "Fingerprint"], cancellationToken: cancellationToken);
        await foreach (var row in rows)
        {
            if (row.GetString("Fingerprint") is { } fp)
            {
                result[row.RowKey] = fp;
            }
        }

        return result;
    }

    /// <summary>The subject's state row (null when it does not exist) and the ids of its unpublished events, in one query.</summary>
    public static async Task<(TableEntity? State, IReadOnlyList<string> Pending)> ReadAsync(TableClient table, string subjectId, CancellationToken cancellationToken)
    {
        TableEntity? state = null;
        var pending = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {subjectId}"), cancellationToken: cancellationToken))
        {
            if (row.RowKey == StateRow)
            {
                state = row;
            }
            else if (TableOutbox.TryEventId(row.RowKey, out var eventId))
            {
                pending.Add(eventId);
            }
        }

        return (state, pending);
    }

    /// <summary>Writes the state (added when <paramref name="expectedVersion"/> is null, else replaced if still at that
    /// version) and the events' outbox rows in one transaction; a lost race is a <see cref="CommitOutcome.Conflict"/>.</summary>
    public static async Task<CommitOutcome> CommitAsync(TableClient table, TableEntity state, string? expectedVersion, IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>(1 + events.Count)
        {
            expectedVersion is null
                ? new TableTransactionAction(TableTransactionActionType.Add, state)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, state, new ETag(expectedVersion)),
        };
        actions.AddRange(events.Select(e => TableOutbox.Add(state.PartitionKey, e)));
        if (actions.Count > 100)
        {
            // One transaction holds 100 rows; a source reporting this much at once is broken, and half a change is never written.
            throw new InvalidOperationException($"{state.PartitionKey}: {actions.Count} rows in one change exceed one transaction.");
        }

        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return CommitOutcome.Committed;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return CommitOutcome.Conflict;
        }
    }
}

/// <summary>
/// A document kept as JSON in an entity. A string property holds at most 64 KiB (32 K UTF-16
/// characters), so long documents (a sitting's agenda) are cut into columns <c>Json0…</c>.
/// </summary>
internal static class JsonColumns
{
    private const int Chunk = 30_000;
    private const int MaxChunks = 30; // 900 K characters: far past any document here, under the 1 MiB entity limit

    public static void Write<T>(TableEntity entity, T value, JsonSerializerOptions options)
    {
        var json = JsonSerializer.Serialize(value, options);
        var chunks = (json.Length + Chunk - 1) / Chunk;
        if (chunks > MaxChunks)
        {
            throw new InvalidOperationException($"{entity.PartitionKey}/{entity.RowKey} is {json.Length} characters long; more than one entity can hold.");
        }

        entity["JsonChunks"] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            entity["Json" + i.ToString(CultureInfo.InvariantCulture)] = json.Substring(i * Chunk, Math.Min(Chunk, json.Length - (i * Chunk)));
        }
    }

    public static T Read<T>(TableEntity entity, JsonSerializerOptions options)
    {
        var chunks = entity.GetInt32("JsonChunks") ?? 0;
        var sb = new StringBuilder();
        for (var i = 0; i < chunks; i++)
        {
            sb.Append(entity.GetString("Json" + i.ToString(CultureInfo.InvariantCulture)));
        }

        return JsonSerializer.Deserialize<T>(sb.ToString(), options)
            ?? throw new InvalidOperationException($"Row {entity.PartitionKey}/{entity.RowKey} holds no {typeof(T).Name}.");
    }
}
