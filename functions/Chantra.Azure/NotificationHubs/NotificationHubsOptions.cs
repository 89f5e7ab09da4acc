namespace Chantra.Azure.NotificationHubs;

/// <summary>Settings for <see cref="NotificationHubsClient"/>.</summary>
public sealed class NotificationHubsOptions
{
    /// <summary>
    /// The namespace connection string:
    /// <c>Endpoint=sb://{ns}.servicebus.windows.net/;SharedAccessKeyName=...;SharedAccessKey=...</c>.
    /// A secret: keep it in Key Vault / app settings, never in logs.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The notification hub's name (the path segment after the namespace).</summary>
    public string HubName { get; set; } = string.Empty;

    /// <summary>
    /// Where requests are sent instead of <c>https://{ns}.servicebus.windows.net/</c>, e.g. a
    /// local fake at <c>http://127.0.0.1:9000/</c>. The SAS token still names the hub's real
    /// resource URI, so a fake can check tokens exactly as the service does.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// The REST <c>api-version</c>. The REST reference documents 2015-01 for sends and
    /// installations; the service also accepts later versions.
    /// </summary>
    public string ApiVersion { get; set; } = "2015-01";

    /// <summary>Total attempts per operation, the first included (at least 1).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first back-off delay; each retry doubles it (with jitter).</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound for any single wait, including one asked for by <c>Retry-After</c>.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long each SAS token is valid from the moment it is made.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);
}
