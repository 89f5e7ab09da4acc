using Chantra.Domain.Webhooks;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Webhooks;

/// <summary>
/// Deletes webhook delivery records older than <see cref="WebhookOptions.DeliveryRecordsKeptFor"/> (app setting
/// <c>Schedules__PruneWebhookDeliveries</c>, daily by default): they only guard against sending a redelivered event
/// twice, and the topic drops a message after its time-to-live, so older ones guard nothing and would only pile up.
/// </summary>
public sealed class PruneWebhookDeliveries(IWebhookStore store, WebhookOptions options, TimeProvider time, ILogger<PruneWebhookDeliveries> logger)
{
    [Function(nameof(PruneWebhookDeliveries))]
    public async Task Run([TimerTrigger("%Schedules:PruneWebhookDeliveries%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var removed = await store.DeleteDeliveriesBeforeAsync(time.GetUtcNow() - options.DeliveryRecordsKeptFor, cancellationToken);
        logger.LogInformation("Pruned {Count} webhook delivery records older than {Days} days", removed, options.DeliveryRecordsKeptFor.TotalDays);
    }
}
