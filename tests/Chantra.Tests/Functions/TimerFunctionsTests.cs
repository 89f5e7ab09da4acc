using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.Sources;
using Chantra.Functions.Bills;
using Chantra.Functions.Events;
using Chantra.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Chantra.Tests.Functions;

/// <summary>The timer functions with the real domain services around mocked storage, source, topic and health.</summary>
public sealed class TimerFunctionsTests
{
    private const string SourceName = "bills-test";

    private readonly Mock<IBillSource> _source = new();
    private readonly Mock<IBillStore> _store = new();
    private readonly Mock<IEventPublisher> _publisher = new();
    private readonly Mock<ISourceHealthStore> _health = new();

    public TimerFunctionsTests() => _source.SetupGet(s => s.Name).Returns(SourceName);

    private OutboxRelay Relay() => new(_publisher.Object, _store.Object, NullLogger<OutboxRelay>.Instance);

    private ScrapeBills Scrape() => new(
        new BillScrapeService(_source.Object, _store.Object, TestData.Detector(), Relay(), _health.Object, TimeProvider.System, NullLogger<BillScrapeService>.Instance),
        NullLogger<ScrapeBills>.Instance);

    private SweepOutbox Sweep(OutboxSweeperOptions? options = null) => new(
        [new OutboxSweeper(_store.Object, Relay(), TimeProvider.System, options ?? new OutboxSweeperOptions(), NullLogger<OutboxSweeper>.Instance)],
        NullLogger<SweepOutbox>.Instance);

