using System.Net;
using System.Net.Sockets;
using Chantra.Azure.Webhooks;
using Chantra.DevHost;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.Ministry;
using Chantra.Domain.Webhooks;
using Chantra.Functions.Webhooks;
using Chantra.Tests.Infrastructure;
using Chantra.Tests.Staff;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Tests.Webhooks;

/// <summary>Staff-set ministries in memory.</summary>
public sealed class FakeBillMinistries : IBillMinistryStore
{
    public Dictionary<string, string> Overrides { get; } = new(StringComparer.Ordinal);

    public Task<string?> GetOverrideAsync(string billId, CancellationToken cancellationToken) =>
        Task.FromResult(Overrides.TryGetValue(billId, out var m) ? m : null);

    public Task<BillMinistryChange?> SetOverrideAsync(string billId, string? ministry, string setBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (ministry is null)
        {
            Overrides.Remove(billId);
        }
        else
        {
            Overrides[billId] = ministry;
        }

        return Task.FromResult<BillMinistryChange?>(new BillMinistryChange(new BillMinistry(billId, null, ministry, at, setBy), null));
    }
}

/// <summary>
/// Delivery end to end but for Service Bus: events → <see cref="WebhookDeliveryService"/> → the real
/// HTTP sender (its checked connections) → local receivers; endpoints and delivery records on Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WebhookDeliveryTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero));
    private readonly List<TimeSpan> _delays = [];
    private readonly FakeBillMinistries _ministries = new();
    private readonly CapturingLogger<WebhookDeliveryService> _log = new();
    private readonly TableResolver _dns = new();
    private readonly List<IAsyncDisposable> _disposables = [];
    private WebhookReceiver _receiver = null!;
    private TableWebhookStore _store = null!;
    private WebhookRegistry _registry = null!;
    private WebhookDeliveryService _delivery = null!;
    private WebhookHttpSender? _sender;

    public async Task InitializeAsync()
    {
        _receiver = await Receiver();
        Build(new WebhookOptions { AllowLoopbackForDevelopment = true });
    }

    public async Task DisposeAsync()
    {
        _sender?.Dispose();
        foreach (var d in _disposables)
        {
            await d.DisposeAsync();
        }
    }

    private async Task<WebhookReceiver> Receiver()
    {
        var receiver = await WebhookReceiver.StartAsync();
        _disposables.Add(receiver);
        return receiver;
    }

    private void Build(WebhookOptions options)
    {
        _sender?.Dispose();
        _store = TableWebhookStoreTests.NewStore(azurite);
        var policy = new WebhookAddressPolicy(_dns, options);
        _sender = new WebhookHttpSender(policy, options, _time, NullLogger<WebhookHttpSender>.Instance, (d, _) =>
        {
            lock (_delays)
            {
                _delays.Add(d);
            }

            return Task.CompletedTask;
        });
        _registry = new WebhookRegistry(_store, policy, options, _time, NullLogger<WebhookRegistry>.Instance);
        _delivery = new WebhookDeliveryService(_store, _ministries, _sender, options, _time, _log);
    }

    private async Task<WebhookEndpoint> Register(string ministry, string url)
    {
        var result = await _registry.RegisterAsync(ministry, url, "staff-oid", default);
        Assert.Equal(WebhookOutcome.Created, result.Outcome);
        return result.Endpoint!;
    }

    private static CloudEvent BillEvent(string billId, string? ministry) =>
        TestData.Detector().Detect(null, TestData.Snapshot(billId, ("เสนอร่างกฎหมาย", "2020-01-01")) with { Ministry = ministry }, TestData.Now)!.Events[0];

    private Task<IReadOnlyList<WebhookDelivery>> Deliver(CloudEvent e) => _delivery.DeliverAsync(e, e.ToJson(), default);

    [Fact]
    public async Task A_200_target_receives_the_exact_event_body_signed_with_its_secret()
    {
        var endpoint = await Register("mof", _receiver.Url);
        var e = BillEvent("7", "mof");
        var body = e.ToJson();

        var results = await _delivery.DeliverAsync(e, body, default);

        Assert.True(Assert.Single(results).Delivered);
        var received = Assert.Single(_receiver.Received);
        Assert.Equal("POST", received.Method);
        Assert.Equal("/hook", received.Path);
        Assert.Equal(body, received.Body);
        Assert.Equal("application/cloudevents+json; charset=utf-8", received.ContentType);
        Assert.Equal(endpoint.Id, received.Headers["Chantra-Webhook-Id"]);
        Assert.Equal(e.Id, received.Headers["Chantra-Event-Id"]);
        var timestamp = received.Headers["Chantra-Timestamp"];
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), timestamp);
        Assert.Equal(WebhookSignatureTests.ReadmeSignature(endpoint.Secret, timestamp, received.Body), received.Headers["Chantra-Signature"]);
        Assert.StartsWith("Chantra-Webhooks/", received.Headers["User-Agent"], StringComparison.Ordinal);

        var stored = await _store.GetAsync("mof", endpoint.Id, default);
        Assert.Equal(_time.GetUtcNow(), stored!.LastSuccessAt);
        Assert.Contains(endpoint.Id, await _store.GetDeliveredAsync(e.Id, default));
    }

    [Fact]
    public async Task A_500_target_is_retried_with_back_off_then_the_delivery_throws()
    {
        var endpoint = await Register("mof", _receiver.Url);
        _receiver.AlwaysRespond(HttpStatusCode.InternalServerError);

        var ex = await Assert.ThrowsAsync<WebhookDeliveryException>(() => Deliver(BillEvent("7", "mof")));

        Assert.Equal(3, _receiver.Received.Count);
        Assert.Equal(2, _delays.Count);
        Assert.InRange(_delays[0], TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.InRange(_delays[1], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.Contains("HTTP 500", Assert.Single(ex.Failures).Error, StringComparison.Ordinal);
        var stored = await _store.GetAsync("mof", endpoint.Id, default);
        Assert.Equal(_time.GetUtcNow(), stored!.FailingSince);
        Assert.StartsWith("HTTP 500", stored.LastError, StringComparison.Ordinal);
        Assert.Equal(WebhookState.Active, stored.State);
    }

    [Fact]
    public async Task Retry_After_is_honoured()
    {
        await Register("mof", _receiver.Url);
        _receiver.Enqueue(HttpStatusCode.ServiceUnavailable, retryAfter: "2");

        await Deliver(BillEvent("7", "mof"));

        Assert.Equal([503, 200], _receiver.Received.Select(r => r.AnsweredWith));
        Assert.Equal(TimeSpan.FromSeconds(2), Assert.Single(_delays));
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_longest_wait_is_left_to_Service_Bus_redelivery()
    {
        await Register("mof", _receiver.Url);
        _receiver.Enqueue(HttpStatusCode.TooManyRequests, retryAfter: "120");

        var ex = await Assert.ThrowsAsync<WebhookDeliveryException>(() => Deliver(BillEvent("7", "mof")));

        Assert.Single(_receiver.Received);
        Assert.Empty(_delays);
        Assert.Contains("retry after 120 s", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.MovedPermanently)]
    public async Task Other_answers_fail_at_once(HttpStatusCode status)
    {
        await Register("mof", _receiver.Url);
        _receiver.AlwaysRespond(status);

        await Assert.ThrowsAsync<WebhookDeliveryException>(() => Deliver(BillEvent("7", "mof")));

        Assert.Single(_receiver.Received);
    }

    [Fact]
    public async Task A_redelivery_after_one_endpoint_failed_is_not_sent_again_to_the_one_that_took_it()
    {
        var failing = await Receiver();
        await Register("mof", _receiver.Url);
        await Register("mof", failing.Url);
        failing.AlwaysRespond(HttpStatusCode.BadGateway);
        var e = BillEvent("7", "mof");

        await Assert.ThrowsAsync<WebhookDeliveryException>(() => Deliver(e));
        await Assert.ThrowsAsync<WebhookDeliveryException>(() => Deliver(e));
        failing.AlwaysRespond(HttpStatusCode.OK);
        var last = await Deliver(e);

        Assert.Single(_receiver.Received);
        Assert.Equal(7, failing.Received.Count); // 3 + 3 attempts, then the one that worked
        Assert.Equal(2, last.Count);
        Assert.Single(last, r => r.Skipped);
    }

    [Fact]
    public async Task After_the_max_delivery_count_the_message_is_dead_lettered()
    {
        Build(new WebhookOptions { AllowLoopbackForDevelopment = true, MaxAttempts = 2 });
        await Register("mof", _receiver.Url);
        _receiver.AlwaysRespond(HttpStatusCode.InternalServerError);
        var function = new DeliverWebhooks(_delivery, NullLogger<DeliverWebhooks>.Instance);
        await using var topic = new InProcessTopic(new InProcessTopicOptions { MaxDeliveryCount = 3, RedeliveryDelay = TimeSpan.Zero, MaxConcurrentCalls = 1 },
            TimeProvider.System, NullLogger<InProcessTopic>.Instance);
        topic.Subscribe(DeliverWebhooks.Subscription, (m, ct) => function.Run(m.Body, ct));
        var e = BillEvent("7", "mof");

        await topic.PublishAsync([e], default);
        await topic.WaitIdleAsync(TimeSpan.FromSeconds(60));

        var dead = Assert.Single(topic.DeadLetters);
        Assert.Equal("webhooks", dead.Subscription);
        Assert.Equal(e.Id, dead.MessageId);
        Assert.Equal(3, dead.DeliveryCount);
        Assert.Contains("HTTP 500", dead.ErrorDescription, StringComparison.Ordinal);
        Assert.Equal(6, _receiver.Received.Count); // 3 deliveries × 2 attempts
    }

    [Fact]
    public async Task An_endpoint_failing_for_PauseAfter_is_paused_staff_are_told_and_it_can_be_resumed()
    {
        var endpoint = await Register("mof", _receiver.Url);
        _receiver.AlwaysRespond(HttpStatusCode.ServiceUnavailable);
        var start = _time.GetUtcNow();

        await Assert.ThrowsAsync<WebhookDeliveryException>(() => Deliver(BillEvent("1", "mof")));
        _time.Advance(TimeSpan.FromDays(2));
        await Assert.ThrowsAsync<WebhookDeliveryException>(() => Deliver(BillEvent("2", "mof")));
        Assert.Equal(WebhookState.Active, (await _store.GetAsync("mof", endpoint.Id, default))!.State);

        _time.Advance(TimeSpan.FromDays(1));
        var pausing = await Deliver(BillEvent("3", "mof")); // paused: not worth a redelivery, so no throw

        Assert.True(Assert.Single(pausing).Paused);
        var paused = (await _registry.ListAsync("mof", default)).Single();
        Assert.Equal(WebhookState.Paused, paused.State);
        Assert.Equal(start, paused.FailingSince);
        Assert.Equal(_time.GetUtcNow(), paused.PausedAt);
        Assert.StartsWith("HTTP 503", paused.LastError, StringComparison.Ordinal);
        Assert.Contains(_log.Entries, l => l.Level == LogLevel.Error && l.Message.Contains(endpoint.Id, StringComparison.Ordinal) && l.Message.Contains("paused", StringComparison.Ordinal));

        var sent = _receiver.Received.Count;
        Assert.Empty(await Deliver(BillEvent("4", "mof")));
        Assert.Equal(sent, _receiver.Received.Count);

        var resumed = await _registry.ResumeAsync("mof", endpoint.Id, "staff-oid", default);
        _receiver.AlwaysRespond(HttpStatusCode.OK);
        await Deliver(BillEvent("5", "mof"));

        Assert.Equal(WebhookOutcome.Resumed, resumed.Outcome);
        Assert.Equal(WebhookState.Active, resumed.Endpoint!.State);
        Assert.Null(resumed.Endpoint.FailingSince);
        Assert.Equal(sent + 1, _receiver.Received.Count);
    }

    [Fact]
    public async Task A_success_restarts_the_failure_clock()
    {
        var endpoint = await Register("mof", _receiver.Url);
        _receiver.AlwaysRespond(HttpStatusCode.InternalServerError);
        await Assert.ThrowsAsync<WebhookDeliveryException>(() => Deliver(BillEvent("1", "mof")));
        _time.Advance(TimeSpan.FromDays(2));
        _receiver.AlwaysRespond(HttpStatusCode.OK);
        await Deliver(BillEvent("2", "mof"));
        _time.Advance(TimeSpan.FromDays(1.5));
        _receiver.AlwaysRespond(HttpStatusCode.InternalServerError);

        await Assert.ThrowsAsync<WebhookDeliveryException>(() => Deliver(BillEvent("3", "mof")));

        var stored = (await _store.GetAsync("mof", endpoint.Id, default))!;
        Assert.Equal(WebhookState.Active, stored.State);
        Assert.Equal(_time.GetUtcNow(), stored.FailingSince);
    }

    [Fact]
    public async Task The_staff_set_ministry_decides_where_a_bill_event_goes()
    {
        var moph = await Receiver();
        await Register("mof", _receiver.Url);
        await Register("moph", moph.Url);
        _ministries.Overrides["7"] = "mof";  // the source names none
        _ministries.Overrides["8"] = "moph"; // the source says mof; staff know better

        await Deliver(BillEvent("7", null));
        await Deliver(BillEvent("8", "mof"));

        Assert.Equal(["bills/7"], _receiver.Received.Select(r => CloudEvent.Parse(r.Body).Subject));
        Assert.Equal(["bills/8"], moph.Received.Select(r => CloudEvent.Parse(r.Body).Subject));
    }

    [Fact]
    public async Task Other_events_and_ministries_without_endpoints_send_nothing()
    {
        await Register("mof", _receiver.Url);
        var meeting = new CloudEvent("m1", EventTypes.Source, EventTypes.MeetingStarted, "meetings/msbis-1", TestData.Now, new System.Text.Json.Nodes.JsonObject { ["ministry"] = "mof" });

        Assert.Empty(await Deliver(meeting));
        Assert.Empty(await Deliver(BillEvent("7", "moph")));
        Assert.Empty(await Deliver(BillEvent("8", null)));
        Assert.Empty(await Deliver(BillEvent("9", "not-a-ministry")));
        Assert.Empty(_receiver.Received);
    }

    [Fact]
    public async Task A_name_that_resolves_inside_at_send_time_is_refused_without_connecting()
    {
        // A port that only a local listener answers; allowed explicitly so the name is all that is checked.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            Build(new WebhookOptions { AllowedPorts = [port] });
            _dns.Map("hooks.ministry.example", "93.184.216.34");
            await Register("mof", $"https://hooks.ministry.example:{port}/hook");
            _dns.Map("hooks.ministry.example", "127.0.0.1"); // rebinding: the name now points at us

            var ex = await Assert.ThrowsAsync<WebhookDeliveryException>(() => Deliver(BillEvent("7", "mof")));

            Assert.Contains("refused", Assert.Single(ex.Failures).Error, StringComparison.Ordinal);
            Assert.False(listener.Pending(), "a connection reached the loopback listener");
            Assert.Empty(_delays); // a refusal is not retried
        }
        finally
        {
            listener.Stop();
        }
    }
}
