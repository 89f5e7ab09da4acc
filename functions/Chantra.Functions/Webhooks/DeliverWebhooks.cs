using System.Text.Json;
using Chantra.Domain.Events;
using Chantra.Domain.Webhooks;
using Chantra.Functions.Push;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Webhooks;

/// <summary>
/// Sends each bill event of the topic to the webhooks of the bill's ministry (README.md). When an
/// endpoint still fails after the in-process retries the function throws: Service Bus redelivers
/// the message (endpoints that took it are skipped) and, after the subscription's max delivery
/// count, dead-letters it. Nothing is dropped silently.
/// </summary>
public sealed class DeliverWebhooks(WebhookDeliveryService delivery, ILogger<DeliverWebhooks> logger)
{
    public const string Topic = FanOutPush.Topic;
    public const string Subscription = "webhooks";

    [Function(nameof(DeliverWebhooks))]
    public async Task Run(
        [ServiceBusTrigger(Topic, Subscription, Connection = "ServiceBus")] string message,
        CancellationToken cancellationToken)
    {
        CloudEvent e;
        try
        {
            e = CloudEvent.Parse(message);
        }
        catch (JsonException ex)
        {
            // Not an event we can read: fail loudly so it ends in the dead-letter queue for a person to look at.
            logger.LogError(ex, "A message on {Topic}/{Subscription} is not a CloudEvent", Topic, Subscription);
            throw;
        }

        // The exact body off the topic is what is sent and signed: receivers get the event as published.
        await delivery.DeliverAsync(e, message, cancellationToken);
    }
}