    [Fact]
    public async Task Source_layout_change_records_a_failure_and_writes_nothing()
    {
        _source.Setup(s => s.ReadAsync(It.IsAny<CancellationToken>()))
            .ThrowsAsync(new SourceLayoutException(SourceName, "the column สถานะ is gone"));

        var before = DateTimeOffset.UtcNow;
        await Scrape().Run(new TimerInfo(), CancellationToken.None);

        _health.Verify(h => h.RecordFailureAsync(
            SourceName,
            It.Is<DateTimeOffset>(at => at >= before && at <= DateTimeOffset.UtcNow),
            It.Is<string>(m => m.Contains("the column สถานะ is gone", StringComparison.Ordinal)),
            It.IsAny<CancellationToken>()), Times.Once);
        _health.VerifyNoOtherCalls();      // in particular no RecordSuccessAsync
        _store.VerifyNoOtherCalls();       // nothing read, nothing written
        _publisher.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task New_bill_is_committed_and_published_once()
    {
        var snapshot = TestData.Snapshot("bill-100", ("เสนอร่างโดยคณะรัฐมนตรี", "2026-11-01"), ("สภาผู้แทนราษฎรลงมติรับหลักการ", "2026-11-20"));
        _source.Setup(s => s.ReadAsync(It.IsAny<CancellationToken>())).ReturnsAsync([snapshot]);
        _store.Setup(s => s.GetFingerprintsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new Dictionary<string, string>());
        _store.Setup(s => s.GetAsync("bill-100", It.IsAny<CancellationToken>())).ReturnsAsync((StoredBill?)null);
        BillChange? committed = null;
        _store.Setup(s => s.CommitAsync(It.IsAny<BillChange>(), It.IsAny<CancellationToken>()))
            .Callback<BillChange, CancellationToken>((c, _) => committed = c)
            .ReturnsAsync(CommitOutcome.Committed);
        var published = new List<CloudEvent>();
        _publisher.Setup(p => p.PublishAsync(It.IsAny<IReadOnlyList<CloudEvent>>(), It.IsAny<CancellationToken>()))
            .Callback<IReadOnlyList<CloudEvent>, CancellationToken>((events, _) => published.AddRange(events))
            .Returns(Task.CompletedTask);

        await Scrape().Run(new TimerInfo { IsPastDue = true }, CancellationToken.None);

        _store.Verify(s => s.CommitAsync(It.IsAny<BillChange>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.NotNull(committed);
        Assert.Null(committed.ExpectedVersion); // a new bill: created, never overwritten
        Assert.Equal("bill-100", committed.State.Id);
        Assert.Equal(BillStage.HouseCommittee, committed.State.Stage);
        Assert.Equal(2, committed.NewSteps.Count);

        _publisher.Verify(p => p.PublishAsync(It.IsAny<IReadOnlyList<CloudEvent>>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(committed.Events.Select(e => e.Id), published.Select(e => e.Id));
        Assert.Equal([EventTypes.BillCreated, EventTypes.BillStageChanged], published.Select(e => e.Type));
        Assert.All(published, e => Assert.Equal("bills/bill-100", e.Subject));

        _store.Verify(s => s.CompleteOutboxAsync(
            "bill-100",
            It.Is<IReadOnlyCollection<string>>(ids => ids.Order(StringComparer.Ordinal).SequenceEqual(published.Select(e => e.Id).Order(StringComparer.Ordinal))),
            It.IsAny<CancellationToken>()), Times.Once);
        _health.Verify(h => h.RecordSuccessAsync(SourceName, It.IsAny<DateTimeOffset>(), 1, It.IsAny<CancellationToken>()), Times.Once);
        _health.Verify(h => h.RecordFailureAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Unchanged_bill_is_neither_read_nor_committed_nor_published()
    {
        var snapshot = TestData.Snapshot("bill-101", ("เสนอร่างโดยคณะรัฐมนตรี", "2026-11-01"));
        _source.Setup(s => s.ReadAsync(It.IsAny<CancellationToken>())).ReturnsAsync([snapshot]);
        _store.Setup(s => s.GetFingerprintsAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<string, string> { ["bill-101"] = BillChangeDetector.Fingerprint(snapshot) });

        await Scrape().Run(new TimerInfo(), CancellationToken.None);

        _store.Verify(s => s.GetFingerprintsAsync(It.IsAny<CancellationToken>()), Times.Once);
        _store.VerifyNoOtherCalls();
        _publisher.VerifyNoOtherCalls();
        _health.Verify(h => h.RecordSuccessAsync(SourceName, It.IsAny<DateTimeOffset>(), 1, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Sweep_publishes_what_the_outbox_kept_and_marks_it_sent()
    {
        var change = TestData.Detector().Detect(null, TestData.Snapshot("bill-102", ("เสนอร่างโดยคณะรัฐมนตรี", "2026-11-01")), TestData.Now)!;
        var pending = change.Events.Select(e => new PendingEvent("bill-102", e)).ToList();
        DateTimeOffset? cutoff = null;
        _store.Setup(s => s.GetPendingEventsAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Callback<DateTimeOffset, int, CancellationToken>((before, _, _) => cutoff = before)
            .ReturnsAsync(pending);
        var published = new List<CloudEvent>();
        _publisher.Setup(p => p.PublishAsync(It.IsAny<IReadOnlyList<CloudEvent>>(), It.IsAny<CancellationToken>()))
            .Callback<IReadOnlyList<CloudEvent>, CancellationToken>((events, _) => published.AddRange(events))
            .Returns(Task.CompletedTask);

        var start = DateTimeOffset.UtcNow;
        await Sweep(new OutboxSweeperOptions { MinAge = TimeSpan.FromMinutes(5), MaxPerSweep = 50 }).Run(new TimerInfo(), CancellationToken.None);

        _store.Verify(s => s.GetPendingEventsAsync(It.IsAny<DateTimeOffset>(), 50, It.IsAny<CancellationToken>()), Times.Once);
        Assert.NotNull(cutoff);
        Assert.InRange(cutoff.Value, start - TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5)); // rows younger than MinAge are left alone
        _publisher.Verify(p => p.PublishAsync(It.IsAny<IReadOnlyList<CloudEvent>>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(change.Events.Select(e => e.Id), published.Select(e => e.Id));
        _store.Verify(s => s.CompleteOutboxAsync("bill-102", It.Is<IReadOnlyCollection<string>>(ids => ids.SequenceEqual(change.Events.Select(e => e.Id))), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Sweep_of_an_empty_outbox_publishes_nothing()
    {
        _store.Setup(s => s.GetPendingEventsAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([]);

        await Sweep().Run(new TimerInfo(), CancellationToken.None);

        _publisher.VerifyNoOtherCalls();
        _store.Verify(s => s.GetPendingEventsAsync(It.IsAny<DateTimeOffset>(), 1000, It.IsAny<CancellationToken>()), Times.Once);
        _store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Sweep_whose_publish_fails_leaves_the_outbox_as_it_is()
    {
        var change = TestData.Detector().Detect(null, TestData.Snapshot("bill-103", ("เสนอร่างโดยคณะรัฐมนตรี", "2026-11-01")), TestData.Now)!;
        _store.Setup(s => s.GetPendingEventsAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(change.Events.Select(e => new PendingEvent("bill-103", e)).ToList());
        _publisher.Setup(p => p.PublishAsync(It.IsAny<IReadOnlyList<CloudEvent>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("topic unavailable"));

        await Sweep().Run(new TimerInfo(), CancellationToken.None);

        _publisher.Verify(p => p.PublishAsync(It.IsAny<IReadOnlyList<CloudEvent>>(), It.IsAny<CancellationToken>()), Times.Once);
        _store.Verify(s => s.CompleteOutboxAsync(It.IsAny<string>(), It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
