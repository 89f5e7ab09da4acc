using System.Text.Json.Nodes;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;

namespace Chantra.Domain.Push;

/// <summary>
/// Turns a bill event into the one template notification for it: the tag expression (the bill's
/// followers, and its ministry's) and the Thai and English texts each installation's template picks from.
/// </summary>
public sealed class BillPushComposer : IPushComposer
{
    private const int MaxTitleLength = 120;

    /// <summary>The notification for an event, or null when the event is not one people are pushed about.</summary>
    public PushNotification? Compose(CloudEvent e)
    {
        if (e.Type is not (EventTypes.BillCreated or EventTypes.BillStageChanged))
        {
            return null;
        }

        var data = e.Data;
        var billId = Text(data, "billId") ?? throw new FormatException($"Event {e.Id} has no billId.");
        if (!PushTags.IsValidId(billId))
        {
            throw new FormatException($"Event {e.Id} names a bill id that cannot be a tag.");
        }

        var tags = PushTags.Bill(billId);
        if (Text(data, "ministry") is { } ministry && PushTags.IsValidId(ministry))
        {
            tags += " || " + PushTags.Ministry(ministry);
        }

        BillStageNames.TryParseStage(Text(data, "stage"), out var stage);
        BillStageNames.TryParseStatus(Text(data, "status"), out var status);
        var title = Shorten(Text(data, "title") ?? billId);
        var titleEn = Shorten(Text(data, "titleEn") ?? Text(data, "title") ?? billId);
        var statusText = Text(data, "statusText") ?? string.Empty;
        var created = e.Type == EventTypes.BillCreated;

        // Unclassified: show the raw Thai text rather than a stage we would have had to guess.
        var (citizenTh, citizenEn) = CitizenWording.Describe(stage, status, Date(data, "occurredOn"), Date(data, "senateSince"));
        var whereTh = stage == BillStage.Unclassified ? statusText : citizenTh;
        var whereEn = stage == BillStage.Unclassified ? $"status: {statusText}" : citizenEn;

        var properties = new Dictionary<string, string>
        {
            ["titleTh"] = created ? "ร่างกฎหมายใหม่" : "ความคืบหน้าร่างกฎหมาย",
            ["bodyTh"] = $"{title}: {whereTh}",
            ["titleEn"] = created ? "New bill" : "Bill update",
            ["bodyEn"] = $"{titleEn}: {whereEn}",
            ["billId"] = billId,
            ["stage"] = stage.ToWire(),
            ["status"] = status.ToWire(),
            ["eventId"] = e.Id,
            ["deepLink"] = $"chantra://bills/{Uri.EscapeDataString(billId)}",
        };

        return new PushNotification(tags, properties, e.Id);
    }

    private static string? Text(JsonObject data, string name) =>
        data[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;

    private static DateOnly? Date(JsonObject data, string name) =>
        DateOnly.TryParseExact(Text(data, name), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? d : null;

    private static string Shorten(string s) => s.Length <= MaxTitleLength ? s : string.Concat(s.AsSpan(0, MaxTitleLength - 1), "…");
}
