using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chantra.Domain.Events;
using Chantra.Domain.Text;

namespace Chantra.Domain.Meetings;

/// <summary>Why a <see cref="EventTypes.MeetingUpdated"/> event was raised (its <c>data.reason</c>).</summary>
public static class MeetingUpdateReasons
{
    public const string Postponed = "postponed";
    public const string Cancelled = "cancelled";
    public const string Rescheduled = "rescheduled";

    /// <summary>Agenda text, documents, place or links changed: no push.</summary>
    public const string Details = "details";

    /// <summary>A sitting first seen when it was already over (an archive load): recorded, not pushed.</summary>
    public const string Archived = "archived";
}

/// <summary>
/// Turns what a source sees of a sitting into the sitting we store, and compares it with what we
/// stored: the events to raise (started, item changed, vote recorded, ended, …) with ids that
/// depend only on the sitting and the change, so two overlapping scrapes compute the same events
/// and the store's version check lets one of them land. Pure apart from the time it is given.
/// </summary>
public sealed class MeetingChangeDetector
{
    /// <summary>The sitting as we keep it: agenda items and votes linked to the bills they name.</summary>
    public static Meeting Build(MeetingSnapshot s, AgendaBillMatcher bills, DateTimeOffset now)
    {
        var page = s.Page;
        var agenda = page.AgendaItems
            .Select((item, i) => new MeetingAgendaEntry(i, item.Number, item.Heading, item.Title, bills.Match(item.Title)))
            .ToList();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var votes = new List<MeetingVoteResult>(s.Votes.Count);
        foreach (var (vote, i) in s.Votes.Select((v, i) => (v, i)))
        {
            // A sheet's address identifies it; sheets without one are told apart by label and position.
            var key = vote.PdfUrl?.AbsoluteUri ?? $"{vote.Label}#{i}";
            if (!keys.Add(key))
            {
                key = $"{key}#{i}";
                keys.Add(key);
            }

            var billId = bills.Match(vote.Title);
            votes.Add(new MeetingVoteResult(key, vote.Title, vote.Section, vote.Reading, null, null, null, null, vote.PdfUrl, billId, AgendaIndexOf(agenda, vote, billId)));
        }

        var current = s.LiveState == MeetingLiveState.InSession && s.CurrentItem is { } c && c >= 0 && c < agenda.Count ? c : (int?)null;
        var meeting = new Meeting(
            s.Id, page.Body, page.Term, page.Year, page.BuddhistEraYear, page.Session, page.SessionKind, page.SittingNumber, page.Special,
            page.SittingLine, page.Start, page.End, page.TimesGiven, s.Place, s.LiveStreamUrl, s.SourceUrl,
            s.LiveState, current, agenda, votes, page.Documents, now, string.Empty);
        return meeting with { Fingerprint = Fingerprint(meeting) };
    }

