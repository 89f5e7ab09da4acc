using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Chantra.Tests.Events;

public sealed class OutboxRelayTests
{
    private static IReadOnlyList<PendingEvent> Pending(int bills, int eventsEach) =>
        Enumerable.Range(1, bills).SelectMany(b => Enumerable.Range(0, eventsEach).Select(i =>
            new PendingEvent($"b{b}", new CloudEvent($"e{b}-{i}", EventTypes.Source, EventTypes.BillStageChanged, $"bills/b{b}", TestData.Now, [])))).ToList();

    [Fact]
    public async Task A_bills_events_stay_in_one_publish_so_its_outbox_is_completed_once()
    {
        var store = new Mock<IBillStore>();
        var publisher = new RecordingPublisher();
        var relay = new OutboxRelay(publisher, store.Object, NullLogger<OutboxRelay>.Instance);

        var published = await relay.RelayAsync(Pending(bills: 70, eventsEach: 3), default);

        Assert.Equal(210, published);
        Assert.Equal(3, publisher.Calls); // 99 + 99 + 12: no chunk splits a bill
        for (var b = 1; b <= 70; b++)
        {
            store.Verify(s => s.CompleteOutboxAsync($"b{b}", It.Is<IReadOnlyCollection<string>>(ids => ids.Count == 3), It.IsAny<CancellationToken>()), Times.Once);
        }
    }

    [Fact]
    public async Task A_failed_publish_completes_nothing_and_leaves_the_rows_for_the_sweeper()
    {
        var store = new Mock<IBillStore>(MockBehavior.Strict);
        var relay = new OutboxRelay(new RecordingPublisher { FailuresLeft = 1 }, store.Object, NullLogger<OutboxRelay>.Instance);

        var published = await relay.RelayAsync(Pending(bills: 2, eventsEach: 1), default);

        Assert.Equal(0, published);
        store.VerifyNoOtherCalls();
    }
}
