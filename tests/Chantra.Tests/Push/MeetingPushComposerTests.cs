using Chantra.Domain.Events;
using Chantra.Domain.Meetings;
using Chantra.Domain.Push;
using Chantra.Tests.Meetings;

namespace Chantra.Tests.Push;

/// <summary>Meeting events to their one notification (tags decided here, texts in Thai and English).</summary>
public sealed class MeetingPushComposerTests
{
    private const string Mid = "4181";
    private readonly MeetingPushComposer _composer = new();
    private readonly MeetingChangeDetector _detector = new();

    private static StoredMeeting Stored(MeetingSnapshot s, AgendaBillMatcher? bills = null) => new(MeetingTestData.Build(s, bills), [], "v1");

    [Fact]
    public void A_started_sitting_reaches_meeting_followers_in_both_languages()
    {
        var change = _detector.Detect(Stored(MeetingTestData.Snapshot(Mid, MeetingLiveState.Scheduled)),
            MeetingTestData.Build(MeetingTestData.Snapshot(Mid, MeetingLiveState.InSession, 0)))!;

        var push = _composer.Compose(change.Events.Single())!;

        Assert.Equal("meetings || meeting:msbis-" + Mid, push.TagExpression);
        Assert.Equal("เริ่มประชุมแล้ว", push.Properties["titleTh"]);
        Assert.StartsWith("การประชุมสภาผู้แทนราษฎร ครั้งที่ 18", push.Properties["bodyTh"]);
        Assert.StartsWith("House of Representatives sitting No. 18", push.Properties["bodyEn"]);
        Assert.Equal("chantra://meetings/msbis-" + Mid, push.Properties["deepLink"]);
        Assert.True(TagExpression.Matches(push.TagExpression, new HashSet<string> { "meetings" }));
    }

    [Fact]
    public void An_item_about_a_bill_also_reaches_the_bills_followers()
    {
        var page = MeetingTestData.Page(Mid);
        var bills = new AgendaBillMatcher([new BillTitle("777", page.AgendaItems[4].Title, null)]);
        var stored = Stored(MeetingTestData.Snapshot(Mid, MeetingLiveState.InSession, 3), bills);
        var change = _detector.Detect(stored, MeetingTestData.Build(MeetingTestData.Snapshot(Mid, MeetingLiveState.InSession, 4), bills))!;

        var push = _composer.Compose(change.Events.Single(e => e.Type == EventTypes.MeetingItemChanged))!;

        Assert.Equal($"meetings || meeting:msbis-{Mid} || bill:777", push.TagExpression);
        Assert.Equal("777", push.Properties["billId"]);
        Assert.Equal("กำลังพิจารณา", push.Properties["titleTh"]);
    }

    [Fact]
    public void Archive_loads_and_detail_changes_are_not_pushed_but_a_moved_time_reaches_the_sittings_followers_only()
    {
        var archived = _detector.Detect(null, MeetingTestData.Build(MeetingTestData.Snapshot(Mid, MeetingLiveState.Adjourned)))!;
        Assert.Null(_composer.Compose(archived.Events.Single()));

        var scheduled = MeetingTestData.Snapshot(Mid, MeetingLiveState.Scheduled);
        var reworded = _detector.Detect(Stored(scheduled), MeetingTestData.Build(scheduled with { Place = "ห้องประชุมสุริยัน" }))!;
        Assert.Null(_composer.Compose(reworded.Events.Single()));

        var later = scheduled with { Page = scheduled.Page with { Start = scheduled.Page.Start.AddHours(2) } };
        var moved = _detector.Detect(Stored(scheduled), MeetingTestData.Build(later))!;
        var push = _composer.Compose(moved.Events.Single())!;
        Assert.Equal("meeting:msbis-" + Mid, push.TagExpression);
        Assert.Equal("เปลี่ยนเวลาประชุม", push.Properties["titleTh"]);
    }

    [Fact]
    public void Bill_events_are_left_to_the_bill_composer() =>
        Assert.Null(_composer.Compose(new CloudEvent("x", EventTypes.Source, EventTypes.BillStageChanged, "bills/1", DateTimeOffset.UnixEpoch, [])));
}