    /// <summary>A hash of everything we keep of a sitting except when we saw it: equal hashes mean nothing to do.</summary>
    public static string Fingerprint(Meeting m)
    {
        var json = JsonSerializer.Serialize(m with { UpdatedAt = default, Fingerprint = string.Empty });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)).AsSpan(0, 16));
    }

    /// <summary>The change to write, or null when the stored sitting already says it all.</summary>
    public MeetingChange? Detect(StoredMeeting? stored, Meeting seen)
    {
        var before = stored?.Meeting;
        if (before is not null && before.Fingerprint == seen.Fingerprint)
        {
            return null;
        }

        var subject = "meetings/" + seen.Id;
        var events = new List<CloudEvent>();
        void Raise(string type, string key, JsonObject data) =>
            events.Add(new CloudEvent(CloudEvent.DeterministicId(subject, type, key), EventTypes.Source, type, subject, seen.UpdatedAt, data));

        var wasLive = before?.LiveState == MeetingLiveState.InSession;
        var isLive = seen.LiveState == MeetingLiveState.InSession;

        if (before is null && seen.LiveState == MeetingLiveState.Adjourned)
        {
            // Already over when first seen (an archive, or the scraper was down all day): on record, but no push about the past.
            Raise(EventTypes.MeetingUpdated, MeetingUpdateReasons.Archived, Data(seen, MeetingUpdateReasons.Archived));
            return new MeetingChange(seen, events, stored?.Version);
        }

        if (before is null && seen.LiveState is MeetingLiveState.Scheduled or MeetingLiveState.Postponed)
        {
            Raise(EventTypes.MeetingScheduled, "scheduled", Data(seen));
        }

        if (before is not null && seen.LiveState is MeetingLiveState.Postponed or MeetingLiveState.Cancelled && before.LiveState != seen.LiveState)
        {
            var reason = seen.LiveState == MeetingLiveState.Postponed ? MeetingUpdateReasons.Postponed : MeetingUpdateReasons.Cancelled;
            Raise(EventTypes.MeetingUpdated, reason + "|" + Times(seen), Data(seen, reason));
        }
        else if (before is not null && before.LiveState is MeetingLiveState.Scheduled or MeetingLiveState.Postponed
                 && seen.LiveState is MeetingLiveState.Scheduled or MeetingLiveState.Postponed && Times(before) != Times(seen))
        {
            Raise(EventTypes.MeetingUpdated, MeetingUpdateReasons.Rescheduled + "|" + Times(seen), Data(seen, MeetingUpdateReasons.Rescheduled));
        }

        if (isLive && !wasLive)
        {
            Raise(EventTypes.MeetingStarted, "started", WithItem(Data(seen), seen.CurrentAgendaItem));
        }

        // Votes before the item change: a vote belongs to the item that just left the floor.
        var known = new HashSet<string>(before?.Votes.Select(v => v.Key) ?? [], StringComparer.Ordinal);
        foreach (var vote in seen.Votes.Where(v => !known.Contains(v.Key)))
        {
            var data = Data(seen);
            data["vote"] = VoteData(vote);
            Raise(EventTypes.MeetingVoteRecorded, "vote|" + vote.Key, data);
        }

        if (isLive && wasLive && seen.CurrentItem is { } item && item != before!.CurrentItem)
        {
            Raise(EventTypes.MeetingItemChanged, "item|" + item.ToString(CultureInfo.InvariantCulture), WithItem(Data(seen), seen.CurrentAgendaItem));
        }

        if (seen.LiveState == MeetingLiveState.Adjourned && before is not null && before.LiveState != MeetingLiveState.Adjourned)
        {
            Raise(EventTypes.MeetingEnded, "ended", Data(seen));
        }

        if (events.Count == 0)
        {
            // Only details changed (agenda wording, documents, links): on record for subscribers, not pushed.
            Raise(EventTypes.MeetingUpdated, MeetingUpdateReasons.Details + "|" + seen.Fingerprint, Data(seen, MeetingUpdateReasons.Details));
        }

        return new MeetingChange(seen, events, stored?.Version);
    }

    private static int? AgendaIndexOf(IReadOnlyList<MeetingAgendaEntry> agenda, MeetingVote vote, string? billId)
    {
        if (billId is not null && agenda.FirstOrDefault(a => a.BillId == billId) is { } byBill)
        {
            return byBill.Index;
        }

        var title = Compact(vote.Title);
        return title.Length >= 8 && agenda.FirstOrDefault(a => Compact(a.Title).Contains(title, StringComparison.Ordinal)) is { } byTitle
            ? byTitle.Index
            : null;
    }

    private static string Compact(string s) => ThaiText.Normalize(s).Replace(" ", string.Empty, StringComparison.Ordinal);

    private static string Times(Meeting m) =>
        $"{m.Start.UtcDateTime:O}/{m.End?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}";

    private static JsonObject Data(Meeting m, string? reason = null)
    {
        var data = new JsonObject
        {
            ["meetingId"] = m.Id,
            ["body"] = m.Body.ToWire(),
            ["sittingNumber"] = m.SittingNumber,
            ["special"] = m.Special,
            ["start"] = ThaiText.ToBangkok(m.Start).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["end"] = m.End is { } end ? ThaiText.ToBangkok(end).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) : null,
            ["timesGiven"] = m.TimesGiven,
            ["state"] = m.LiveState.ToWire(),
        };
        if (reason is not null)
        {
            data["reason"] = reason;
        }

        return data;
    }

    private static JsonObject WithItem(JsonObject data, MeetingAgendaEntry? item)
    {
        if (item is not null)
        {
            data["item"] = new JsonObject
            {
                ["index"] = item.Index,
                ["number"] = item.Number,
                ["heading"] = item.Heading,
                ["title"] = item.Title,
                ["billId"] = item.BillId,
            };
        }

        return data;
    }

    private static JsonObject VoteData(MeetingVoteResult v) => new()
    {
        ["title"] = v.Title,
        ["section"] = v.Section,
        ["reading"] = v.Reading,
        ["pdfUrl"] = v.PdfUrl?.AbsoluteUri,
        ["billId"] = v.BillId,
        ["agendaIndex"] = v.AgendaIndex,
    };
}
