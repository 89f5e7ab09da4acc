namespace Chantra.Domain.Devices;

/// <summary>The push services a device can be reached through.</summary>
public enum DevicePlatform
{
    /// <summary>iOS: an APNs device token.</summary>
    Apns,
    /// <summary>Android: an FCM (HTTP v1) registration token.</summary>
    FcmV1,
}

/// <summary>What a person follows. Ids only: the server turns them into tags.</summary>
public sealed record DeviceFollows(
    IReadOnlyList<string> Bills,
    IReadOnlyList<string> Committees,
    IReadOnlyList<string> Ministries,
    IReadOnlyList<string> Meetings,
    bool AllMeetings,
    bool News)
{
    public static DeviceFollows None { get; } = new([], [], [], [], false, false);

    /// <summary>How many things are followed (each becomes one tag).</summary>
    public int Count => Bills.Count + Committees.Count + Ministries.Count + Meetings.Count + (AllMeetings ? 1 : 0) + (News ? 1 : 0);
}

/// <summary>A registration request as the app sends it (PUT /api/v1/devices/{installationId}).</summary>
public sealed record DeviceRegistration(string InstallationId, DevicePlatform Platform, string PushChannel, string Language, DeviceFollows Follows);

/// <summary>A device as stored: its follows and the hash of its secret. The push channel is kept by Notification Hubs only.</summary>
/// <param name="Version">The store's concurrency token (ETag); null before it is stored.</param>
public sealed record DeviceRecord(
    string InstallationId,
    DevicePlatform Platform,
    string Language,
    DeviceFollows Follows,
    string SecretHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Version = null)
{
    /// <summary>
    /// Tracking ids of the complaints filed from this device, oldest first: the server adds one
    /// when a complaint is filed with the device's secret, never the app (it cannot send tags).
    /// </summary>
    public IReadOnlyList<string> Complaints { get; init; } = [];
}

/// <summary>One template of an installation: its body with $(property) placeholders, and the tags that select it.</summary>
public sealed record PushTemplate(string Body, IReadOnlyList<string> Tags);

/// <summary>A Notification Hubs installation as the server decides it.</summary>
public sealed record PushInstallation(
    string InstallationId,
    DevicePlatform Platform,
    string PushChannel,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, PushTemplate> Templates);

/// <summary>What the hub says of an installation's channel.</summary>
public sealed record PushChannelState(bool Expired, DateTimeOffset? ExpiresAt);

/// <summary>Installations at the push service (Notification Hubs, or the dev host's in-memory stand-in).</summary>
public interface IPushInstallations
{
    Task UpsertAsync(PushInstallation installation, CancellationToken cancellationToken);
    Task DeleteAsync(string installationId, CancellationToken cancellationToken);

    /// <summary>Sets (or, with null, removes) one template of an installation, leaving the rest as it is.</summary>
    Task SetTemplateAsync(string installationId, string name, PushTemplate? template, CancellationToken cancellationToken);

    /// <summary>The channel's state, or null when the hub has no such installation.</summary>
    Task<PushChannelState?> GetChannelStateAsync(string installationId, CancellationToken cancellationToken);
}

/// <summary>How a device store write went.</summary>
public enum DeviceWrite
{
    Written,
    Conflict,
}

/// <summary>Stored devices (table <c>devices</c>, one partition per installation).</summary>
public interface IDeviceStore
{
    Task<DeviceRecord?> GetAsync(string installationId, CancellationToken cancellationToken);

    /// <summary>Adds a new device; <see cref="DeviceWrite.Conflict"/> when the id is taken.</summary>
    Task<DeviceWrite> AddAsync(DeviceRecord device, CancellationToken cancellationToken);

    /// <summary>Replaces a device guarded by its <see cref="DeviceRecord.Version"/>.</summary>
    Task<DeviceWrite> ReplaceAsync(DeviceRecord device, CancellationToken cancellationToken);

    Task DeleteAsync(string installationId, CancellationToken cancellationToken);

    /// <summary>Every stored device id, page by page (the pruning timer's walk).</summary>
    IAsyncEnumerable<string> ListIdsAsync(CancellationToken cancellationToken);
}
