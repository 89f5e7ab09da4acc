using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.Meetings;

namespace Chantra.Azure.Storage;

/// <summary>
/// Sittings in Table Storage. Table <c>meetings</c>: one partition per sitting with the row
/// <c>state</c> (the whole sitting as JSON) and its outbox rows <c>outbox|{eventId}</c>, changed in
/// one transaction guarded by the state's ETag. Table <c>meetingindex</c>, kept by the outbox relay:
/// partition <c>list</c> (every sitting, row key = start time + id, so a date range is a key range),
/// <c>live</c> (sittings in session), <c>upcoming</c> (scheduled or postponed) and <c>byid</c> (each
/// sitting's fingerprint and list key, so a moved start time leaves no stale row behind).
/// </summary>
public sealed class TableMeetingStore(ChantraTables tables) : IMeetingStore, IMeetingCatalog
{
    internal const string StateRow = SubjectPartition.StateRow;
    internal const string OutboxPrefix = TableOutbox.Prefix;
    internal const string ListPartition = "list";
    internal const string LivePartition = "live";
    internal const string UpcomingPartition = "upcoming";
    internal const string ByIdPartition = "byid";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyDictionary<string, string>> GetFingerprintsAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        return await SubjectPartition.FingerprintsAsync(tables.MeetingIndex, ByIdPartition, cancellationToken);
    }

    async Task<StoredMeeting?> IMeetingStore.GetAsync(string meetingId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var (state, pending) = await SubjectPartition.ReadAsync(tables.Meetings, meetingId, cancellationToken);
        return state is null ? null : new StoredMeeting(ReadMeeting(state), pending, state.ETag.ToString());
    }

    public async Task<CommitOutcome> CommitAsync(MeetingChange change, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var state = WriteMeeting(new TableEntity(change.Meeting.Id, StateRow), change.Meeting);
        return await SubjectPartition.CommitAsync(tables.Meetings, state, change.ExpectedVersion, change.Events, cancellationToken);
    }

    public async Task CompleteOutboxAsync(string ownerId, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        await RefreshReadModelAsync(ownerId, cancellationToken);
        await TableOutbox.DeleteAsync(tables.Meetings, ownerId, eventIds, cancellationToken);
    }

    public async Task RefreshReadModelAsync(string meetingId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var state = await tables.Meetings.GetEntityIfExistsAsync<TableEntity>(meetingId, StateRow, cancellationToken: cancellationToken);
        if (!state.HasValue || state.Value is null)
        {
            return;
        }

        var meeting = ReadMeeting(state.Value);
        var listKey = ListKey(meeting);
        var byId = await tables.MeetingIndex.GetEntityIfExistsAsync<TableEntity>(ByIdPartition, meetingId, select: ["ListKey"], cancellationToken: cancellationToken);
        if (byId.HasValue && byId.Value?.GetString("ListKey") is { } oldKey && oldKey != listKey)
        {
            // The start time moved: the row under the old time must go, or the sitting would be listed twice.
            await TableRows.DeleteIfExistsAsync(tables.MeetingIndex, ListPartition, oldKey, cancellationToken);
            await TableRows.DeleteIfExistsAsync(tables.MeetingIndex, UpcomingPartition, oldKey, cancellationToken);
        }

        await tables.MeetingIndex.UpsertEntityAsync(WriteMeeting(new TableEntity(ListPartition, listKey), meeting), TableUpdateMode.Replace, cancellationToken);
        await SetMembershipAsync(LivePartition, listKey, meeting, meeting.LiveState == MeetingLiveState.InSession, cancellationToken);
        await SetMembershipAsync(UpcomingPartition, listKey, meeting, meeting.LiveState is MeetingLiveState.Scheduled or MeetingLiveState.Postponed, cancellationToken);
        await tables.MeetingIndex.UpsertEntityAsync(
            new TableEntity(ByIdPartition, meetingId) { ["ListKey"] = listKey, ["Fingerprint"] = meeting.Fingerprint },
            TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<PendingEvent>> GetPendingEventsAsync(DateTimeOffset writtenBefore, int max, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        return await TableOutbox.PendingAsync(tables.Meetings, writtenBefore, max, cancellationToken);
    }

    // --- read side -------------------------------------------------------------------------

    public async Task<MeetingListPage> QueryAsync(MeetingQuery query, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var filterKey = FilterKey(query);
        var lower = query.From is { } from ? TimeKey(BangkokMidnight(from)) : string.Empty;
        var upper = query.To is { } to ? TimeKey(BangkokMidnight(to.AddDays(1))) : "~";
        // A token carries the last key served (issued for these same filters, so it is past the lower bound).
        var filter = query.ContinuationToken is { } token
            ? TableClient.CreateQueryFilter($"PartitionKey eq {ListPartition} and RowKey gt {ContinuationTokens.Read(token, filterKey)} and RowKey lt {upper}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {ListPartition} and RowKey ge {lower} and RowKey lt {upper}");
        if (query.Body is { } body)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Body eq {body.ToWire()}");
        }

        var items = new List<(string RowKey, Meeting Meeting)>(query.PageSize + 1);
        await foreach (var row in tables.MeetingIndex.QueryAsync<TableEntity>(filter, maxPerPage: query.PageSize + 1, cancellationToken: cancellationToken))
        {
            items.Add((row.RowKey, ReadMeeting(row)));
            if (items.Count > query.PageSize)
            {
                break;
            }
        }

        var more = items.Count > query.PageSize;
        var page = items.Take(query.PageSize).ToList();
        return new MeetingListPage(page.Select(i => i.Meeting).ToList(), more ? ContinuationTokens.Write(page[^1].RowKey, filterKey) : null);
    }

    async Task<Meeting?> IMeetingCatalog.GetAsync(string meetingId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var state = await tables.Meetings.GetEntityIfExistsAsync<TableEntity>(meetingId, StateRow, cancellationToken: cancellationToken);
        return state.HasValue && state.Value is { } row ? ReadMeeting(row) : null;
    }

    public Task<IReadOnlyList<Meeting>> GetLiveAsync(CancellationToken cancellationToken) =>
        ReadPartitionAsync(LivePartition, 100, cancellationToken);

    public Task<IReadOnlyList<Meeting>> GetUpcomingAsync(int max, CancellationToken cancellationToken) =>
        ReadPartitionAsync(UpcomingPartition, max, cancellationToken);

    private async Task<IReadOnlyList<Meeting>> ReadPartitionAsync(string partition, int max, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var result = new List<Meeting>();
        await foreach (var row in tables.MeetingIndex.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), maxPerPage: max, cancellationToken: cancellationToken))
        {
            result.Add(ReadMeeting(row));
            if (result.Count >= max)
            {
                break;
            }
        }

        return result;
    }

    // --- mapping ---------------------------------------------------------------------------

    private async Task SetMembershipAsync(string partition, string key, Meeting meeting, bool member, CancellationToken cancellationToken)
    {
        if (member)
        {
            await tables.MeetingIndex.UpsertEntityAsync(WriteMeeting(new TableEntity(partition, key), meeting), TableUpdateMode.Replace, cancellationToken);
        }
        else
        {
            await TableRows.DeleteIfExistsAsync(tables.MeetingIndex, partition, key, cancellationToken);
        }
    }

    /// <summary>Start time (UTC ticks, fixed width, so key order is time order) and id.</summary>
    internal static string ListKey(Meeting m) => TimeKey(m.Start) + "|" + m.Id;

    private static string TimeKey(DateTimeOffset t) => t.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    private static DateTimeOffset BangkokMidnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), Domain.Text.ThaiText.BangkokOffset);

    private static TableEntity WriteMeeting(TableEntity e, Meeting m)
    {
        e["MeetingId"] = m.Id;
        e["Body"] = m.Body.ToWire();
        e["Start"] = m.Start;
        e["LiveState"] = m.LiveState.ToWire();
        e["Fingerprint"] = m.Fingerprint;
        JsonColumns.Write(e, m, Json);
        return e;
    }

    private static Meeting ReadMeeting(TableEntity e)
    {
        return JsonColumns.Read<Meeting>(e, Json);
    }

    private static string FilterKey(MeetingQuery q)
    {
        var text = string.Join('\u001F', q.From?.ToString("O", CultureInfo.InvariantCulture), q.To?.ToString("O", CultureInfo.InvariantCulture),
            q.Body?.ToWire(), q.PageSize.ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
    }
}
