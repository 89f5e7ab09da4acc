namespace Chantra.Domain.Webhooks;

/// <summary>Whether events are sent to an endpoint.</summary>
public enum WebhookState
{
    Active,

    /// <summary>Failed for longer than <see cref="WebhookOptions.PauseAfter"/>: nothing is sent until staff resume it.</summary>
    Paused,
}

/// <summary>
/// A ministry's registered HTTPS endpoint for the events of its bills.
/// </summary>
/// <param name="Id">Ours (<c>wh-…</c>); sent as <c>Chantra-Webhook-Id</c> so a receiver knows which secret signed.</param>
/// <param name="Secret">The HMAC key. Shown once, at registration; needed in clear to sign, so the store seals it rather than hashing it (see README).</param>
/// <param name="FailingSince">The first failed delivery since the last successful one; null while deliveries succeed.</param>
/// <param name="Version">The store's concurrency token (an ETag), opaque here.</param>
public sealed record WebhookEndpoint(
    string Id,
    string Ministry,
    string Url,
    string Secret,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    WebhookState State = WebhookState.Active,
    DateTimeOffset? FailingSince = null,
    string? LastError = null,
    DateTimeOffset? LastErrorAt = null,
    DateTimeOffset? LastSuccessAt = null,
    DateTimeOffset? PausedAt = null,
    string? Version = null);

/// <summary>Settings of webhook registration and delivery (configuration section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>An endpoint whose deliveries have all failed for this long is paused (default 3 days).</summary>
    public TimeSpan PauseAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// Lets loopback targets through (<c>127.0.0.1</c>, <c>[::1]</c>, <c>localhost</c>, over
    /// <c>http</c> and on any port) for the dev host and tests, whose receivers are local.
    /// Every other rule stays. Never on in Azure: startup refuses it there.
    /// </summary>
    public bool AllowLoopbackForDevelopment { get; set; }

    /// <summary>
    /// How long a record of a delivered event is kept (default 14 days, the topic's message time-to-live): it only
    /// stops a redelivery of the event from sending it twice, and no redelivery comes after the message expires.
    /// </summary>
    public TimeSpan DeliveryRecordsKeptFor { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Ports allowed besides 443 (default none): a ministry's gateway on, say, 8443.</summary>
    public IList<int> AllowedPorts { get; set; } = [];

    /// <summary>Requests per endpoint per delivery of a message, the first included.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The first back-off; each retry doubles it, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts; a <c>Retry-After</c> asking for longer ends this delivery's attempts (Service Bus redelivers).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one request may take (connect, send, response headers).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Endpoints one ministry may register.</summary>
    public int MaxEndpointsPerMinistry { get; set; } = 5;
}
