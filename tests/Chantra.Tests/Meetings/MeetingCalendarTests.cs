using Chantra.Domain.Meetings;
using Chantra.Functions.Meetings;
using Chantra.Tests.Functions;
using Chantra.Tests.Infrastructure;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Chantra.Tests.Meetings;

/// <summary>
/// The subscribable calendar <c>/api/v1/meetings.ics</c>: read back with Ical.Net as a calendar app
/// would, and polled the way apps poll it (If-None-Match).
/// </summary>
public sealed class MeetingCalendarTests
{
    private static readonly TimeSpan Bangkok = TimeSpan.FromHours(7);

    private readonly Mock<IMeetingCatalog> _catalog = new();

    // 20:00 UTC is already the 21st in Bangkok: the feed's window is counted in Bangkok days.
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 11, 20, 20, 0, 0, TimeSpan.Zero));

    private MeetingsApi Api() => new(_catalog.Object, _time, new MeetingCalendarOptions(), NullLogger<MeetingsApi>.Instance);

    private static Meeting Sitting(string id, DateTimeOffset? start = null, DateTimeOffset? end = null, bool timesGiven = true,
        MeetingLiveState state = MeetingLiveState.Scheduled, DateTimeOffset? updatedAt = null, MeetingBody body = MeetingBody.Senate) =>
        MeetingsApiTests.Sitting(id, start, end, timesGiven, state, updatedAt: updatedAt, body: body);

    private void CatalogReturns(params Meeting[] meetings) =>
        _catalog.Setup(c => c.QueryAsync(It.IsAny<MeetingQuery>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new MeetingListPage(meetings, null));

    private async Task<HttpAnswer> Feed(QueryString query = default, string? ifNoneMatch = null)
    {
        var ctx = HttpCall.Request("/api/v1/meetings.ics", query, ifNoneMatch);
        ctx.Request.Scheme = "https";
        ctx.Request.Host = new HostString("chantra.example");
        return await HttpCall.ExecuteAsync(await Api().GetMeetingsCalendar(ctx.Request, CancellationToken.None), ctx);
    }

    private static Calendar Parse(HttpAnswer answer) =>
        Calendar.Load(answer.Text) ?? throw new InvalidOperationException("not a calendar");

    private static CalendarEvent Event(Calendar calendar, string meetingId) =>
        Assert.Single(calendar.Events.Where(e => e.Uid == MeetingCalendar.Uid(meetingId)).ToList());

    [Fact]
    public async Task Feed_parses_back_with_one_event_per_meeting_its_uid_and_start_time()
    {
        var start = new DateTimeOffset(2026, 11, 25, 9, 30, 0, Bangkok);
        CatalogReturns(Sitting("msbis-1", start: start, end: start.AddHours(7)), Sitting("msbis-2", start: start.AddDays(1)));

        var answer = await Feed();

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.Equal("text/calendar; charset=utf-8", answer.ContentType);
        Assert.NotEqual(0xEF, answer.Body[0]); // no byte-order mark
        Assert.Contains("\r\n", answer.Text, StringComparison.Ordinal);
        var calendar = Parse(answer);
        Assert.Equal(["msbis-1@chantra.senate.go.th", "msbis-2@chantra.senate.go.th"], calendar.Events.Select(e => e.Uid));

        var first = Event(calendar, "msbis-1");
        Assert.Equal(start.UtcDateTime, first.DtStart!.AsUtc);
        Assert.Equal(start.AddHours(7).UtcDateTime, first.DtEnd!.AsUtc);
        Assert.False(first.IsAllDay);
        Assert.Equal("การประชุมวุฒิสภา ครั้งที่ 25", first.Summary);
        Assert.Contains("ร่างพระราชบัญญัติภาษีสรรพสามิต", first.Description, StringComparison.Ordinal);
        Assert.Contains("ร่างพระราชบัญญัติการศึกษาแห่งชาติ", first.Description, StringComparison.Ordinal);
        Assert.Equal("ห้องประชุมวุฒิสภา อาคารรัฐสภา", first.Location);
        Assert.Equal(new Uri("https://chantra.example/api/v1/meetings/msbis-1"), first.Url);
        Assert.Equal("CONFIRMED", first.Status);
        Assert.Equal(start.AddDays(1).UtcDateTime, Event(calendar, "msbis-2").DtStart!.AsUtc);
        Assert.Equal("การประชุมรัฐสภา – จันทรา", calendar.Properties["X-WR-CALNAME"]?.Value);
    }

    [Fact]
    public async Task Feed_reads_every_page_from_180_bangkok_days_back()
    {
        _catalog.Setup(c => c.QueryAsync(It.Is<MeetingQuery>(q => q.ContinuationToken == null), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new MeetingListPage([Sitting("msbis-1")], "page-2"));
        _catalog.Setup(c => c.QueryAsync(It.Is<MeetingQuery>(q => q.ContinuationToken == "page-2"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new MeetingListPage([Sitting("msbis-2")], null));

        var calendar = Parse(await Feed());

        Assert.Equal(2, calendar.Events.Count);
        // Today in Bangkok is 2026-11-21; 180 days before it is 2026-05-25.
        _catalog.Verify(c => c.QueryAsync(new MeetingQuery(new DateOnly(2026, 5, 25), null, null, 100, null), It.IsAny<CancellationToken>()), Times.Once);
        _catalog.Verify(c => c.QueryAsync(new MeetingQuery(new DateOnly(2026, 5, 25), null, null, 100, "page-2"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Feed_stops_at_the_event_cap_however_many_pages_there_are()
    {
        var calls = 0;
        _catalog.Setup(c => c.QueryAsync(It.IsAny<MeetingQuery>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() =>
            {
                var page = calls++;
                return new MeetingListPage(Enumerable.Range(0, 100).Select(i => Sitting($"m-{page}-{i}")).ToList(), "more");
            });

        var calendar = Parse(await Feed());

        Assert.Equal(MeetingCalendar.MaxEvents, calendar.Events.Count);
        Assert.InRange(calls, MeetingCalendar.MaxEvents / 100, MeetingCalendar.MaxEvents / 100 + 1);
    }

    [Fact]
    public async Task Unchanged_feed_answers_304_to_if_none_match()
    {
        CatalogReturns(Sitting("msbis-1"), Sitting("msbis-2"));

        var first = await Feed();
        var again = await Feed(ifNoneMatch: first.ETag);
        var weak = await Feed(ifNoneMatch: "W/" + first.ETag);

        Assert.Matches("^\"[0-9a-f]{32}\"$", first.ETag);
        Assert.Equal("public, max-age=300, must-revalidate", first.Headers.CacheControl.ToString());
        Assert.Equal(StatusCodes.Status304NotModified, again.Status);
        Assert.Empty(again.Body);
        Assert.Equal(first.ETag, again.ETag);
        Assert.Equal(StatusCodes.Status304NotModified, weak.Status);
    }

    [Fact]
    public async Task A_meeting_whose_time_changed_keeps_its_uid_with_a_higher_sequence()
    {
        var updated = new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);
        CatalogReturns(Sitting("msbis-1", start: new DateTimeOffset(2026, 11, 25, 9, 30, 0, Bangkok), updatedAt: updated));
        var before = await Feed();

        var moved = new DateTimeOffset(2026, 11, 25, 13, 0, 0, Bangkok);
        CatalogReturns(Sitting("msbis-1", start: moved, end: moved.AddHours(4), updatedAt: updated.AddHours(2)));
        var after = await Feed(ifNoneMatch: before.ETag);

        Assert.Equal(StatusCodes.Status200OK, after.Status); // the old ETag no longer matches
        Assert.NotEqual(before.ETag, after.ETag);
        var old = Event(Parse(before), "msbis-1");
        var now = Event(Parse(after), "msbis-1");
        Assert.Equal(old.Uid, now.Uid);
        Assert.True(now.Sequence > old.Sequence, $"SEQUENCE {now.Sequence} is not above {old.Sequence}");
        Assert.Equal(moved.UtcDateTime, now.DtStart!.AsUtc);
        Assert.Equal(updated.AddHours(2).UtcDateTime, now.LastModified!.AsUtc);
        Assert.Equal(updated.AddHours(2).UtcDateTime, now.DtStamp!.AsUtc);
    }

    [Fact]
    public async Task A_day_without_times_is_an_all_day_event_on_the_bangkok_day()
    {
        // Midnight in Bangkok is still the day before in UTC.
        CatalogReturns(Sitting("msbis-1", start: new DateTimeOffset(2026, 11, 26, 0, 0, 0, Bangkok), timesGiven: false));

        var answer = await Feed();
        var e = Event(Parse(answer), "msbis-1");

        Assert.True(e.IsAllDay);
        Assert.Contains("DTSTART;VALUE=DATE:20261126", answer.Text, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 11, 26), e.DtStart!.Date);
        Assert.Equal(new DateOnly(2026, 11, 27), e.DtEnd!.Date);
    }

    [Fact]
    public async Task A_timed_meeting_without_an_end_is_shown_for_three_hours()
    {
        var start = new DateTimeOffset(2026, 11, 25, 9, 30, 0, Bangkok);
        var meeting = Sitting("msbis-1", start: start) with { End = null };
        CatalogReturns(meeting);

        var e = Event(Parse(await Feed()), "msbis-1");

        Assert.Equal((start + MeetingCalendar.AssumedLength).UtcDateTime, e.DtEnd!.AsUtc);
        Assert.Contains("ยังไม่ประกาศเวลาเลิกประชุม", e.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_meeting_stays_in_the_feed_as_cancelled()
    {
        CatalogReturns(Sitting("msbis-1", state: MeetingLiveState.Cancelled));

        var e = Event(Parse(await Feed()), "msbis-1");

        Assert.Equal("CANCELLED", e.Status);
    }

    [Fact]
    public async Task Body_filter_reaches_the_catalog_and_names_the_calendar()
    {
        CatalogReturns(Sitting("msbis-1"));

        var calendar = Parse(await Feed(new QueryString("?body=senate")));

        Assert.Equal("การประชุมวุฒิสภา – จันทรา", calendar.Properties["X-WR-CALNAME"]?.Value);
        _catalog.Verify(c => c.QueryAsync(It.Is<MeetingQuery>(q => q.Body == MeetingBody.Senate), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData("?body=parliament")]
    [InlineData("?body=senate&body=house")]
    public async Task Bad_body_filter_is_400_naming_it_without_calling_the_catalog(string query)
    {
        var answer = await Feed(new QueryString(query));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        var error = Assert.Single(answer.Json.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal("body", error.GetProperty("parameter").GetString());
        _catalog.VerifyNoOtherCalls();
    }

    [Fact]
    public void Sequence_grows_with_the_update_time_and_fits_32_bits_far_ahead()
    {
        var t = new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);

        Assert.True(MeetingCalendar.Sequence(t.AddMinutes(1)) > MeetingCalendar.Sequence(t));
        var year3000 = MeetingCalendar.Sequence(new DateTimeOffset(3000, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.InRange(year3000, MeetingCalendar.Sequence(t) + 1, int.MaxValue - 1); // still growing, not clamped
        Assert.Equal(0, MeetingCalendar.Sequence(DateTimeOffset.MinValue));
    }
}
