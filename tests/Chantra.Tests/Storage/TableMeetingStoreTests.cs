using Chantra.Azure.Storage;
using Chantra.Domain.Bills;
using Chantra.Domain.Meetings;
using Chantra.Tests.Infrastructure;
using Chantra.Tests.Meetings;

namespace Chantra.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class TableMeetingStoreTests(AzuriteFixture azurite)
{
    private readonly MeetingChangeDetector _detector = new();

    private async Task<(TableMeetingStore Store, StorageRequestCounter Counter)> StoreWith(params MeetingSnapshot[] snapshots)
    {
        var (tables, counter) = azurite.NewTables();
        var store = new TableMeetingStore(tables);
        foreach (var s in snapshots)
        {
            await Save(store, s);
        }

        return (store, counter);
    }

    private async Task<MeetingChange> Save(TableMeetingStore store, MeetingSnapshot s)
    {
        IMeetingStore write = store;
        var stored = await write.GetAsync(s.Id, default);
        var change = _detector.Detect(stored, MeetingTestData.Build(s)) ?? throw new InvalidOperationException("nothing changed");
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(change, default));
        await store.CompleteOutboxAsync(s.Id, change.Events.Select(e => e.Id).ToArray(), default);
        return change;
    }

    [Fact]
    public async Task The_longest_real_sitting_round_trips_whole()
    {
        // mid 4243 is the largest page of the set: its agenda runs past what one string property holds.
        var snapshot = MeetingTestData.Snapshot("4243", MeetingLiveState.InSession, 1, votes: 3);
        var (store, _) = await StoreWith(snapshot);

        var read = await ((IMeetingCatalog)store).GetAsync(snapshot.Id, default);

        var expected = MeetingTestData.Build(snapshot);
        Assert.NotNull(read);
        Assert.Equal(expected.Fingerprint, read.Fingerprint);
        Assert.Equal(expected.Agenda, read.Agenda);
        Assert.Equal(expected.Votes, read.Votes);
        Assert.Equal(expected.Start, read.Start);
        Assert.Equal(1, read.CurrentAgendaItem!.Index);
        Assert.Equal(MeetingChangeDetector.Fingerprint(read), read.Fingerprint);
    }

    [Fact]
    public async Task A_change_from_a_stale_version_is_a_conflict_and_writes_nothing()
    {
        var scheduled = MeetingTestData.Snapshot("4181", MeetingLiveState.Scheduled);
        var (store, _) = await StoreWith(scheduled);
        IMeetingStore write = store;
        var read = await write.GetAsync(scheduled.Id, default);

        var first = _detector.Detect(read, MeetingTestData.Build(scheduled with { LiveState = MeetingLiveState.InSession, CurrentItem = 0 }))!;
        var second = _detector.Detect(read, MeetingTestData.Build(scheduled with { LiveState = MeetingLiveState.Cancelled }))!;

        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(first, default));
        Assert.Equal(CommitOutcome.Conflict, await store.CommitAsync(second, default));
        var after = await write.GetAsync(scheduled.Id, default);
        Assert.Equal(MeetingLiveState.InSession, after!.Meeting.LiveState);
        Assert.Equal(first.Events.Select(e => e.Id).Order(), after.PendingEventIds.Order());
    }

    [Fact]
    public async Task Live_and_upcoming_lists_follow_the_sittings_state()
    {
        var a = MeetingTestData.Snapshot("4181", MeetingLiveState.Scheduled);
        var b = MeetingTestData.Snapshot("4193", MeetingLiveState.Scheduled);
        var (store, _) = await StoreWith(a, b);
        IMeetingCatalog read = store;

        Assert.Empty(await read.GetLiveAsync(default));
        Assert.Equal(["msbis-4181", "msbis-4193"], (await read.GetUpcomingAsync(5, default)).Select(m => m.Id));

        await Save(store, a with { LiveState = MeetingLiveState.InSession, CurrentItem = 2 });
        var live = Assert.Single(await read.GetLiveAsync(default));
        Assert.Equal(2, live.CurrentAgendaItem!.Index);
        Assert.Equal(["msbis-4193"], (await read.GetUpcomingAsync(5, default)).Select(m => m.Id));

        await Save(store, a with { LiveState = MeetingLiveState.Adjourned, CurrentItem = null });
        Assert.Empty(await read.GetLiveAsync(default));
    }

    [Fact]
    public async Task A_moved_start_time_lists_the_sitting_once_at_its_new_time()
    {
        var scheduled = MeetingTestData.Snapshot("4181", MeetingLiveState.Scheduled);
        var (store, _) = await StoreWith(scheduled, MeetingTestData.Snapshot("4193", MeetingLiveState.Scheduled));
        var moved = scheduled with { Page = scheduled.Page with { Start = new DateTimeOffset(2020, 3, 1, 9, 30, 0, TimeSpan.FromHours(7)), End = null } };

        await Save(store, moved);

        var all = await store.QueryAsync(new MeetingQuery(), default);
        Assert.Equal(["msbis-4193", "msbis-4181"], all.Items.Select(m => m.Id)); // 20 Feb 2020, then the moved 1 Mar 2020
        var fingerprints = await store.GetFingerprintsAsync(default);
        Assert.Equal(MeetingTestData.Build(moved).Fingerprint, fingerprints["msbis-4181"]);
    }

    [Fact]
    public async Task The_list_filters_by_Bangkok_day_and_body_and_pages_without_gaps_or_repeats()
    {
        // 4181 House 15 Jan 2020; 4193 House 20 Feb 2020; 4196 House 28 Feb 2020; 4207 joint sitting 25 Jul 2019.
        string[] mids = ["4181", "4193", "4196", "4207"];
        var (store, counter) = await StoreWith(mids.Select(m => MeetingTestData.Snapshot(m, MeetingLiveState.Adjourned)).ToArray());

        var feb = await store.QueryAsync(new MeetingQuery(From: new DateOnly(2020, 2, 20), To: new DateOnly(2020, 2, 28)), default);
        Assert.DoesNotContain("msbis-4181", feb.Items.Select(m => m.Id));
        Assert.Contains("msbis-4193", feb.Items.Select(m => m.Id)); // starts on the 20th: the From day is included
        Assert.Contains("msbis-4196", feb.Items.Select(m => m.Id)); // starts on the 28th: the To day is included

        var joint = await store.QueryAsync(new MeetingQuery(Body: MeetingBody.JointSitting), default);
        Assert.Equal(["msbis-4207"], joint.Items.Select(m => m.Id));

        var seen = new List<string>();
        string? token = null;
        do
        {
            counter.Reset();
            var page = await store.QueryAsync(new MeetingQuery(PageSize: 1, ContinuationToken: token), default);
            Assert.Equal(1, counter.Reads); // one query per page: no scan, no second round trip
            seen.AddRange(page.Items.Select(m => m.Id));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(4, seen.Count);
        Assert.Equal(seen.Distinct(), seen);
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() =>
            store.QueryAsync(new MeetingQuery(PageSize: 2, ContinuationToken: "bm90LW91cnM"), default));
    }

    [Fact]
    public async Task Events_left_unpublished_are_found_by_the_sweeper_and_gone_once_completed()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableMeetingStore(tables);
        var change = _detector.Detect(null, MeetingTestData.Build(MeetingTestData.Snapshot("4181", MeetingLiveState.Scheduled)))!;
        await store.CommitAsync(change, default);

        var pending = await store.GetPendingEventsAsync(DateTimeOffset.UtcNow.AddYears(10), 10, default);
        Assert.Equal(change.Events.Select(e => e.Id), pending.Select(p => p.Event.Id));
        Assert.All(pending, p => Assert.Equal("msbis-4181", p.OwnerId));

        await store.CompleteOutboxAsync("msbis-4181", pending.Select(p => p.Event.Id).ToArray(), default);
        Assert.Empty(await store.GetPendingEventsAsync(DateTimeOffset.UtcNow.AddYears(10), 10, default));
        Assert.Single(await ((IMeetingCatalog)store).GetUpcomingAsync(5, default));
    }
}
