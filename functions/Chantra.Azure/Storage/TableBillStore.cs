using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.Push;
using Chantra.Domain.Text;

namespace Chantra.Azure.Storage;

/// <summary>
/// Bills in Table Storage. Table <c>bills</c>: one partition per bill holding the row <c>state</c>,
/// the timeline rows <c>step|00000</c>… and the outbox rows <c>outbox|{eventId}</c>, so that a
/// change is one entity-group transaction guarded by the state's ETag; and, when staff set the
/// responsible ministry, the row <c>ministry-override</c>, which the scrape never writes and
/// reads prefer to the source's ministry (TableBillMinistryStore). Table <c>billindex</c>:
/// the read model of the list, one row per bill in one partition, kept by the outbox relay.
/// Every filter is built with <see cref="TableClient.CreateQueryFilter(FormattableString)"/>.
/// </summary>
public sealed class TableBillStore(ChantraTables tables) : IBillStore, IBillCatalog
{
    internal const string StateRow = "state";
    internal const string StepPrefix = "step|";
    internal const string OutboxPrefix = TableOutbox.Prefix;
    internal const string MinistryOverrideRow = "ministry-override";
    internal const string IndexPartition = "bills";
    private const int MaxBatch = 100;

    public async Task<IReadOnlyDictionary<string, string>> GetFingerprintsAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = tables.BillIndex.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {IndexPartition}"),
            maxPerPage: 1000, select: ["BillId", "Fingerprint"], cancellationToken: cancellationToken);
        await foreach (var row in rows)
        {
            if (row.GetString("BillId") is { } id && row.GetString("Fingerprint") is { } fp)
            {
                result[id] = fp;
            }
        }

        return result;
    }

    public async Task<StoredBill?> GetAsync(string billId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        TableEntity? state = null;
        string? ministryOverride = null;
        var steps = new List<TimelineStep>();
        var pending = new List<string>();
        var rows = tables.Bills.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {billId}"), maxPerPage: 1000, cancellationToken: cancellationToken);
        await foreach (var row in rows)
        {
            if (row.RowKey == StateRow)
            {
                state = row;
            }
            else if (row.RowKey == MinistryOverrideRow)
            {
                ministryOverride = row.GetString("Ministry");
            }
            else if (row.RowKey.StartsWith(StepPrefix, StringComparison.Ordinal))
            {
                steps.Add(ToStep(row));
            }
            else if (row.RowKey.StartsWith(OutboxPrefix, StringComparison.Ordinal))
            {
                pending.Add(row.RowKey[OutboxPrefix.Length..]);
            }
        }

        if (state is null)
        {
            return null;
        }

        steps.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return new StoredBill(WithOverride(ToState(state), ministryOverride), steps, pending, state.ETag.ToString(), ministryOverride);
    }

    public async Task<CommitOutcome> CommitAsync(BillChange change, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var id = change.State.Id;
        var actions = new List<TableTransactionAction>(1 + change.NewSteps.Count + change.Events.Count);
        var state = FromState(change.State);
        actions.Add(change.ExpectedVersion is null
            ? new TableTransactionAction(TableTransactionActionType.Add, state)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, state, new ETag(change.ExpectedVersion)));
        actions.AddRange(change.NewSteps.Select(s => new TableTransactionAction(TableTransactionActionType.Add, FromStep(id, s))));
        actions.AddRange(change.Events.Select(e => TableOutbox.Add(id, e)));

        if (actions.Count > MaxBatch)
        {
            // An entity-group transaction holds at most 100 actions; a source that reports this many
            // new steps at once for one bill is broken, and half a change must never be written.
            throw new InvalidOperationException($"Bill {id}: {actions.Count} rows in one change exceed one transaction.");
        }

        try
        {
            await tables.Bills.SubmitTransactionAsync(actions, cancellationToken);
            return CommitOutcome.Committed;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return CommitOutcome.Conflict;
        }
    }

    public async Task CompleteOutboxAsync(string billId, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        await RefreshReadModelAsync(billId, cancellationToken);
        await TableOutbox.DeleteAsync(tables.Bills, billId, eventIds, cancellationToken);
    }

    public async Task RefreshReadModelAsync(string billId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();

        // The state and the staff-set ministry in one request (the override row is absent for most bills).
        TableEntity? state = null;
        string? ministryOverride = null;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {billId} and (RowKey eq {StateRow} or RowKey eq {MinistryOverrideRow})");
        await foreach (var row in tables.Bills.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey == StateRow)
            {
                state = row;
            }
            else
            {
                ministryOverride = row.GetString("Ministry");
            }
        }

        if (state is null)
        {
            return;
        }

        var bill = WithOverride(ToState(state), ministryOverride);
        var index = FromState(bill);
        index.PartitionKey = IndexPartition;
        index.RowKey = SortKey(bill.Id);
        index["BillId"] = bill.Id;
        index["SearchText"] = SearchText(bill);
        await tables.BillIndex.UpsertEntityAsync(index, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<PendingEvent>> GetPendingEventsAsync(DateTimeOffset writtenBefore, int max, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        return await TableOutbox.PendingAsync(tables.Bills, writtenBefore, max, cancellationToken);
    }

    public async Task<BillPage> QueryAsync(BillQuery query, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var filterKey = FilterKey(query);
        var after = query.ContinuationToken is null ? string.Empty : ContinuationTokens.Read(query.ContinuationToken, filterKey);

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {IndexPartition} and RowKey gt {after}");
        if (query.Stage is { } stage)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Stage eq {stage.ToWire()}");
        }

        if (query.Status is { } status)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {status.ToWire()}");
        }

        if (query.Ministry is { } ministry)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Ministry eq {ministry}");
        }

        if (query.UpdatedSince is { } since)
        {
            filter += " and " + TableClient.CreateQueryFilter($"UpdatedAt ge {since}");
        }

        // Free text cannot be filtered by Table Storage: it is matched here, over larger pages.
        var terms = string.IsNullOrWhiteSpace(query.Text)
            ? []
            : ThaiText.Normalize(query.Text).ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var pageSize = terms.Length == 0 ? query.PageSize + 1 : 1000;

        var items = new List<(string RowKey, BillState Bill)>(query.PageSize + 1);
        await foreach (var row in tables.BillIndex.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken))
        {
            var text = row.GetString("SearchText") ?? string.Empty;
            if (terms.Any(t => !text.Contains(t, StringComparison.Ordinal)))
            {
                continue;
            }

            items.Add((row.RowKey, ToState(row)));
            if (items.Count > query.PageSize)
            {
                break;
            }
        }

        var more = items.Count > query.PageSize;
        var page = items.Take(query.PageSize).ToList();
        return new BillPage(page.Select(i => i.Bill).ToList(), more ? ContinuationTokens.Write(page[^1].RowKey, filterKey) : null);
    }

    /// <summary>How many ids <see cref="FindExistingAsync"/> looks up one by one when the list does not have them (yet).</summary>
    public const int MaxUnlistedLookups = 5;

    public async Task<IReadOnlySet<string>> FindExistingAsync(IReadOnlyCollection<string> billIds, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var found = new HashSet<string>(StringComparer.Ordinal);

        // A handful of row keys per query keeps each filter short; every clause is built safely.
        foreach (var chunk in billIds.Distinct(StringComparer.Ordinal).Chunk(15))
        {
            var keys = string.Join(" or ", chunk.Select(id => TableClient.CreateQueryFilter($"RowKey eq {SortKey(id)}")));
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {IndexPartition}") + " and (" + keys + ")";
            await foreach (var row in tables.BillIndex.QueryAsync<TableEntity>(filter, select: ["BillId"], cancellationToken: cancellationToken))
            {
                if (row.GetString("BillId") is { } id)
                {
                    found.Add(id);
                }
            }
        }

        // The list's read model follows the outbox: a bill just committed (or whose publish failed and waits for the
        // sweeper) is readable already but not listed yet. Ask its own partition rather than refuse a bill we have;
        // a few at most, so a request naming many unknown ids costs a bounded number of reads.
        foreach (var id in billIds.Distinct(StringComparer.Ordinal).Where(id => !found.Contains(id) && PushTags.IsValidId(id)).Take(MaxUnlistedLookups))
        {
            var state = await tables.Bills.GetEntityIfExistsAsync<TableEntity>(id, StateRow, ["Title"], cancellationToken);
            if (state.HasValue)
            {
                found.Add(id);
            }
        }

        return found;
    }

    // --- mapping -------------------------------------------------------------------------

    /// <summary>Numeric ids sort as numbers (2 before 10); other ids after them, as text. ('#' is not allowed in a key.)</summary>
    internal static string SortKey(string billId) =>
        billId.Length <= 12 && billId.All(char.IsAsciiDigit) && billId[0] != '0' ? "0" + billId.PadLeft(12, '0') : "1" + billId;

    private static string SearchText(BillState b) =>
        ThaiText.Normalize($"{b.Title} {b.TitleEn} {b.Id} {b.Proposer}").ToLowerInvariant();

    // Staff know better than a source that names no ministry, or the wrong one.
    private static BillState WithOverride(BillState state, string? ministry) =>
        string.IsNullOrEmpty(ministry) ? state : state with { Ministry = ministry };

    private static TableEntity FromState(BillState s) => new(s.Id, StateRow)
    {
        ["Title"] = s.Title,
        ["TitleEn"] = s.TitleEn,
        ["Proposer"] = s.Proposer,
        ["Ministry"] = s.Ministry,
        ["SourceUrl"] = s.SourceUrl,
        ["Stage"] = s.Stage.ToWire(),
        ["Status"] = s.Status.ToWire(),
        ["StatusText"] = s.StatusText,
        ["StatusSince"] = DateText(s.StatusSince),
        ["UpdatedAt"] = s.UpdatedAt,
        ["StepCount"] = s.StepCount,
        ["Fingerprint"] = s.Fingerprint,
    };

    internal static BillState ToState(TableEntity e)
    {
        BillStageNames.TryParseStage(e.GetString("Stage"), out var stage);
        BillStageNames.TryParseStatus(e.GetString("Status"), out var status);
        return new BillState(
            e.GetString("BillId") ?? e.PartitionKey,
            e.GetString("Title") ?? string.Empty,
            e.GetString("TitleEn"),
            e.GetString("Proposer"),
            e.GetString("Ministry"),
            e.GetString("SourceUrl"),
            stage,
            status,
            e.GetString("StatusText") ?? string.Empty,
            ParseDate(e.GetString("StatusSince")),
            e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
            e.GetInt32("StepCount") ?? 0,
            e.GetString("Fingerprint") ?? string.Empty);
    }

    private static TableEntity FromStep(string billId, TimelineStep s)
    {
        var e = new TableEntity(billId, StepPrefix + s.Sequence.ToString("D5", CultureInfo.InvariantCulture))
        {
            ["Sequence"] = s.Sequence,
            ["Stage"] = s.Stage.ToWire(),
            ["Status"] = s.Status.ToWire(),
            ["StatusText"] = s.StatusText,
            ["OccurredOn"] = DateText(s.OccurredOn),
            ["ObservedAt"] = s.ObservedAt,
            ["SourceUrl"] = s.SourceUrl,
            ["Source"] = s.Source,
        };
        if (s.Vote is { } v)
        {
            e["VoteApprove"] = v.Approve;
            e["VoteDisapprove"] = v.Disapprove;
            e["VoteAbstain"] = v.Abstain;
            e["VoteAbsent"] = v.Absent;
            e["VotePassed"] = v.Passed;
            e["VoteMeeting"] = v.Meeting;
        }

        return e;
    }

    private static TimelineStep ToStep(TableEntity e)
    {
        BillStageNames.TryParseStage(e.GetString("Stage"), out var stage);
        BillStageNames.TryParseStatus(e.GetString("Status"), out var status);
        var vote = e.GetInt32("VoteApprove") is { } approve
            ? new VoteTally(approve, e.GetInt32("VoteDisapprove") ?? 0, e.GetInt32("VoteAbstain") ?? 0, e.GetInt32("VoteAbsent") ?? 0,
                e.GetBoolean("VotePassed") ?? false, e.GetString("VoteMeeting"))
            : null;
        return new TimelineStep(
            e.GetInt32("Sequence") ?? 0, stage, status, e.GetString("StatusText") ?? string.Empty,
            ParseDate(e.GetString("OccurredOn")), e.GetDateTimeOffset("ObservedAt") ?? DateTimeOffset.MinValue,
            e.GetString("SourceUrl"), vote, e.GetString("Source"));
    }

    private static string? DateText(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? ParseDate(string? s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;


    // The filters a continuation token is bound to.
    private static string FilterKey(BillQuery q)
    {
        var text = string.Join('\u001F', q.Stage?.ToWire(), q.Status?.ToWire(), q.Ministry, ThaiText.Normalize(q.Text),
            q.UpdatedSince?.UtcTicks.ToString(CultureInfo.InvariantCulture), q.PageSize.ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
    }
}
