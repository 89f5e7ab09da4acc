namespace Chantra.Domain.Webhooks;

/// <summary>How a guarded write of an endpoint went.</summary>
public enum WebhookWrite
{
    Written,

    /// <summary>Someone else changed it since it was read: read again and re-apply.</summary>
    Conflict,

    /// <summary>It was deleted meanwhile.</summary>
    NotFound,
}

/// <summary>Registered endpoints (by ministry) and which endpoints already received which event.</summary>
public interface IWebhookStore
{
    /// <summary>A ministry's endpoints, oldest first (one partition: the delivery path reads this per event).</summary>
    Task<IReadOnlyList<WebhookEndpoint>> ListAsync(string ministry, CancellationToken cancellationToken);

    Task<WebhookEndpoint?> GetAsync(string ministry, string id, CancellationToken cancellationToken);

    Task AddAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken);

    /// <summary>Replaces the endpoint if it is still at <see cref="WebhookEndpoint.Version"/>.</summary>
    Task<WebhookWrite> ReplaceAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken);

    /// <summary>False when there was no such endpoint.</summary>
    Task<bool> DeleteAsync(string ministry, string id, CancellationToken cancellationToken);

    /// <summary>The endpoints that already accepted this event (one query), so a redelivery skips them.</summary>
    Task<IReadOnlySet<string>> GetDeliveredAsync(string eventId, CancellationToken cancellationToken);

    Task MarkDeliveredAsync(string eventId, string webhookId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Deletes the delivery records written before <paramref name="before"/>; returns how many.</summary>
    Task<int> DeleteDeliveriesBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}

/// <summary>One signed POST of an event to one endpoint (with its in-process retries).</summary>
public sealed record WebhookRequest(string WebhookId, string Url, string Secret, string EventId, string Body);

/// <summary>What became of a <see cref="WebhookRequest"/>; <see cref="Error"/> is short and safe to show staff.</summary>
public sealed record WebhookSendResult(bool Delivered, int Attempts, int? StatusCode, string? Error)
{
    public static WebhookSendResult Success(int attempts, int status) => new(true, attempts, status, null);

    public static WebhookSendResult Failure(int attempts, int? status, string error) => new(false, attempts, status, error);
}

/// <summary>
/// Sends an event to an endpoint, signed, retrying transient failures in-process. Never throws for
/// what the endpoint or the network did (that is a failed result); only for cancellation.
/// </summary>
public interface IWebhookSender
{
    Task<WebhookSendResult> SendAsync(WebhookRequest request, CancellationToken cancellationToken);
}
