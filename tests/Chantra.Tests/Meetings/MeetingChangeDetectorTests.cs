using Chantra.Domain.Events;
using Chantra.Domain.Meetings;

namespace Chantra.Tests.Meetings;

/// <summary>The meeting diff on a real sitting (mid 4181: 22 agenda items, with vote sheets).</summary>
public sealed class MeetingChangeDetectorTests
{
    private const string Mid = "4181";
    private readonly MeetingChangeDetector _detector = new();

    private MeetingChange Step(ref StoredMeeting? stored, MeetingSnapshot snapshot)
    {
        var change = _detector.Detect(stored, MeetingTestData.Build(snapshot)) ?? throw new InvalidOperationException("no change");
        stored = new StoredMeeting(change.Meeting, [], "v" + Guid.NewGuid());
        return change;
    }

    private static string[] Types(MeetingChange c) => c.Events.Select(e => e.Type).ToArray();

    [Fact]
    public void A_sitting_played_through_raises_scheduled_started_item_votes_and_ended_once_each()
    {
        var page = MeetingTestData.Page(Mid);
        Assert.True(page.Votes.Count >= 1, "the page has vote sheets");
        StoredMeeting? stored = null;

        Assert.Equal([EventTypes.MeetingScheduled], Types(Step(ref stored, MeetingTestData.Snapshot(Mid, MeetingLiveState.Scheduled))));
        var started = Step(ref stored, MeetingTestData.Snapshot(Mid, MeetingLiveState.InSession, 0));
        Assert.Equal([EventTypes.MeetingStarted], Types(started));
        Assert.Equal(page.AgendaItems[0].Title, started.Events[0].Data["item"]!["title"]!.GetValue<string>());

        var moved = Step(ref stored, MeetingTestData.Snapshot(Mid, MeetingLiveState.InSession, 3, votes: 1));
        Assert.Equal([EventTypes.MeetingVoteRecorded, EventTypes.MeetingItemChanged], Types(moved));
        Assert.Equal(3, moved.Events[1].Data["item"]!["index"]!.GetValue<int>());

        var ended = Step(ref stored, MeetingTestData.Snapshot(Mid, MeetingLiveState.Adjourned, null, votes: page.Votes.Count));
        Assert.Equal(EventTypes.MeetingEnded, ended.Events[^1].Type);
        Assert.Equal(page.Votes.Count - 1, ended.Events.Count(e => e.Type == EventTypes.MeetingVoteRecorded));

        Assert.Null(_detector.Detect(stored, MeetingTestData.Build(MeetingTestData.Snapshot(Mid, MeetingLiveState.Adjourned, null, votes: page.Votes.Count))));
    }

    [Fact]
    public void Event_ids_depend_on_the_sitting_and_the_change_only()
    {
        var scheduled = MeetingTestData.Build(MeetingTestData.Snapshot(Mid, MeetingLiveState.Scheduled));
        var stored = new StoredMeeting(scheduled, [], "v1");
        var live = MeetingTestData.Snapshot(Mid, MeetingLiveState.InSession, 0);

        var first = _detector.Detect(stored, MeetingChangeDetector.Build(live, AgendaBillMatcher.Empty, DateTimeOffset.UnixEpoch))!;
        var second = _detector.Detect(stored, MeetingChangeDetector.Build(live, AgendaBillMatcher.Empty, DateTimeOffset.UtcNow))!;

        Assert.Equal(first.Events.Select(e => e.Id), second.Events.Select(e => e.Id));
        Assert.Equal("meetings/msbis-" + Mid, first.Events[0].Subject);
    }

    [Fact]
    public void A_sitting_first_seen_when_already_over_is_recorded_without_a_pushable_event()
    {
        var change = _detector.Detect(null, MeetingTestData.Build(MeetingTestData.Snapshot(Mid, MeetingLiveState.Adjourned, votes: 2)))!;

        var e = Assert.Single(change.Events);
        Assert.Equal(EventTypes.MeetingUpdated, e.Type);
        Assert.Equal(MeetingUpdateReasons.Archived, e.Data["reason"]!.GetValue<string>());
    }

    [Fact]
    public void Postponing_and_moving_a_scheduled_sitting_are_told_with_their_reason()
    {
        var scheduled = MeetingTestData.Snapshot(Mid, MeetingLiveState.Scheduled);
        var stored = new StoredMeeting(MeetingTestData.Build(scheduled), [], "v1");

        var later = scheduled with { Page = scheduled.Page with { Start = scheduled.Page.Start.AddDays(1), End = scheduled.Page.End?.AddDays(1) } };
        var moved = _detector.Detect(stored, MeetingTestData.Build(later))!;
        Assert.Equal(MeetingUpdateReasons.Rescheduled, Assert.Single(moved.Events).Data["reason"]!.GetValue<string>());

        var postponed = _detector.Detect(stored, MeetingTestData.Build(scheduled with { LiveState = MeetingLiveState.Postponed }))!;
        Assert.Equal(MeetingUpdateReasons.Postponed, Assert.Single(postponed.Events).Data["reason"]!.GetValue<string>());
    }

    [Fact]
    public void A_change_of_wording_only_is_an_update_for_the_record()
    {
        var snapshot = MeetingTestData.Snapshot(Mid, MeetingLiveState.Scheduled);
        var stored = new StoredMeeting(MeetingTestData.Build(snapshot), [], "v1");
        var reworded = snapshot with { Place = "ห้องประชุมสุริยัน อาคารรัฐสภา" };

        var change = _detector.Detect(stored, MeetingTestData.Build(reworded))!;

        Assert.Equal(MeetingUpdateReasons.Details, Assert.Single(change.Events).Data["reason"]!.GetValue<string>());
        Assert.Equal("v1", change.ExpectedVersion);
    }

    [Fact]
    public void Agenda_item_states_follow_the_current_item()
    {
        var live = MeetingTestData.Build(MeetingTestData.Snapshot(Mid, MeetingLiveState.InSession, 2));

        Assert.Equal(AgendaItemState.Done, live.ItemState(1));
        Assert.Equal(AgendaItemState.OnFloor, live.ItemState(2));
        Assert.Equal(AgendaItemState.Pending, live.ItemState(3));
        Assert.Equal(2, live.CurrentAgendaItem!.Index);
        Assert.Equal(AgendaItemState.Done, MeetingTestData.Build(MeetingTestData.Snapshot(Mid, MeetingLiveState.Adjourned)).ItemState(0));
    }
}
