using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Chantra.Domain.Events;

namespace Chantra.Azure.Storage;

/// <summary>
/// The change log in Table Storage: table <c>changes</c>, one partition <c>log</c>, so that an event's
/// rows are written in one transaction and its dedupe row can never exist without its log row:
/// <list type="bullet">
/// <item><c>{ticks:D19}|{eventId}</c>: the event, by when it was appended (UTC ticks, fixed width, so key
/// order is append order); what <c>GET /api/v1/changes</c> reads, after a cursor.</item>
/// <item><c>id|{eventId}</c>: added in the same transaction; a second append of the event fails on it (409)
/// and is skipped, so a republish never logs an event twice.</item>
/// <item><c>stream|{stream}|{inverted ticks:D19}|{eventId}</c>: the event again in each of its streams
/// (<see cref="ChangeStreams"/>), newest first, for the Atom feeds.</item>
/// </list>
/// One partition takes a few hundred writes a second, far above what the scrapers produce; past that,
/// partition by day and carry the day in the cursor.
/// </summary>
public sealed partial class TableChangeLog : IChangeLog
{
    public const string TableName = "changes";

    internal const string Partition = "log";
    private const string IdPrefix = "id|";
    private const string StreamPrefix = "stream|";
    private const int MaxTransactionRows = 100;
    private const int JsonChunk = 30_000;
    private const int MaxChunks = 30;

    /// <summary>The cursor of the very start: before every log key.</summary>
    private static readonly string StartKey = new('0', 19);

    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly ChangeLogOptions _options;
    private readonly Lazy<Task> _created;
    private readonly Lock _clock = new();
    private long _lastTicks;

    /// <param name="table">The <c>changes</c> table (created on first use when missing).</param>
    public TableChangeLog(TableClient table, TimeProvider time, ChangeLogOptions options)
    {
        if (options.SettleWindow <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SettleWindow, "ChangeLog:SettleWindow must be more than zero.");
        }

