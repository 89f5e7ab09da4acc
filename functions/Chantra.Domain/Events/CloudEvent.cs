using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Chantra.Domain.Events;

/// <summary>A CloudEvents 1.0 event in its JSON structured form (DESIGN.md, "Events").</summary>
public sealed record CloudEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("data")] JsonObject Data)
{
    [JsonPropertyName("specversion")]
    public string SpecVersion => "1.0";

    [JsonPropertyName("datacontenttype")]
    public string DataContentType => "application/json";

    public const string MediaType = "application/cloudevents+json; charset=utf-8";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Parses a structured-mode CloudEvent; throws <see cref="JsonException"/> when it is not one.</summary>
    public static CloudEvent Parse(string json)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("A CloudEvent is a JSON object.");
        string Required(string name) =>
            node[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0
                ? s
                : throw new JsonException($"CloudEvent attribute '{name}' is missing or not a string.");
        if (Required("specversion") != "1.0")
        {
            throw new JsonException("Only CloudEvents 1.0 is understood.");
        }

        var time = DateTimeOffset.MinValue;
        if (node["time"] is not null
            && !(node["time"] is JsonValue t && t.TryGetValue<string>(out var ts)
                 && DateTimeOffset.TryParse(ts, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out time)))
        {
            throw new JsonException("CloudEvent attribute 'time' is not an RFC 3339 timestamp.");
        }

        var data = node["data"] as JsonObject ?? new JsonObject();
        return new CloudEvent(Required("id"), Required("source"), Required("type"), Required("subject"), time, (JsonObject)data.DeepClone());
    }

    /// <summary>
    /// A deterministic event id: the same subject and the same change always give the same id, so a
    /// re-scrape or a republish is caught by Service Bus duplicate detection (MessageId = id).
    /// </summary>
    public static string DeterministicId(string subject, params string[] change)
    {
        var text = subject + "\u001E" + string.Join('\u001F', change);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}

/// <summary>Event types (CloudEvents <c>type</c>) and the source name.</summary>
public static class EventTypes
{
    public const string Source = "/chantra/scraper";
    public const string BillCreated = "th.go.senate.chantra.bill.created";
    public const string BillStageChanged = "th.go.senate.chantra.bill.stage-changed";
    public const string BillUpdated = "th.go.senate.chantra.bill.updated";
    public const string MeetingScheduled = "th.go.senate.chantra.meeting.scheduled";
    public const string MeetingStarted = "th.go.senate.chantra.meeting.started";
    public const string MeetingItemChanged = "th.go.senate.chantra.meeting.item-changed";
    public const string MeetingVoteRecorded = "th.go.senate.chantra.meeting.vote-recorded";
    public const string MeetingEnded = "th.go.senate.chantra.meeting.ended";

    /// <summary>Anything else about a sitting changed; <c>data.reason</c> says what (postponed, cancelled, rescheduled, details, archived).</summary>
    public const string MeetingUpdated = "th.go.senate.chantra.meeting.updated";

    /// <summary>The source of complaint events: citizens' intake and staff triage, not a scraper.</summary>
    public const string ComplaintsSource = "/chantra/complaints";

    /// <summary>A complaint was filed (for staff notification). Never personal data: tracking id, kind, topic, bill.</summary>
    public const string ComplaintReceived = "th.go.senate.chantra.complaint.received";

    /// <summary>A complaint's status changed; pushed to the device that filed it (<c>complaint:{trackingId}</c>).</summary>
    public const string ComplaintStatusChanged = "th.go.senate.chantra.complaint.status-changed";

    /// <summary>A news item was first seen; pushed to <c>news</c> only when <c>data.headline</c> is true and <c>data.backfill</c> is false.</summary>
    public const string NewsPublished = "th.go.senate.chantra.news.published";

    /// <summary>A news item's text, date or photos changed; on record, not pushed.</summary>
    public const string NewsUpdated = "th.go.senate.chantra.news.updated";
}
