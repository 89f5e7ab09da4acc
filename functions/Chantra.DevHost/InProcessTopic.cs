using System.Collections.Concurrent;
using System.Threading.Channels;
using Chantra.Domain.Events;

namespace Chantra.DevHost;

/// <summary>Delivery settings of the in-process topic, as a Service Bus subscription has them.</summary>
public sealed class InProcessTopicOptions
{
    /// <summary>Deliveries before a message goes to the dead-letter queue (Service Bus default: 10).</summary>
    public int MaxDeliveryCount { get; set; } = 10;

    /// <summary>Wait before a failed message is delivered again.</summary>
    public TimeSpan RedeliveryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages handled at once per subscription.</summary>
    public int MaxConcurrentCalls { get; set; } = 4;

    /// <summary>Message ids seen within this window are dropped as duplicates (topic duplicate detection).</summary>
    public TimeSpan DuplicateDetectionWindow { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>A message as a subscription holds it.</summary>
public sealed record TopicMessage(string MessageId, string Body, string? Type, string? Subject, DateTimeOffset EnqueuedAt)
{
    public int DeliveryCount { get; set; }
}

/// <summary>A dead-lettered message, with why.</summary>
public sealed record DeadLetteredMessage(string Subscription, string MessageId, string? Type, string? Subject, int DeliveryCount, string Reason, string ErrorDescription, DateTimeOffset At, string Body);

/// <summary>
/// The dev host's stand-in for the Service Bus topic <c>legislative-events</c>, with its delivery
/// semantics: duplicate detection by message id, at-least-once delivery to each subscription,
/// redelivery after a failed handler, and after the max delivery count the dead-letter queue.
/// Nothing is dropped silently: every message ends handled or dead-lettered.
/// </summary>
public sealed class InProcessTopic : IEventPublisher, IAsyncDisposable
{
    private readonly InProcessTopicOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<InProcessTopic> _logger;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly List<Subscription> _subscriptions = [];
    private readonly ConcurrentQueue<DeadLetteredMessage> _deadLetters = new();
    private readonly CancellationTokenSource _stop = new();
    private int _inFlight;

    public InProcessTopic(InProcessTopicOptions options, TimeProvider time, ILogger<InProcessTopic> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Messages dead-lettered so far, oldest first.</summary>
    public IReadOnlyCollection<DeadLetteredMessage> DeadLetters => _deadLetters.ToArray();

    private int _accepted;
    private int _duplicatesDropped;

    /// <summary>Messages published (after duplicate detection) so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Messages dropped by duplicate detection so far.</summary>
    public int DuplicatesDropped => Volatile.Read(ref _duplicatesDropped);

    /// <summary>Adds a subscription whose handler gets each message body; a handler that throws gets it again.</summary>
    public void Subscribe(string name, Func<TopicMessage, CancellationToken, Task> handler)
    {
        var channel = Channel.CreateUnbounded<TopicMessage>();
        var subscription = new Subscription(name, channel, handler);
        lock (_subscriptions)
        {
            _subscriptions.Add(subscription);
        }

        for (var i = 0; i < Math.Max(1, _options.MaxConcurrentCalls); i++)
        {
            _ = Task.Run(() => PumpAsync(subscription, _stop.Token));
        }
    }

    public Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        foreach (var e in events)
        {
            // Atomic check-and-set: a scrape and the sweeper may publish the same event at once.
            if (!_seen.TryAdd(e.Id, now) && _seen.TryGetValue(e.Id, out var at) && now - at < _options.DuplicateDetectionWindow)
            {
                Interlocked.Increment(ref _duplicatesDropped);
                _logger.LogInformation("Duplicate message {MessageId} dropped by duplicate detection", e.Id);
                continue;
            }

            _seen[e.Id] = now;
            Interlocked.Increment(ref _accepted);
            Subscription[] targets;
            lock (_subscriptions)
            {
                targets = [.. _subscriptions];
            }

            foreach (var s in targets)
            {
                Interlocked.Increment(ref _inFlight);
                s.Channel.Writer.TryWrite(new TopicMessage(e.Id, e.ToJson(), e.Type, e.Subject, now));
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits until every message published so far is handled or dead-lettered (tests, shutdown).</summary>
    public async Task WaitIdleAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Volatile.Read(ref _inFlight) > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{_inFlight} messages still in flight.");
            }

            await Task.Delay(10);
        }
    }

    private async Task PumpAsync(Subscription s, CancellationToken stop)
    {
        try
        {
            await foreach (var message in s.Channel.Reader.ReadAllAsync(stop))
            {
                message.DeliveryCount++;
                try
                {
                    await s.Handler(message, stop);
                    Interlocked.Decrement(ref _inFlight);
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    if (message.DeliveryCount >= _options.MaxDeliveryCount)
                    {
                        _deadLetters.Enqueue(new DeadLetteredMessage(s.Name, message.MessageId, message.Type, message.Subject, message.DeliveryCount,
                            "MaxDeliveryCountExceeded", ex.Message, _time.GetUtcNow(), message.Body));
                        Interlocked.Decrement(ref _inFlight);
                        _logger.LogError(ex, "Message {MessageId} dead-lettered on {Subscription} after {Count} deliveries", message.MessageId, s.Name, message.DeliveryCount);
                        continue;
                    }

                    _logger.LogWarning("Message {MessageId} failed on {Subscription} (delivery {Count} of {Max}): {Error}; it will be delivered again",
                        message.MessageId, s.Name, message.DeliveryCount, _options.MaxDeliveryCount, ex.Message);
                    _ = RedeliverAsync(s, message, stop);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RedeliverAsync(Subscription s, TopicMessage message, CancellationToken stop)
    {
        try
        {
            await Task.Delay(_options.RedeliveryDelay, _time, stop);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        s.Channel.Writer.TryWrite(message);
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed record Subscription(string Name, Channel<TopicMessage> Channel, Func<TopicMessage, CancellationToken, Task> Handler);
}