        _table = table;
        _time = time;
        _options = options;
        _created = new Lazy<Task>(() => table.CreateIfNotExistsAsync());
    }

    /// <summary>What a key may hold of an event id as it is; other ids are keyed by a hash.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_.:@\-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainId();

    /// <summary>A log key: 19 digits, '|', a key-safe id.</summary>
    [GeneratedRegex(@"^[0-9]{19}(?:\|[A-Za-z0-9_.:@\-]{1,100})?$", RegexOptions.CultureInvariant)]
    private static partial Regex LogKey();

    public async Task<int> AppendAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        await _created.Value;
        var appended = 0;
        foreach (var group in Transactions(events.DistinctBy(e => e.Id, StringComparer.Ordinal)))
        {
            appended += await SubmitAsync(group, cancellationToken);
        }

        return appended;
    }

    public async Task<ChangePage> ReadAsync(string? cursor, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var after = cursor is null ? StartKey : ReadCursor(cursor);
        await _created.Value;

        // Only rows stamped before now − settle window: a row stamped earlier but not written yet can still
        // arrive above the last key served, never below it.
        var settled = (_time.GetUtcNow() - _options.SettleWindow).UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {after} and RowKey lt {settled} and Public eq {true}");
        var rows = new List<(string Key, CloudEvent Event)>(max + 1);
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max + 1, 1000), cancellationToken: cancellationToken))
        {
            rows.Add((row.RowKey, ReadEvent(row)));
            if (rows.Count > max)
            {
                break;
            }
        }

        var page = rows.Take(max).ToList();
        var last = page.Count > 0 ? page[^1].Key : after;
        return new ChangePage(page.Select(r => r.Event).ToList(), WriteCursor(last), rows.Count > max);
    }

    public async Task<IReadOnlyList<CloudEvent>> ReadLatestAsync(string stream, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await _created.Value;
        var prefix = StreamPrefix + stream + "|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {prefix} and RowKey lt {StreamPrefix + stream + "}"}");
        var result = new List<CloudEvent>(max);
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            result.Add(ReadEvent(row));
            if (result.Count >= max)
            {
                break;
            }
        }

        return result;
    }

    // --- writing ---------------------------------------------------------------------------

    /// <summary>
    /// Writes a group of events in one transaction, stamped just before (so the settle window runs from
    /// the write, not from the start of a long append). A write slower than half the settle window is
    /// abandoned, so that a row never lands after a reader has passed its place: the events stay in their
    /// outbox and are appended again with a fresh stamp. Returns how many were new.
    /// </summary>
    private async Task<int> SubmitAsync(IReadOnlyList<CloudEvent> group, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.SettleWindow / 2);
        try
        {
            await _table.SubmitTransactionAsync(Stamp(group), deadline.Token);
            return group.Count;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            if (group.Count == 1)
            {
                return 0; // Already logged: a republish.
            }

            // One of them is already logged: find out which, one event at a time.
            var appended = 0;
            foreach (var one in group)
            {
                appended += await SubmitAsync([one], cancellationToken);
            }

            return appended;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Appending {group.Count} events to the change log took longer than {(_options.SettleWindow / 2).TotalSeconds} s; they stay in the outbox for a retry.");
        }
    }

    /// <summary>
    /// The rows that log the events: for each, the dedupe row first, the log row, and a row per stream. Each
    /// event gets a stamp later than every stamp this instance gave before (the clock may stand still or
    /// step back), one tick apart, so the list order is the key order.
    /// </summary>
    private List<TableTransactionAction> Stamp(IReadOnlyList<CloudEvent> events)
    {
        long first;
        lock (_clock)
        {
            first = Math.Max(_time.GetUtcNow().UtcTicks, _lastTicks + 1);
            _lastTicks = first + events.Count - 1;
        }

        var rows = new List<TableTransactionAction>(events.Count * 3);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var ticks = first + i;
            var id = KeyOf(e.Id);
            var isPublic = ChangeStreams.IsPublic(e);
            rows.Add(new(TableTransactionActionType.Add, new TableEntity(Partition, IdPrefix + id) { ["LogKey"] = LogRow(ticks, id), ["EventId"] = e.Id }));
            rows.Add(new(TableTransactionActionType.Add, WriteEvent(new TableEntity(Partition, LogRow(ticks, id)), e, isPublic)));
            if (isPublic)
            {
                var inverted = (DateTimeOffset.MaxValue.UtcTicks - ticks).ToString("D19", CultureInfo.InvariantCulture);
                rows.AddRange(ChangeStreams.Of(e).Select(s =>
                    new TableTransactionAction(TableTransactionActionType.Add, WriteEvent(new TableEntity(Partition, $"{StreamPrefix}{s}|{inverted}|{id}"), e, isPublic))));
            }
        }

        return rows;
    }

    /// <summary>How many rows log an event.</summary>
    private static int RowsOf(CloudEvent e) => 2 + (ChangeStreams.IsPublic(e) ? ChangeStreams.Of(e).Count : 0);

    /// <summary>Consecutive events in transactions of at most 100 rows, an event's rows never split.</summary>
    private static IEnumerable<List<CloudEvent>> Transactions(IEnumerable<CloudEvent> events)
    {
        var group = new List<CloudEvent>();
        var rows = 0;
        foreach (var e in events)
        {
            var n = RowsOf(e);
            if (group.Count > 0 && rows + n > MaxTransactionRows)
            {
                yield return group;
                group = [];
                rows = 0;
            }

            group.Add(e);
            rows += n;
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }

    private static string LogRow(long ticks, string id) => ticks.ToString("D19", CultureInfo.InvariantCulture) + "|" + id;

    /// <summary>The event id as a key part: as it is when it is key-safe, else a hash of it.</summary>
    private static string KeyOf(string eventId) =>
        PlainId().IsMatch(eventId) ? eventId : "h-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)).AsSpan(0, 16));

    private static TableEntity WriteEvent(TableEntity e, CloudEvent ev, bool isPublic)
    {
        e["EventId"] = ev.Id;
        e["EventType"] = ev.Type;
        e["Subject"] = ev.Subject;
        e["Public"] = isPublic;
        var json = ev.ToJson();
        var chunks = (json.Length + JsonChunk - 1) / JsonChunk;
        if (chunks > MaxChunks)
        {
            throw new InvalidOperationException($"Event {ev.Id} is {json.Length} characters long; more than one entity can hold.");
        }

        e["JsonChunks"] = chunks;
        for (var c = 0; c < chunks; c++)
        {
            e["Json" + c.ToString(CultureInfo.InvariantCulture)] = json.Substring(c * JsonChunk, Math.Min(JsonChunk, json.Length - (c * JsonChunk)));
        }

        return e;
    }

    private static CloudEvent ReadEvent(TableEntity e)
    {
        var chunks = e.GetInt32("JsonChunks") ?? 0;
        var sb = new StringBuilder();
        for (var c = 0; c < chunks; c++)
        {
            sb.Append(e.GetString("Json" + c.ToString(CultureInfo.InvariantCulture)));
        }

        return CloudEvent.Parse(sb.ToString());
    }

    // --- cursors ---------------------------------------------------------------------------

    /// <summary>A cursor: base64url of "c1|" and the last log key served. Opaque to clients; checked on the way back.</summary>
    internal static string WriteCursor(string logKey) =>
        System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes("c1|" + logKey));

    internal static string ReadCursor(string cursor)
    {
        string text;
        try
        {
            text = cursor.Length is > 0 and <= 256
                ? Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(cursor))
                : throw new FormatException("Empty or too long.");
        }
        catch (FormatException)
        {
            throw new InvalidChangeCursorException("The cursor is not one this API issued.");
        }

        if (!text.StartsWith("c1|", StringComparison.Ordinal) || !LogKey().IsMatch(text[3..]))
        {
            throw new InvalidChangeCursorException("The cursor is not one this API issued.");
        }

        return text[3..];
    }
}
