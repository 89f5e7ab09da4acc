using System.Text.Json.Nodes;
using Chantra.Domain.Events;
using Chantra.Domain.Push;

namespace Chantra.Domain.Complaints;

/// <summary>
/// A complaint's status change, pushed to the one device that filed it (<c>complaint:{trackingId}</c>,
/// a tag only the server puts on that device). Its installation's template picks the Thai or the
/// English text. <c>complaint.received</c> is for staff and is not pushed.
/// </summary>
public sealed class ComplaintPushComposer : IPushComposer
{
    public PushNotification? Compose(CloudEvent e)
    {
        if (e.Type != EventTypes.ComplaintStatusChanged)
        {
            return null;
        }

        var data = e.Data;
        var trackingId = Text(data, "trackingId") ?? throw new FormatException($"Event {e.Id} has no trackingId.");
        if (!PushTags.IsValidId(trackingId))
        {
            throw new FormatException($"Event {e.Id} names a tracking id that cannot be a tag.");
        }

        if (!ComplaintVocabulary.TryParseStatus(Text(data, "status"), out var status))
        {
            throw new FormatException($"Event {e.Id} has no status this version knows.");
        }

        var number = Text(data, "trackingNumber") ?? trackingId;
        var (statusTh, statusEn) = status.Describe();
        var answered = data["hasPublicAnswer"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        var (titleTh, titleEn) = status == ComplaintStatus.Answered && answered
            ? ("วุฒิสภาตอบเรื่องของคุณแล้ว", "The Senate answered you")
            : ("ความคืบหน้าเรื่องของคุณ", "Update on your submission");

        var properties = new Dictionary<string, string>
        {
            ["titleTh"] = titleTh,
            ["bodyTh"] = $"{number}: {statusTh}",
            ["titleEn"] = titleEn,
            ["bodyEn"] = $"{number}: {statusEn}",
            ["trackingId"] = trackingId,
            ["status"] = status.ToWire(),
            ["eventId"] = e.Id,
            ["deepLink"] = $"chantra://complaints/{Uri.EscapeDataString(trackingId)}",
        };
        return new PushNotification(PushTags.Complaint(trackingId), properties, e.Id);
    }

    private static string? Text(JsonObject data, string name) =>
        data[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;
}
