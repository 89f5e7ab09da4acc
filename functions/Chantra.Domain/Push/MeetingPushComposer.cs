using System.Globalization;
using System.Text.Json.Nodes;
using Chantra.Domain.Events;
using Chantra.Domain.Meetings;
using Chantra.Domain.Text;

namespace Chantra.Domain.Push;

/// <summary>
/// Turns a meeting event into its one template notification: to everyone following all sittings
/// (<c>meetings</c>) and this one (<c>meeting:{id}</c>), and to the followers of the bill when the
/// item on the floor or the vote is about one. Detail updates and archive loads are not pushed.
/// </summary>
public sealed class MeetingPushComposer : IPushComposer
{
    private const int MaxTextLength = 140;

    public PushNotification? Compose(CloudEvent e)
    {
        var data = e.Data;
        var reason = Text(data, "reason");
        if (!e.Type.StartsWith("th.go.senate.chantra.meeting.", StringComparison.Ordinal)
            || (e.Type == EventTypes.MeetingUpdated && reason is not (MeetingUpdateReasons.Postponed or MeetingUpdateReasons.Cancelled or MeetingUpdateReasons.Rescheduled)))
        {
            return null;
        }

        var meetingId = Text(data, "meetingId") ?? throw new FormatException($"Event {e.Id} has no meetingId.");
        if (!PushTags.IsValidId(meetingId))
        {
            throw new FormatException($"Event {e.Id} names a meeting id that cannot be a tag.");
        }

        var item = data["item"] as JsonObject;
        var vote = data["vote"] as JsonObject;
        var billId = Text(vote, "billId") ?? Text(item, "billId");
        var tags = e.Type == EventTypes.MeetingUpdated && reason == MeetingUpdateReasons.Rescheduled
            ? PushTags.Meeting(meetingId) // a changed time matters to those who follow this sitting, not to everyone
            : $"{PushTags.Meetings} || {PushTags.Meeting(meetingId)}";
        if (billId is not null && PushTags.IsValidId(billId))
        {
            tags += " || " + PushTags.Bill(billId);
        }

        MeetingNames.TryParseBody(Text(data, "body"), out var body);
        var (bodyTh, bodyEn) = body.Describe();
        var number = Text(data, "sittingNumber");
        var sittingTh = number is null ? bodyTh : $"{bodyTh} ครั้งที่ {number}";
        var sittingEn = number is null ? bodyEn : $"{bodyEn} No. {number}";
        var start = DateTimeOffset.TryParse(Text(data, "start"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var s) ? s : (DateTimeOffset?)null;
        var whenTh = start is { } st ? ThaiText.ToBuddhistEraDateTime(st) : string.Empty;
        var whenEn = start is { } sten ? ThaiText.ToBangkok(sten).ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) : string.Empty;
        var itemTitle = Text(item, "title");
        var voteTitle = Text(vote, "title");
        var voteSection = Text(vote, "section");

        var (titleTh, bodyTextTh, titleEn, bodyTextEn) = e.Type switch
        {
            EventTypes.MeetingScheduled => ("นัดประชุม", $"{sittingTh} {whenTh}", "Sitting scheduled", $"{sittingEn}, {whenEn}"),
            EventTypes.MeetingStarted => ("เริ่มประชุมแล้ว", itemTitle is null ? sittingTh : $"{sittingTh}: {itemTitle}", "Sitting started", itemTitle is null ? sittingEn : $"{sittingEn}: {itemTitle}"),
            EventTypes.MeetingItemChanged => ("กำลังพิจารณา", $"{itemTitle} ({sittingTh})", "Now on the floor", $"{itemTitle} ({sittingEn})"),
            EventTypes.MeetingVoteRecorded => ("ผลการลงมติ", voteSection is null ? $"{voteTitle}" : $"{voteTitle} — {voteSection}", "Vote recorded", voteSection is null ? $"{voteTitle}" : $"{voteTitle} — {voteSection}"),
            EventTypes.MeetingEnded => ("ปิดประชุมแล้ว", sittingTh, "Sitting adjourned", sittingEn),
            EventTypes.MeetingUpdated when reason == MeetingUpdateReasons.Postponed => ("เลื่อนการประชุม", sittingTh, "Sitting postponed", sittingEn),
            EventTypes.MeetingUpdated when reason == MeetingUpdateReasons.Cancelled => ("ยกเลิกการประชุม", sittingTh, "Sitting cancelled", sittingEn),
            EventTypes.MeetingUpdated => ("เปลี่ยนเวลาประชุม", $"{sittingTh} {whenTh}", "Sitting rescheduled", $"{sittingEn}, {whenEn}"),
            _ => (string.Empty, string.Empty, string.Empty, string.Empty),
        };
        if (titleTh.Length == 0)
        {
            return null; // a meeting event type this version does not push
        }

        var properties = new Dictionary<string, string>
        {
            ["titleTh"] = titleTh,
            ["bodyTh"] = Shorten(bodyTextTh),
            ["titleEn"] = titleEn,
            ["bodyEn"] = Shorten(bodyTextEn),
            ["meetingId"] = meetingId,
            ["eventId"] = e.Id,
            ["deepLink"] = $"chantra://meetings/{Uri.EscapeDataString(meetingId)}",
        };
        if (billId is not null)
        {
            properties["billId"] = billId;
        }

        return new PushNotification(tags, properties, e.Id);
    }

    private static string? Text(JsonObject? data, string name) =>
        data?[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;

    private static string Shorten(string s) => s.Length <= MaxTextLength ? s : string.Concat(s.AsSpan(0, MaxTextLength - 1), "…");
}
