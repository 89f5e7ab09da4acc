using Azure.Messaging.ServiceBus;
using Chantra.Domain.Events;

namespace Chantra.Azure.ServiceBus;

/// <summary>
/// Publishes CloudEvents to the topic in structured mode. MessageId is the deterministic event id,
/// so the topic's duplicate detection drops a republish; <c>type</c> and <c>subject</c> are
/// repeated as application properties for subscription rules.
/// </summary>
public sealed class ServiceBusEventPublisher(ServiceBusSender sender) : IEventPublisher
{
    public const string TopicName = "legislative-events";

    public async Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        var queue = new Queue<ServiceBusMessage>(events.Select(ToMessage));
        while (queue.Count > 0)
        {
            using var batch = await sender.CreateMessageBatchAsync(cancellationToken);
            while (queue.Count > 0 && batch.TryAddMessage(queue.Peek()))
            {
                queue.Dequeue();
            }

            if (batch.Count == 0)
            {
                throw new InvalidOperationException($"Event {queue.Peek().MessageId} is larger than a Service Bus message may be.");
            }

            await sender.SendMessagesAsync(batch, cancellationToken);
        }
    }

    public static ServiceBusMessage ToMessage(CloudEvent e)
    {
        var message = new ServiceBusMessage(BinaryData.FromString(e.ToJson()))
        {
            MessageId = e.Id,
            ContentType = CloudEvent.MediaType,
            Subject = e.Subject,
        };
        message.ApplicationProperties["type"] = e.Type;
        message.ApplicationProperties["subject"] = e.Subject;
        return message;
    }
}
