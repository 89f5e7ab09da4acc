using Chantra.Domain.Events;
using Microsoft.Extensions.Logging;

namespace Chantra.Domain.Push;

/// <summary>How one event was handled by the push fan-out.</summary>
public enum FanOutOutcome
{
    /// <summary>One template send went to Notification Hubs.</summary>
    Sent,
    /// <summary>The event is not one people are pushed about (e.g. bill details updated).</summary>
    NotPushed,
}

/// <summary>Turns an event into the one notification people get for it, or null when it is not pushed.</summary>
public interface IPushComposer
{
    PushNotification? Compose(CloudEvent e);
}

/// <summary>One event in, at most one template send out. Failures propagate so Service Bus redelivers.</summary>
public sealed class PushFanOutService(IEnumerable<IPushComposer> composers, IPushNotifier notifier, ILogger<PushFanOutService> logger)
{
    private readonly IPushComposer[] _composers = [.. composers];

    public async Task<FanOutOutcome> HandleAsync(CloudEvent e, CancellationToken cancellationToken)
    {
        var notification = _composers.Select(c => c.Compose(e)).FirstOrDefault(n => n is not null);
        if (notification is null)
        {
            logger.LogDebug("Event {EventId} ({EventType}) needs no push", e.Id, e.Type);
            return FanOutOutcome.NotPushed;
        }

        await notifier.SendTemplateAsync(notification, cancellationToken);
        logger.LogInformation("Event {EventId} → push to {TagExpression}", e.Id, notification.TagExpression);
        return FanOutOutcome.Sent;
    }
}
