using Chantra.Azure.Storage;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.Meetings;
using Chantra.Domain.Sources;
using Chantra.Sources.Replay;
using Chantra.Tests.Infrastructure;
using Chantra.Tests.Meetings;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Chantra.Tests.Sources;

/// <summary>A pass with far fewer items than the last good one is a layout change: unhealthy, last good data kept, nothing removed.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SourceShrinkGuardTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(null, 0, false)]
    [InlineData(9, 0, false)] // too small a baseline to judge
    [InlineData(10, 5, false)] // half is still allowed
    [InlineData(10, 4, true)]
    [InlineData(411, 100, true)]
    [InlineData(411, 410, false)]
    public void Far_fewer_means_less_than_half_of_a_baseline_of_ten_or_more(int? last, int now, bool suspect) =>
        Assert.Equal(suspect, SourceShrinkGuard.Check(last, now) is not null);

    private sealed class TakeBills(IBillSource inner) : IBillSource
    {
        public int? Take { get; set; }
        public string Name => inner.Name;

        public async Task<IReadOnlyList<BillSnapshot>> ReadAsync(CancellationToken cancellationToken)
        {
            var all = await inner.ReadAsync(cancellationToken);
            return Take is { } n ? all.Take(n).ToList() : all;
        }
    }

    [Fact]
    public async Task Bills_far_fewer_than_last_time_mark_the_source_unhealthy_and_keep_every_stored_bill()
    {
        var (tables, counter) = azurite.NewTables();
        var store = new TableBillStore(tables);
        var health = new TableSourceHealthStore(tables);
        var publisher = new RecordingPublisher();
        var source = new TakeBills(new ReplayBillSource(
            new ReplayOptions { BillsCsv = TestData.BillsCsv, VotesYaml = TestData.VotesYaml, Mode = ReplayMode.Instant },
            TimeProvider.System, NullLogger<ReplayBillSource>.Instance));
        var scrape = new BillScrapeService(source, store, TestData.Detector(), new OutboxRelay(publisher, store, NullLogger<OutboxRelay>.Instance),
            health, TimeProvider.System, NullLogger<BillScrapeService>.Instance);
        Assert.Equal(411, (await scrape.RunAsync(default)).Seen);
        var published = publisher.Published.Count;
        counter.Reset();

        source.Take = 100;
        var report = await scrape.RunAsync(default);

        Assert.False(report.SourceHealthy);
        Assert.Equal(411, (await store.GetFingerprintsAsync(default)).Count);
        Assert.Equal(published, publisher.Published.Count);
        Assert.Equal(1, counter.Writes); // the health row only
        var row = Assert.Single(await health.GetAllAsync(default));
        Assert.False(row.Healthy);
        Assert.Contains("far fewer", row.LastError, StringComparison.Ordinal);

        source.Take = null; // the site is whole again
        Assert.True((await scrape.RunAsync(default)).SourceHealthy);
    }

    [Fact]
    public async Task A_fresh_instance_still_knows_the_last_good_count_from_the_health_row()
    {
        // Functions scale to zero: the scrape that meets the broken page is often a new instance.
        var (tables, counter) = azurite.NewTables();
        var store = new TableBillStore(tables);
        var health = new TableSourceHealthStore(tables);
        var publisher = new RecordingPublisher();
        var replay = new ReplayBillSource(
            new ReplayOptions { BillsCsv = TestData.BillsCsv, VotesYaml = TestData.VotesYaml, Mode = ReplayMode.Instant },
            TimeProvider.System, NullLogger<ReplayBillSource>.Instance);
        BillScrapeService NewInstance(IBillSource source) => new(source, store, TestData.Detector(),
            new OutboxRelay(publisher, store, NullLogger<OutboxRelay>.Instance), health, TimeProvider.System, NullLogger<BillScrapeService>.Instance);
        Assert.Equal(411, (await NewInstance(replay).RunAsync(default)).Seen);
        counter.Reset();

        var report = await NewInstance(new TakeBills(replay) { Take = 100 }).RunAsync(default);

        Assert.False(report.SourceHealthy);
        Assert.Equal(2, counter.Reads + counter.Writes); // the baseline's point read, the health row's write
        Assert.Contains("411", Assert.Single(await health.GetAllAsync(default)).LastError, StringComparison.Ordinal);
        Assert.Equal(411, (await store.GetFingerprintsAsync(default)).Count);
    }

    [Fact]
    public async Task A_source_never_seen_whole_has_no_baseline_so_its_first_pass_is_taken_as_it_is()
    {
        var (tables, _) = azurite.NewTables();
        var health = new TableSourceHealthStore(tables);
        await health.RecordFailureAsync("never-good", TestData.Now, "down", default);

        Assert.Null(await health.GetLastGoodCountAsync("never-good", default));
        Assert.Null(await new LastGoodCount(health, "never-good").CheckAsync(0, default));
    }

    private sealed class ScriptedMeetings : IMeetingSource
    {
        public List<MeetingSnapshot> Now { get; set; } = [];
        public string Name => "meetings-test";

        public Task<IReadOnlyList<MeetingSnapshot>> ReadAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<MeetingSnapshot>>(Now.ToList());
    }

    [Fact]
    public async Task Sittings_far_fewer_than_last_time_mark_the_source_unhealthy_and_keep_every_stored_sitting()
    {
        var (tables, counter) = azurite.NewTables();
        var store = new TableMeetingStore(tables);
        var health = new TableSourceHealthStore(tables);
        var publisher = new RecordingPublisher();
        string[] mids = ["4132", "4136", "4142", "4148", "4153", "4161", "4181", "4193", "4196", "4213", "4214", "4243"];
        var source = new ScriptedMeetings { Now = mids.Select(m => MeetingTestData.Snapshot(m, MeetingLiveState.Adjourned)).ToList() };
        var catalog = new Mock<IBillCatalog>();
        catalog.Setup(c => c.QueryAsync(It.IsAny<BillQuery>(), It.IsAny<CancellationToken>())).ReturnsAsync(new BillPage([], null));
        var scrape = new MeetingScrapeService(source, store, new MeetingChangeDetector(),
            new BillTitleDirectory(catalog.Object, TimeProvider.System, NullLogger<BillTitleDirectory>.Instance),
            publisher, health, TimeProvider.System, NullLoggerFactory.Instance);
        Assert.True((await scrape.RunAsync(default)).SourceHealthy);
        var stored = await store.GetFingerprintsAsync(default);
        var published = publisher.Published.Count;
        counter.Reset();

        source.Now = source.Now.Take(3).ToList();
        var report = await scrape.RunAsync(default);

        Assert.False(report.SourceHealthy);
        Assert.Equal(stored, await store.GetFingerprintsAsync(default));
        Assert.Equal(published, publisher.Published.Count);
        Assert.Equal(1, counter.Writes); // the health row only
        Assert.Contains("far fewer", Assert.Single(await health.GetAllAsync(default)).LastError, StringComparison.Ordinal);
    }
}
