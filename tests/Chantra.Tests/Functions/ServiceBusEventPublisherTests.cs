using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Chantra.Azure.ServiceBus;
using Chantra.Domain.Events;
using Moq;

namespace Chantra.Tests.Functions;

/// <summary>
/// The Service Bus publisher against a mocked <see cref="ServiceBusSender"/>, with batches made by
/// <see cref="ServiceBusModelFactory.ServiceBusMessageBatch"/> as the Azure SDK documents for tests.
/// </summary>
public sealed class ServiceBusEventPublisherTests
{
    private readonly Mock<ServiceBusSender> _sender = new();

    /// <summary>The messages of each batch, as they were when the batch was sent.</summary>
    private readonly List<List<ServiceBusMessage>> _sentBatches = [];

    /// <summary>The backing list of each batch made (SDK batches do not expose their messages).</summary>
    private readonly Dictionary<ServiceBusMessageBatch, List<ServiceBusMessage>> _backing = new(ReferenceEqualityComparer.Instance);

    private int _batchesCreated;

    /// <summary>Every batch created takes at most <paramref name="capacity"/> messages, and never one for which <paramref name="tooLarge"/> holds.</summary>
    private void BatchesHold(int capacity, Func<ServiceBusMessage, bool>? tooLarge = null)
    {
        _sender.Setup(s => s.CreateMessageBatchAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(() =>
            {
                _batchesCreated++;
                var backing = new List<ServiceBusMessage>();
                var batch = ServiceBusModelFactory.ServiceBusMessageBatch(
                    256 * 1024, backing, new CreateMessageBatchOptions(),
                    m => backing.Count < capacity && !(tooLarge?.Invoke(m) ?? false));
                _backing[batch] = backing;
                return batch;
            });
        _sender.Setup(s => s.SendMessagesAsync(It.IsAny<ServiceBusMessageBatch>(), It.IsAny<CancellationToken>()))
            .Callback<ServiceBusMessageBatch, CancellationToken>((b, _) => _sentBatches.Add([.. _backing[b]]))
            .Returns(Task.CompletedTask);
    }

    private static CloudEvent Event(int n) => new(
        CloudEvent.DeterministicId("bills/bill-" + n, EventTypes.BillStageChanged, n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        EventTypes.Source,
        n % 2 == 0 ? EventTypes.BillStageChanged : EventTypes.BillCreated,
        "bills/bill-" + n,
        new DateTimeOffset(2026, 11, 25, 10, 0, n, TimeSpan.Zero),
        new JsonObject { ["billId"] = "bill-" + n, ["title"] = "ร่างพระราชบัญญัติทดสอบ " + n });

    [Fact]
    public async Task Events_go_in_a_batch_as_structured_cloud_events()
    {
        BatchesHold(capacity: 100);
        var events = new[] { Event(1), Event(2), Event(3) };

        await new ServiceBusEventPublisher(_sender.Object).PublishAsync(events, CancellationToken.None);

        _sender.Verify(s => s.SendMessagesAsync(It.IsAny<ServiceBusMessageBatch>(), It.IsAny<CancellationToken>()), Times.Once);
        var batch = Assert.Single(_sentBatches);
        Assert.Equal(events.Length, batch.Count);
        foreach (var (e, message) in events.Zip(batch))
        {
            Assert.Equal(e.Id, message.MessageId);
            Assert.Equal(CloudEvent.MediaType, message.ContentType);
            Assert.StartsWith("application/cloudevents+json", message.ContentType, StringComparison.Ordinal);
            Assert.Equal(e.Type, message.ApplicationProperties["type"]);
            Assert.Equal(e.Subject, message.ApplicationProperties["subject"]);
            Assert.Equal(e.Subject, message.Subject);

            using var body = JsonDocument.Parse(message.Body.ToString());
            var root = body.RootElement;
            Assert.Equal("1.0", root.GetProperty("specversion").GetString());
            Assert.Equal(e.Id, root.GetProperty("id").GetString());
            Assert.Equal(EventTypes.Source, root.GetProperty("source").GetString());
            Assert.Equal(e.Type, root.GetProperty("type").GetString());
            Assert.Equal(e.Subject, root.GetProperty("subject").GetString());
            Assert.Equal("application/json", root.GetProperty("datacontenttype").GetString());
            Assert.Equal(e.Data["title"]!.GetValue<string>(), root.GetProperty("data").GetProperty("title").GetString());

            // What the fan-out function reads back is the same event.
            var parsed = CloudEvent.Parse(message.Body.ToString());
            Assert.Equal((e.Id, e.Type, e.Subject, e.Time), (parsed.Id, parsed.Type, parsed.Subject, parsed.Time));
        }
    }

    [Fact]
    public async Task Full_batches_are_sent_and_more_batches_follow_without_losing_an_event()
    {
        BatchesHold(capacity: 3);
        var events = Enumerable.Range(1, 8).Select(Event).ToArray();

        await new ServiceBusEventPublisher(_sender.Object).PublishAsync(events, CancellationToken.None);

        _sender.Verify(s => s.SendMessagesAsync(It.IsAny<ServiceBusMessageBatch>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
        Assert.Equal([3, 3, 2], _sentBatches.Select(b => b.Count));
        Assert.Equal(events.Select(e => e.Id), _sentBatches.SelectMany(b => b).Select(m => m.MessageId));
        Assert.Equal(3, _batchesCreated);
    }

    [Fact]
    public async Task Nothing_to_publish_sends_nothing()
    {
        BatchesHold(capacity: 3);

        await new ServiceBusEventPublisher(_sender.Object).PublishAsync([], CancellationToken.None);

        _sender.Verify(s => s.SendMessagesAsync(It.IsAny<ServiceBusMessageBatch>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(0, _batchesCreated);
    }

    [Fact]
    public async Task Single_event_that_never_fits_throws_and_sends_nothing()
    {
        BatchesHold(capacity: 100, tooLarge: _ => true);
        var e = Event(1);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new ServiceBusEventPublisher(_sender.Object).PublishAsync([e], CancellationToken.None));

        Assert.Contains(e.Id, ex.Message, StringComparison.Ordinal);
        _sender.Verify(s => s.SendMessagesAsync(It.IsAny<ServiceBusMessageBatch>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Event_that_never_fits_throws_after_the_ones_before_it_were_sent()
    {
        var big = Event(2);
        BatchesHold(capacity: 100, tooLarge: m => m.MessageId == big.Id);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new ServiceBusEventPublisher(_sender.Object).PublishAsync([Event(1), big, Event(3)], CancellationToken.None));

        Assert.Contains(big.Id, ex.Message, StringComparison.Ordinal);
        var sent = Assert.Single(_sentBatches);
        Assert.Equal([Event(1).Id], sent.Select(m => m.MessageId));
    }

    [Fact]
    public async Task Send_failure_propagates()
    {
        BatchesHold(capacity: 100);
        _sender.Setup(s => s.SendMessagesAsync(It.IsAny<ServiceBusMessageBatch>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ServiceBusException("busy", ServiceBusFailureReason.ServiceBusy));

        var ex = await Assert.ThrowsAsync<ServiceBusException>(
            () => new ServiceBusEventPublisher(_sender.Object).PublishAsync([Event(1)], CancellationToken.None));

        Assert.Equal(ServiceBusFailureReason.ServiceBusy, ex.Reason);
    }
}
