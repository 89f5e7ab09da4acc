using Chantra.Domain.Push;

namespace Chantra.Domain.Devices;

/// <summary>
/// What the server decides for a device: its tags and its templates. Each kind of event has its
/// own template carrying the tags of what the person follows of that kind, so one send reaches a
/// device through exactly one template (a tag on the installation itself would fire every
/// template and push the same news several times). The installation's own tag is its language.
/// </summary>
public static class DeviceTemplates
{
    /// <summary>Notification Hubs' limit of tags on one installation.</summary>
    public const int MaxTags = 60;

    /// <summary>Follows a device may have: every follow is a tag, and the language is one more.</summary>
    public const int MaxFollows = MaxTags - 1;

    public const string BillsTemplate = "bills";
    public const string MeetingsTemplate = "meetings";
    public const string NewsTemplate = "news";

    /// <summary>Status pushes of the complaints filed from the device (<c>complaint:{trackingId}</c> tags).</summary>
    public const string ComplaintsTemplate = "complaints";

    /// <summary>Complaints a device hears about at most: the newest; an older one is still tracked with its token.</summary>
    public const int MaxComplaintLinks = 5;

    /// <summary>Every template of a device, for putting a stored device back on the hub.</summary>
    public static IReadOnlyList<string> TemplateNames { get; } = [BillsTemplate, MeetingsTemplate, NewsTemplate, ComplaintsTemplate];

    public static string LanguageTag(string language) => "lang:" + language;

    /// <summary>The templates of a device, by name; a kind nobody follows has no template.</summary>
    public static IReadOnlyDictionary<string, PushTemplate> For(DevicePlatform platform, string language, DeviceFollows follows) =>
        For(platform, language, follows, []);

    /// <summary>
    /// The complaints a device is pushed about: the newest <see cref="MaxComplaintLinks"/>, fewer when its
    /// follows leave less room under the hub's tag limit (what the person chose to follow comes first).
    /// </summary>
    public static IReadOnlyList<string> LinkedComplaints(DeviceFollows follows, IReadOnlyList<string> complaints)
    {
        var room = Math.Clamp(MaxTags - 1 - follows.Count, 0, MaxComplaintLinks);
        return complaints.Count <= room ? complaints : [.. complaints.Skip(complaints.Count - room)];
    }

    /// <summary>The templates of a device with the complaints filed from it, by name.</summary>
    public static IReadOnlyDictionary<string, PushTemplate> For(DevicePlatform platform, string language, DeviceFollows follows, IReadOnlyList<string> complaints)
    {
        var body = Body(platform, language);
        var templates = new Dictionary<string, PushTemplate>(StringComparer.Ordinal);
        var billTags = follows.Bills.Select(PushTags.Bill)
            .Concat(follows.Committees.Select(PushTags.Committee))
            .Concat(follows.Ministries.Select(PushTags.Ministry))
            .ToArray();
        if (billTags.Length > 0)
        {
            templates[BillsTemplate] = new PushTemplate(body, billTags);
        }

        var meetingTags = (follows.AllMeetings ? [PushTags.Meetings] : Array.Empty<string>()).Concat(follows.Meetings.Select(PushTags.Meeting)).ToArray();
        if (meetingTags.Length > 0)
        {
            templates[MeetingsTemplate] = new PushTemplate(body, meetingTags);
        }

        if (follows.News)
        {
            templates[NewsTemplate] = new PushTemplate(body, [PushTags.News]);
        }

        var complaintTags = LinkedComplaints(follows, complaints).Select(PushTags.Complaint).ToArray();
        if (complaintTags.Length > 0)
        {
            templates[ComplaintsTemplate] = new PushTemplate(body, complaintTags);
        }

        return templates;
    }

    /// <summary>The installation for a registration: the language tag, and the templates above
    /// (with the complaints already linked to a device that registers again).</summary>
    public static PushInstallation Installation(DeviceRegistration r, IReadOnlyList<string>? complaints = null) =>
        new(r.InstallationId, r.Platform, r.PushChannel, [LanguageTag(r.Language)], For(r.Platform, r.Language, r.Follows, complaints ?? []));

    /// <summary>
    /// The platform payload with placeholders in the person's language. The deep link and event
    /// id travel in the data payload, so the app opens the right screen.
    /// </summary>
    public static string Body(DevicePlatform platform, string language)
    {
        var suffix = language == "en" ? "En" : "Th";
        var body = platform switch
        {
            DevicePlatform.Apns =>
                """{"aps":{"alert":{"title":"$(titleXX)","body":"$(bodyXX)"},"sound":"default"},"deepLink":"$(deepLink)","eventId":"$(eventId)"}""",
            DevicePlatform.FcmV1 =>
                """{"message":{"notification":{"title":"$(titleXX)","body":"$(bodyXX)"},"data":{"deepLink":"$(deepLink)","eventId":"$(eventId)"}}}""",
            _ => throw new ArgumentOutOfRangeException(nameof(platform)),
        };
        return body.Replace("XX)", suffix + ")", StringComparison.Ordinal);
    }

    /// <summary>Fills a template's placeholders as the hub does (used by the dev host to show what a device would see).</summary>
    public static string Render(string body, IReadOnlyDictionary<string, string> properties) =>
        System.Text.RegularExpressions.Regex.Replace(body, @"\$\((\w+)\)", m =>
            properties.TryGetValue(m.Groups[1].Value, out var v) ? System.Text.Json.JsonEncodedText.Encode(v, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString() : string.Empty);
}
