using System.Text.Json;
using Chantra.Domain.Events;
using Chantra.Domain.Push;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Push;

/// <summary>
/// Turns each event of the topic into at most one Notification Hubs template send. Any failure
/// propagates: the message is abandoned, redelivered, and after the subscription's max delivery
/// count it lands in the dead-letter queue. Nothing is dropped silently.
/// </summary>
public sealed class FanOutPush(PushFanOutService fanOut, ILogger<FanOutPush> logger)
{
    public const string Topic = "legislative-events";
    public const string Subscription = "push";

    [Function(nameof(FanOutPush))]
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

        await fanOut.HandleAsync(e, cancellationToken);
    }
}
