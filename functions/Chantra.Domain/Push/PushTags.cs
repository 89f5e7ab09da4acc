using System.Text.RegularExpressions;

namespace Chantra.Domain.Push;

/// <summary>
/// The tag scheme (DESIGN.md, "Push"). Tags are decided here, on the server, from ids we
/// validated; a device never sends a raw tag.
/// </summary>
public static partial class PushTags
{
    /// <summary>
    /// Ids we accept in tags (and as storage keys): characters a Notification Hubs tag allows, less
    /// '#' (not allowed in a table key), and a length well under the tag limit of 120.
    /// </summary>
    [GeneratedRegex(@"^[A-Za-z0-9_@.:\-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagValue();

    /// <summary>Whether an id can be part of a tag as it is.</summary>
    public static bool IsValidId(string? id) => id is not null && TagValue().IsMatch(id);

    public static string Bill(string billId) => "bill:" + Checked(billId);
    public static string Ministry(string code) => "ministry:" + Checked(code);
    public static string Committee(string committeeId) => "committee:" + Checked(committeeId);
    public static string Meeting(string meetingId) => "meeting:" + Checked(meetingId);

    /// <summary>A complaint's tag, by its ASCII tracking id; only ever put on the device that filed it.</summary>
    public static string Complaint(string trackingId) => "complaint:" + Checked(trackingId);
    public const string Meetings = "meetings";
    public const string News = "news";

    private static string Checked(string id) =>
        IsValidId(id) ? id : throw new ArgumentException($"'{id}' cannot be used in a push tag.", nameof(id));
}
