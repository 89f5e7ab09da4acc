using System.Collections.Concurrent;
using Chantra.Azure.Storage;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.Sources;
using Chantra.Sources.Replay;
using Chantra.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Tests.Bills;

/// <summary>The scrape → table → outbox → publish path on Azurite with the real recorded bills.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BillScrapeServiceTests(AzuriteFixture azurite)
{
    private static ReplayBillSource InstantReplay() => new(
        new ReplayOptions { BillsCsv = TestData.BillsCsv, VotesYaml = TestData.VotesYaml, Mode = ReplayMode.Instant },
        TimeProvider.System, NullLogger<ReplayBillSource>.Instance);

    private static BillScrapeService Scrape(IBillSource source, IBillStore store, IEventPublisher publisher, ISourceHealthStore health, TimeProvider? time = null) => new(
        source, store, TestData.Detector(),
        new OutboxRelay(publisher, store, NullLogger<OutboxRelay>.Instance),
        health, time ?? TimeProvider.System, NullLogger<BillScrapeService>.Instance);

    [Fact]
    public async Task The_first_scrape_stores_every_real_bill_and_publishes_one_event_per_step()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableBillStore(tables);
        var publisher = new RecordingPublisher();
        var source = InstantReplay();
        var expectedSteps = (await source.ReadAsync(default)).Sum(b => b.Steps.Count);

        var report = await Scrape(source, store, publisher, new TableSourceHealthStore(tables)).RunAsync(default);

        Assert.Equal(411, report.Seen);
        Assert.Equal(411, report.Changed);
        Assert.Equal(expectedSteps, publisher.Published.Count);
        Assert.Equal(publisher.Published.Count, publisher.Published.Select(e => e.Id).Distinct().Count());
        Assert.Equal(411, publisher.Published.Count(e => e.Type == EventTypes.BillCreated));
        Assert.Equal(411, (await store.GetFingerprintsAsync(default)).Count);
        Assert.Empty(await store.GetPendingEventsAsync(DateTimeOffset.MaxValue, 10, default));
    }

    [Fact]
    public async Task A_second_scrape_of_unchanged_data_writes_nothing_and_publishes_nothing()
    {
        var (tables, counter) = azurite.NewTables();
        var store = new TableBillStore(tables);
        var publisher = new RecordingPublisher();
        var scrape = Scrape(InstantReplay(), store, publisher, new TableSourceHealthStore(tables));
        await scrape.RunAsync(default);
        var publishCalls = publisher.Calls;
        counter.Reset();

        var report = await scrape.RunAsync(default);

        Assert.Equal(0, report.Changed);
        Assert.Equal(0, counter.Writes);
        Assert.Equal(1, counter.Reads); // one page of the read model (411 rows < 1,000 a page)
        Assert.Equal(publishCalls, publisher.Calls);
    }

    [Fact]
    public async Task An_event_whose_publish_failed_is_published_by_the_sweeper_exactly_once()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableBillStore(tables);
        var publisher = new RecordingPublisher { FailuresLeft = 1 };
        var source = new ListSource([TestData.Snapshot("77", ("เสนอร่างกฎหมาย", "2020-01-01"), ("สภาผู้แทนราษฎรลงมติรับหลักการ (วาระที่ 1)", "2020-02-01"))]);
        var report = await Scrape(source, store, publisher, new TableSourceHealthStore(tables)).RunAsync(default);
        Assert.Equal((2, 0), (report.Events, report.Published));
        Assert.Empty(publisher.Published);
        Assert.Empty(await store.GetFingerprintsAsync(default)); // the read model follows the outbox

        var sweeper = new OutboxSweeper(store, new OutboxRelay(publisher, store, NullLogger<OutboxRelay>.Instance), TimeProvider.System,
            new OutboxSweeperOptions { MinAge = TimeSpan.Zero }, NullLogger<OutboxSweeper>.Instance);
        var first = await sweeper.SweepAsync(default);
        var second = await sweeper.SweepAsync(default);

        Assert.Equal(2, first);
        Assert.Equal(0, second);
        Assert.Equal(2, publisher.Published.Count);
        Assert.Equal(2, publisher.Published.Select(e => e.Id).Distinct().Count());
        Assert.Equal(BillStage.HouseCommittee, (await store.QueryAsync(new BillQuery(), default)).Items.Single().Stage);
    }

    [Fact]
    public async Task The_sweeper_leaves_young_rows_to_the_scrape_that_wrote_them()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableBillStore(tables);
        var publisher = new RecordingPublisher { FailuresLeft = 1 };
        await Scrape(new ListSource([TestData.Snapshot("78", ("เสนอร่างกฎหมาย", "2020-01-01"))]), store, publisher, new TableSourceHealthStore(tables)).RunAsync(default);
        var sweeper = new OutboxSweeper(store, new OutboxRelay(publisher, store, NullLogger<OutboxRelay>.Instance), TimeProvider.System,
            new OutboxSweeperOptions { MinAge = TimeSpan.FromMinutes(5) }, NullLogger<OutboxSweeper>.Instance);

        Assert.Equal(0, await sweeper.SweepAsync(default));
        Assert.Empty(publisher.Published);
    }

    [Fact]
    public async Task Two_overlapping_scrapes_produce_each_event_once()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableBillStore(tables);
        var publisher = new RecordingPublisher();
        var snapshots = Enumerable.Range(1, 5)
            .Select(i => TestData.Snapshot($"o{i}", ("เสนอร่างกฎหมาย", "2020-01-01"), ("ตกไปในสภาผู้แทนราษฎร (วาระที่ 1)", "2020-06-01")))
            .ToArray();
        // Both scrapes read every bill before either commits: the worst interleaving, made certain.
        var rendezvous = new RendezvousStore(store, parties: 2);

        var reports = await Task.WhenAll(
            Task.Run(() => Scrape(new ListSource(snapshots), rendezvous, publisher, new TableSourceHealthStore(tables)).RunAsync(default)),
            Task.Run(() => Scrape(new ListSource(snapshots), rendezvous, publisher, new TableSourceHealthStore(tables)).RunAsync(default)));

        Assert.Equal(10, publisher.Published.Count);
        Assert.Equal(10, publisher.Published.Select(e => e.Id).Distinct().Count());
        Assert.Equal(5, reports.Sum(r => r.Changed));
        Assert.True(reports.Sum(r => r.Conflicts) >= 5, "each bill should have been committed by one scrape and refused to the other");
        foreach (var s in snapshots)
        {
            Assert.Equal(2, (await store.GetAsync(s.Id, default))!.Timeline.Count);
        }
    }

    [Fact]
    public async Task A_source_whose_layout_changed_is_marked_unhealthy_and_the_last_good_data_stays()
    {
        var (tables, counter) = azurite.NewTables();
        var store = new TableBillStore(tables);
        var health = new TableSourceHealthStore(tables);
        var good = new ListSource([TestData.Snapshot("5", ("ออกเป็นกฎหมายสำเร็จ", "2021-01-01"))]);
        await Scrape(good, store, new RecordingPublisher(), health).RunAsync(default);
        counter.Reset();

        var report = await Scrape(new BrokenSource(), store, new RecordingPublisher(), health).RunAsync(default);

        Assert.False(report.SourceHealthy);
        Assert.Equal(1, counter.Writes); // only the health row
        var row = Assert.Single(await health.GetAllAsync(default), h => h.Source == "test-broken");
        Assert.False(row.Healthy);
        Assert.Contains("column", row.LastError, StringComparison.Ordinal);
        Assert.Single((await store.QueryAsync(new BillQuery(), default)).Items);
    }

    [Fact]
    public async Task In_clock_mode_bills_appear_on_their_dates_and_move_through_their_steps()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableBillStore(tables);
        var publisher = new RecordingPublisher();
        var time = new ManualTime(TestData.Now);
        var source = new ReplayBillSource(
            new ReplayOptions { BillsCsv = TestData.BillsCsv, VotesYaml = TestData.VotesYaml, Mode = ReplayMode.Clock, Speed = 1, Start = new DateOnly(2019, 8, 1) },
            time, NullLogger<ReplayBillSource>.Instance);
        var scrape = Scrape(source, store, publisher, new TableSourceHealthStore(tables), time);

        var before = await scrape.RunAsync(default);
        time.Advance(TimeSpan.FromSeconds(30)); // 30 simulated days: to 2019-08-31
        var after = await scrape.RunAsync(default);

        Assert.True(after.Seen > before.Seen);
        // Bill 4 (พระราชบัญญัติเหรียญรัตนาภรณ์) was proposed and voted on 2019-08-08 and enacted on 2019-08-30.
        var bill4 = await store.GetAsync("4", default);
        Assert.NotNull(bill4);
        Assert.Equal(BillStage.Gazette, bill4.State.Stage);
        Assert.Equal(["introduction", "senate-first-reading", "gazette"], bill4.Timeline.Select(s => s.Stage.ToWire()));
        Assert.Equal(458, bill4.Timeline[1].Vote!.Approve);
    }

    private sealed class ListSource(IReadOnlyList<BillSnapshot> snapshots) : IBillSource
    {
        public string Name => "test-list";
        public Task<IReadOnlyList<BillSnapshot>> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(snapshots);
    }

    private sealed class BrokenSource : IBillSource
    {
        public string Name => "test-broken";
        public Task<IReadOnlyList<BillSnapshot>> ReadAsync(CancellationToken cancellationToken) =>
            throw new SourceLayoutException(Name, "the list lacks the column 'status'");
    }

    /// <summary>Holds each bill's first read until every party has read it, so all of them compute a change from the same version.</summary>
    private sealed class RendezvousStore(IBillStore inner, int parties) : IBillStore
    {
        private readonly ConcurrentDictionary<string, (int Count, TaskCompletionSource All)> _reads = new();

        public async Task<StoredBill?> GetAsync(string billId, CancellationToken cancellationToken)
        {
            var result = await inner.GetAsync(billId, cancellationToken);
            var entry = _reads.AddOrUpdate(billId, _ => (1, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)), (_, e) => (e.Count + 1, e.All));
            if (entry.Count == parties)
            {
                entry.All.TrySetResult();
            }

            if (entry.Count <= parties)
            {
                await entry.All.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }

            return result;
        }

        public Task<IReadOnlyDictionary<string, string>> GetFingerprintsAsync(CancellationToken cancellationToken) => inner.GetFingerprintsAsync(cancellationToken);
        public Task<CommitOutcome> CommitAsync(BillChange change, CancellationToken cancellationToken) => inner.CommitAsync(change, cancellationToken);
        public Task CompleteOutboxAsync(string billId, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken) => inner.CompleteOutboxAsync(billId, eventIds, cancellationToken);
        public Task RefreshReadModelAsync(string billId, CancellationToken cancellationToken) => inner.RefreshReadModelAsync(billId, cancellationToken);
        public Task<IReadOnlyList<PendingEvent>> GetPendingEventsAsync(DateTimeOffset writtenBefore, int max, CancellationToken cancellationToken) => inner.GetPendingEventsAsync(writtenBefore, max, cancellationToken);
    }
}
