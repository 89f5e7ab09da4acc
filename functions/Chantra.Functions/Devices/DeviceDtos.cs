using Chantra.Domain.Devices;

namespace Chantra.Functions.Devices;

/// <summary>The body of PUT /api/v1/devices/{installationId}. Unknown members (such as "tags") are refused.</summary>
public sealed record DeviceRequestDto(string? Platform, string? PushChannel, string? Language, FollowsDto? Follows);

/// <summary>What a person follows: ids only, never tags.</summary>
public sealed record FollowsDto(
    IReadOnlyList<string>? Bills = null,
    IReadOnlyList<string>? Committees = null,
    IReadOnlyList<string>? Ministries = null,
    IReadOnlyList<string>? Meetings = null,
    bool AllMeetings = false,
    bool News = false)
{
    public DeviceFollows ToDomain() => new(Bills ?? [], Committees ?? [], Ministries ?? [], Meetings ?? [], AllMeetings, News);

    public static FollowsDto From(DeviceFollows f) => new(f.Bills, f.Committees, f.Ministries, f.Meetings, f.AllMeetings, f.News);
}

/// <summary>A device as the API shows it to itself. <c>deviceSecret</c> appears once, in the answer that created it.</summary>
public sealed record DeviceDto(
    string InstallationId,
    string Platform,
    string Language,
    FollowsDto Follows,
    IReadOnlyList<string> Tags,
    DateTimeOffset UpdatedAt,
    string? DeviceSecret = null)
{
    public static DeviceDto From(DeviceRecord d, string? secret = null)
    {
        var templates = DeviceTemplates.For(d.Platform, d.Language, d.Follows, d.Complaints);
        var tags = new[] { DeviceTemplates.LanguageTag(d.Language) }.Concat(templates.Values.SelectMany(t => t.Tags)).ToList();
        return new DeviceDto(d.InstallationId, PlatformName(d.Platform), d.Language, FollowsDto.From(d.Follows), tags,
            Domain.Text.ThaiText.ToBangkok(d.UpdatedAt), secret);
    }

    public static string PlatformName(DevicePlatform p) => p == DevicePlatform.Apns ? "apns" : "fcmv1";
}
