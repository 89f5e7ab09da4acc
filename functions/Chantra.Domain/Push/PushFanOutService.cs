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

/// <summary>One event in, at most one template send out. Failures propagate so Service Bus redelivers.</summary>
public sealed class PushFanOutService(BillPushComposer bills, IPushNotifier notifier, ILogger<PushFanOutService> logger)
{
    public async Task<FanOutOutcome> HandleAsync(CloudEvent e, CancellationToken cancellationToken)
    {
        var notification = bills.Compose(e);
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
