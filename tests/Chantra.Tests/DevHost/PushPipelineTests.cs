using System.Net;
using Chantra.Azure.NotificationHubs;
using Chantra.DevHost;
using Chantra.Domain.Events;
using Chantra.Domain.Push;
using Chantra.Functions.Push;
using Chantra.Tests.Infrastructure;
using Chantra.Tests.NotificationHubs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Tests.DevHost;

/// <summary>
/// Topic → FanOutPush → Notification Hubs REST client → a local hub that checks what the real one
/// checks: the delivery semantics end to end, with only the network replaced.
/// </summary>
public sealed class PushPipelineTests : IAsyncLifetime
{
    private const string Namespace = "chantra-test";
    private const string Hub = "chantra";
    private const string KeyName = "DefaultFullSharedAccessSignature";
    private const string Key = "dGVzdC1rZXktbm90LWEtc2VjcmV0LWZvci1jaGFudHJh";
    private FakeNotificationHubServer _hub = null!;
    private readonly HttpClient _http = new();
    private readonly List<TimeSpan> _delays = [];

    public async Task InitializeAsync() => _hub = await FakeNotificationHubServer.StartAsync(Namespace, Hub, KeyName, Key);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _hub.DisposeAsync();
    }

    private (InProcessTopic Topic, FanOutPush Function) Pipeline(int maxDeliveryCount, int maxAttempts)
    {
        var client = new NotificationHubsClient(_http, new NotificationHubsOptions
        {
            ConnectionString = FakeNotificationHubServer.ConnectionStringFor(Namespace, KeyName, Key),
            HubName = Hub,
            Endpoint = _hub.BaseUri,
            MaxAttempts = maxAttempts,
        }, NullLogger<NotificationHubsClient>.Instance, TimeProvider.System, (d, _) =>
        {
            lock (_delays)
            {
                _delays.Add(d);
            }

            return Task.CompletedTask;
        });
        var function = new FanOutPush(new PushFanOutService([new BillPushComposer(), new MeetingPushComposer()], client, NullLogger<PushFanOutService>.Instance), NullLogger<FanOutPush>.Instance);
        var topic = new InProcessTopic(new InProcessTopicOptions { MaxDeliveryCount = maxDeliveryCount, RedeliveryDelay = TimeSpan.Zero, MaxConcurrentCalls = 1 },
            TimeProvider.System, NullLogger<InProcessTopic>.Instance);
        topic.Subscribe(FanOutPush.Subscription, (m, ct) => function.Run(m.Body, ct));
        return (topic, function);
    }

    private static IReadOnlyList<CloudEvent> StageChanged(string billId) =>
        TestData.Detector().Detect(null, TestData.Snapshot(billId, ("เสนอร่างกฎหมาย", "2020-01-01")), TestData.Now)!.Events;

    [Fact]
    public async Task A_hub_429_then_200_sends_once_honouring_Retry_After()
    {
        var (topic, _) = Pipeline(maxDeliveryCount: 10, maxAttempts: 4);
        _hub.Enqueue(HttpStatusCode.TooManyRequests, retryAfter: "3");

        await topic.PublishAsync(StageChanged("42"), default);
        await topic.WaitIdleAsync(TimeSpan.FromSeconds(30));

        var send = Assert.Single(_hub.Sends);
        Assert.Equal("bill:42", send.TagExpression);
        Assert.Equal(TimeSpan.FromSeconds(3), Assert.Single(_delays));
        Assert.Empty(topic.DeadLetters);
    }

    [Fact]
    public async Task A_permanent_hub_500_ends_in_the_dead_letter_queue_after_the_max_delivery_count()
    {
        var (topic, _) = Pipeline(maxDeliveryCount: 3, maxAttempts: 2);
        _hub.AlwaysRespond(HttpStatusCode.InternalServerError);
        var events = StageChanged("43");

        await topic.PublishAsync(events, default);
        await topic.WaitIdleAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(_hub.Sends);
        Assert.Equal(3 * 2, _hub.RequestCount); // 3 deliveries × 2 attempts each, then no more
        var dead = Assert.Single(topic.DeadLetters);
        Assert.Equal(events[0].Id, dead.MessageId);
        Assert.Equal(3, dead.DeliveryCount);
        Assert.Equal("MaxDeliveryCountExceeded", dead.Reason);
        Assert.Equal(events[0].ToJson(), dead.Body); // kept whole, to be resubmitted
    }

    [Fact]
    public async Task A_republished_event_is_dropped_by_duplicate_detection_and_pushed_once()
    {
        var (topic, _) = Pipeline(maxDeliveryCount: 10, maxAttempts: 1);
        var events = StageChanged("44");

        await topic.PublishAsync(events, default);
        await topic.PublishAsync(events, default);
        await topic.WaitIdleAsync(TimeSpan.FromSeconds(30));

        Assert.Single(_hub.Sends);
        Assert.Equal(1, topic.DuplicatesDropped);
    }

    [Fact]
    public async Task One_event_is_one_hub_call_whatever_the_number_of_followers()
    {
        var (topic, _) = Pipeline(maxDeliveryCount: 10, maxAttempts: 1);
        var events = Enumerable.Range(1, 20).SelectMany(i => StageChanged($"b{i}")).ToArray();

        await topic.PublishAsync(events, default);
        await topic.WaitIdleAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(events.Length, _hub.RequestCount);
        Assert.Equal(events.Select(e => "bill:" + e.Data["billId"]).Order(), _hub.Sends.Select(s => s.TagExpression).Order());
    }
}
