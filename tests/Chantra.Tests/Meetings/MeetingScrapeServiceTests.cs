using Chantra.Azure.Storage;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.Meetings;
using Chantra.Domain.Sources;
using Chantra.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Chantra.Tests.Meetings;

/// <summary>The meeting scrape → table → outbox → publish path on Azurite, with real pages.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MeetingScrapeServiceTests(AzuriteFixture azurite)
{
    /// <summary>A source the test moves by hand.</summary>
    private sealed class ScriptedSource : IMeetingSource
    {
        public List<MeetingSnapshot> Now { get; set; } = [];
        public Exception? Failure { get; set; }
        public string Name => "meetings-test";

        public Task<IReadOnlyList<MeetingSnapshot>> ReadAsync(CancellationToken cancellationToken) =>
            Failure is { } f ? Task.FromException<IReadOnlyList<MeetingSnapshot>>(f) : Task.FromResult<IReadOnlyList<MeetingSnapshot>>(Now.ToList());
    }

    private static BillTitleDirectory Bills(params BillState[] bills)
    {
        var catalog = new Mock<IBillCatalog>();
        catalog.Setup(c => c.QueryAsync(It.IsAny<BillQuery>(), It.IsAny<CancellationToken>())).ReturnsAsync(new BillPage(bills, null));
        return new BillTitleDirectory(catalog.Object, TimeProvider.System, NullLogger<BillTitleDirectory>.Instance);
    }

    private static MeetingScrapeService Scrape(IMeetingSource source, IMeetingStore store, IEventPublisher publisher, ISourceHealthStore health, BillTitleDirectory? bills = null) =>
        new(source, store, new MeetingChangeDetector(), bills ?? Bills(), publisher, health, TimeProvider.System, NullLoggerFactory.Instance);

    [Fact]
    public async Task A_sitting_moving_through_its_agenda_publishes_each_change_once_and_a_quiet_pass_writes_nothing()
    {
        var (tables, counter) = azurite.NewTables();
        var store = new TableMeetingStore(tables);
        var publisher = new RecordingPublisher();
        var source = new ScriptedSource();
        var scrape = Scrape(source, store, publisher, new TableSourceHealthStore(tables));
        var page = MeetingTestData.Page("4181");

        foreach (var (state, item, votes) in new (MeetingLiveState, int?, int)[]
                 {
                     (MeetingLiveState.Scheduled, null, 0), (MeetingLiveState.InSession, 0, 0), (MeetingLiveState.InSession, 1, 0),
                     (MeetingLiveState.InSession, 1, 0), (MeetingLiveState.InSession, 5, 2), (MeetingLiveState.Adjourned, null, page.Votes.Count),
                 })
        {
            source.Now = [MeetingTestData.Snapshot("4181", state, item, votes)];
            await scrape.RunAsync(default);
        }

        var types = publisher.Published.Select(e => e.Type).ToList();
        Assert.Equal(1, types.Count(t => t == EventTypes.MeetingScheduled));
        Assert.Equal(1, types.Count(t => t == EventTypes.MeetingStarted));
        Assert.Equal(2, types.Count(t => t == EventTypes.MeetingItemChanged)); // to item 1, then to item 5
        Assert.Equal(page.Votes.Count, types.Count(t => t == EventTypes.MeetingVoteRecorded));
        Assert.Equal(1, types.Count(t => t == EventTypes.MeetingEnded));
        Assert.Equal(types.Count, publisher.Published.Select(e => e.Id).Distinct().Count());
        Assert.Empty(await store.GetPendingEventsAsync(DateTimeOffset.UtcNow.AddDays(1), 100, default));

        counter.Reset();
        var quiet = await scrape.RunAsync(default);
        Assert.Equal(0, quiet.Changed);
        Assert.Equal(0, counter.Writes);
        Assert.Equal(1, counter.Reads); // the fingerprints partition, nothing else
    }

    [Fact]
    public async Task A_sitting_moving_to_its_next_item_costs_a_fixed_handful_of_storage_calls()
    {
        var (tables, counter) = azurite.NewTables();
        var store = new TableMeetingStore(tables);
        var source = new ScriptedSource { Now = [MeetingTestData.Snapshot("4181", MeetingLiveState.InSession, 0)] };
        var scrape = Scrape(source, store, new RecordingPublisher(), new TableSourceHealthStore(tables));
        await scrape.RunAsync(default);

        source.Now = [MeetingTestData.Snapshot("4181", MeetingLiveState.InSession, 1)];
        counter.Reset();
        await scrape.RunAsync(default);

        // Reads: fingerprints, the sitting's partition, its state and its index entry (for a moved start time).
        Assert.Equal(4, counter.Reads);
        // Writes: the commit (state + outbox), list, live, upcoming (delete), by-id, the sent outbox rows, source health.
        Assert.Equal(7, counter.Writes);
    }

    [Fact]
    public async Task Agenda_items_naming_a_known_bill_carry_its_id()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableMeetingStore(tables);
        var page = MeetingTestData.Page("4181");
        var bill = new BillState("900", page.AgendaItems[6].Title, null, null, null, null, BillStage.SenateCommittee, BillStatus.Active, "", null, DateTimeOffset.UnixEpoch, 1, "fp");
        var source = new ScriptedSource { Now = [MeetingTestData.Snapshot("4181", MeetingLiveState.Scheduled)] };

        await Scrape(source, store, new RecordingPublisher(), new TableSourceHealthStore(tables), Bills(bill)).RunAsync(default);

        var stored = await ((IMeetingCatalog)store).GetAsync("msbis-4181", default);
        Assert.Equal("900", stored!.Agenda[6].BillId);
    }

    [Fact]
    public async Task A_layout_change_marks_the_source_unhealthy_and_keeps_the_sittings()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableMeetingStore(tables);
        var health = new TableSourceHealthStore(tables);
        var source = new ScriptedSource { Now = [MeetingTestData.Snapshot("4181", MeetingLiveState.InSession, 0)] };
        var publisher = new RecordingPublisher();
        var scrape = Scrape(source, store, publisher, health);
        await scrape.RunAsync(default);

        source.Failure = new SourceLayoutException("meetings-test", "the agenda row is gone");
        var report = await scrape.RunAsync(default);

        Assert.False(report.SourceHealthy);
        var live = Assert.Single(await ((IMeetingCatalog)store).GetLiveAsync(default));
        Assert.Equal("msbis-4181", live.Id);
        Assert.DoesNotContain(publisher.Published, e => e.Type == EventTypes.MeetingEnded);
        var status = Assert.Single(await health.GetAllAsync(default));
        Assert.False(status.Healthy);
        Assert.Contains("agenda row", status.LastError);
    }

    [Fact]
    public async Task Events_a_failed_publish_left_behind_are_published_by_the_sweeper()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableMeetingStore(tables);
        var publisher = new RecordingPublisher { FailuresLeft = 1 };
        var source = new ScriptedSource { Now = [MeetingTestData.Snapshot("4181", MeetingLiveState.InSession, 0)] };

        var report = await Scrape(source, store, publisher, new TableSourceHealthStore(tables)).RunAsync(default);
        Assert.Equal(0, report.Published);
        Assert.Empty(publisher.Published);

        var sweeper = new OutboxSweeper(store, new OutboxRelay(publisher, store, NullLogger<OutboxRelay>.Instance), TimeProvider.System,
            new OutboxSweeperOptions { MinAge = TimeSpan.Zero }, NullLogger<OutboxSweeper>.Instance);
        Assert.Equal(report.Events, await sweeper.SweepAsync(default));
        Assert.Equal(EventTypes.MeetingStarted, Assert.Single(publisher.Published).Type);
        Assert.Single(await ((IMeetingCatalog)store).GetLiveAsync(default)); // the read model caught up with the publish
    }
}
