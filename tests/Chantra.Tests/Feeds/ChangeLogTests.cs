using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Chantra.Azure.Storage;
using Chantra.Domain.Events;
using Chantra.Tests.Infrastructure;
using Moq;

namespace Chantra.Tests.Feeds;

/// <summary>
/// The change log on Azurite: events come back exactly once, in the order they were appended, across
/// pages, also when another appender writes an event a moment late; a republish is not logged twice.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChangeLogTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    internal static CloudEvent BillEvent(string billId, int step, string? ministry = null, string type = EventTypes.BillStageChanged, DateTimeOffset? at = null)
    {
        var subject = "bills/" + billId;
        return new CloudEvent(
            CloudEvent.DeterministicId(subject, type, step.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            EventTypes.Source, type, subject, at ?? TestData.Now,
            new JsonObject
            {
                ["billId"] = billId,
                ["title"] = $"ร่างพระราชบัญญัติทดสอบ {billId} พ.ศ. ....",
                ["ministry"] = ministry,
                ["sequence"] = step,
                ["stage"] = "senate-committee",
                ["status"] = "active",
                ["statusText"] = "อยู่ระหว่างการพิจารณาของคณะกรรมาธิการวุฒิสภา",
                ["occurredOn"] = "2026-11-20",
            });
    }

    private static CloudEvent ComplaintEvent(string trackingId) => new(
        CloudEvent.DeterministicId("complaints/" + trackingId, EventTypes.ComplaintStatusChanged), EventTypes.ComplaintsSource,
        EventTypes.ComplaintStatusChanged, "complaints/" + trackingId, TestData.Now, new JsonObject { ["trackingId"] = trackingId });

    internal TableClient NewTable()
    {
        var (tables, _) = azurite.NewTables();
        return tables.Service.GetTableClient(TableChangeLog.TableName + "c" + Guid.NewGuid().ToString("N")[..10]);
    }

    private static TableChangeLog Log(TableClient table, TimeProvider time) => new(table, time, new ChangeLogOptions { SettleWindow = Settle });

    /// <summary>Reads pages until one says there is nothing more now; returns the events and the cursor to go on from.</summary>
    private static async Task<(List<CloudEvent> Events, string? Cursor, int Pages)> DrainAsync(IChangeLog log, string? cursor, int pageSize)
    {
        var events = new List<CloudEvent>();
        var pages = 0;
        while (true)
        {
            var page = await log.ReadAsync(cursor, pageSize, default);
            pages++;
            Assert.True(page.Items.Count <= pageSize);
            events.AddRange(page.Items);
            cursor = page.Cursor;
            if (!page.More)
            {
                return (events, cursor, pages);
            }
        }
    }

    [Fact]
    public async Task Events_appended_over_several_calls_come_back_once_each_in_order_across_pages()
    {
        var time = new ManualTime(TestData.Now);
        var log = Log(NewTable(), time);
        var appended = new List<CloudEvent>();
        for (var call = 0; call < 4; call++)
        {
            var batch = Enumerable.Range(0, 5).Select(i => BillEvent($"b{call}", i, at: TestData.Now.AddMinutes(-call))).ToList();
            Assert.Equal(5, await log.AppendAsync(batch, default));
            appended.AddRange(batch);
            time.Advance(TimeSpan.FromMilliseconds(1)); // appends of one instance may share a clock tick; here they do not
        }

        time.Advance(Settle + TimeSpan.FromSeconds(1));
        var (events, cursor, pages) = await DrainAsync(log, null, 3);
        var next = await log.ReadAsync(cursor, 3, default);

        Assert.Equal(appended.Select(e => e.Id), events.Select(e => e.Id)); // append order, not event time order
        Assert.Equal(7, pages);
        Assert.Empty(next.Items);
        Assert.Equal(cursor, next.Cursor); // nothing new: the cursor stays
        Assert.Equal(appended[3].ToJson(), events[3].ToJson()); // the event as it was published
    }

    [Fact]
    public async Task Events_appended_in_one_call_on_a_standing_clock_keep_their_order()
    {
        var time = new ManualTime(TestData.Now);
        var log = Log(NewTable(), time);
        var first = Enumerable.Range(0, 40).Select(i => BillEvent("x" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), i, "moph")).ToList();
        var second = Enumerable.Range(0, 3).Select(i => BillEvent("y" + i, i)).ToList();

        await log.AppendAsync(first, default); // 40 events × 4 rows: two transactions
        await log.AppendAsync(second, default); // the clock has not moved
        time.Advance(Settle + TimeSpan.FromSeconds(1));
        var (events, _, _) = await DrainAsync(log, null, 1000);

        Assert.Equal(first.Concat(second).Select(e => e.Id), events.Select(e => e.Id));
    }

    [Fact]
    public async Task An_event_written_late_by_another_appender_is_served_on_a_later_page_not_skipped()
    {
        var table = NewTable();
        var start = TestData.Now;
        var appenderA = new ManualTime(start);
        var reader = new ManualTime(start);
        var a = Log(table, appenderA);
        var readerLog = Log(table, reader);

        await a.AppendAsync([BillEvent("a", 1), BillEvent("a", 2)], default);
        reader.Advance(TimeSpan.FromSeconds(12));
        var page1 = await readerLog.ReadAsync(null, 10, default);

        // Another instance stamped this at start + 5 s (inside the reader's settle window), and its write lands only now.
        var late = BillEvent("b", 1);
        var appenderB = new ManualTime(start + TimeSpan.FromSeconds(5));
        await Log(table, appenderB).AppendAsync([late], default);
        appenderA.Advance(TimeSpan.FromSeconds(12));
        await a.AppendAsync([BillEvent("a", 3)], default);

        reader.Advance(TimeSpan.FromSeconds(1));
        var page2 = await readerLog.ReadAsync(page1.Cursor, 10, default);
        reader.Advance(Settle);
        var page3 = await readerLog.ReadAsync(page2.Cursor, 10, default);

        Assert.Equal([BillEvent("a", 1).Id, BillEvent("a", 2).Id], page1.Items.Select(e => e.Id));
        Assert.True(start + TimeSpan.FromSeconds(5) < start + TimeSpan.FromSeconds(12), "the late event is older than the reader's first read");
        Assert.Empty(page2.Items); // not settled yet
        Assert.Equal(page1.Cursor, page2.Cursor);
        Assert.Equal([late.Id, BillEvent("a", 3).Id], page3.Items.Select(e => e.Id));
        var all = page1.Items.Concat(page2.Items).Concat(page3.Items).Select(e => e.Id).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public async Task A_republish_is_not_logged_twice()
    {
        var time = new ManualTime(TestData.Now);
        var log = Log(NewTable(), time);
        var (e1, e2, e3) = (BillEvent("r", 1, "moph"), BillEvent("r", 2, "moph"), BillEvent("r", 3, "moph"));

        var first = await log.AppendAsync([e1, e2], default);
        time.Advance(TimeSpan.FromSeconds(1));
        var again = await log.AppendAsync([e2, e1], default);
        var mixed = await log.AppendAsync([e2, e3, e3], default);
        time.Advance(Settle + TimeSpan.FromSeconds(1));
        var (events, _, _) = await DrainAsync(log, null, 2);

        Assert.Equal((2, 0, 1), (first, again, mixed));
        Assert.Equal([e1.Id, e2.Id, e3.Id], events.Select(e => e.Id));
        Assert.Equal([e3.Id, e2.Id, e1.Id], (await log.ReadLatestAsync(ChangeStreams.Bills, 10, default)).Select(e => e.Id));
        Assert.Equal(3, (await log.ReadLatestAsync(ChangeStreams.Ministry("moph"), 10, default)).Count);
    }

    [Fact]
    public async Task The_publisher_logs_before_it_publishes_and_a_republish_after_a_failed_publish_is_logged_once()
    {
        var time = new ManualTime(TestData.Now);
        var log = Log(NewTable(), time);
        var topic = new RecordingPublisher { FailuresLeft = 1 };
        var publisher = new ChangeLogPublisher(log, topic);
        var events = new[] { BillEvent("p", 1), BillEvent("p", 2) };

        await Assert.ThrowsAsync<InvalidOperationException>(() => publisher.PublishAsync(events, default));
        await publisher.PublishAsync(events, default); // the sweeper's republish
        time.Advance(Settle + TimeSpan.FromSeconds(1));
        var (logged, _, _) = await DrainAsync(log, null, 10);

        Assert.Equal(events.Select(e => e.Id), logged.Select(e => e.Id));
        Assert.Equal(events.Select(e => e.Id), topic.Published.Select(e => e.Id));
    }

    [Fact]
    public async Task When_the_log_cannot_be_written_nothing_is_published()
    {
        var log = new Mock<IChangeLog>();
        log.Setup(l => l.AppendAsync(It.IsAny<IReadOnlyList<CloudEvent>>(), It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException("storage"));
        var topic = new RecordingPublisher();

        await Assert.ThrowsAsync<TimeoutException>(() => new ChangeLogPublisher(log.Object, topic).PublishAsync([BillEvent("q", 1)], default));

        Assert.Equal(0, topic.Calls);
    }

    [Fact]
    public async Task Events_off_the_public_feed_are_logged_but_never_served()
    {
        var time = new ManualTime(TestData.Now);
        var table = NewTable();
        var log = Log(table, time);
        var complaint = ComplaintEvent("C2611-000123");

        await log.AppendAsync([BillEvent("m", 1), complaint, BillEvent("m", 2)], default);
        time.Advance(Settle + TimeSpan.FromSeconds(1));
        var (events, _, _) = await DrainAsync(log, null, 1);
        var again = await log.AppendAsync([complaint], default);

        Assert.Equal([BillEvent("m", 1).Id, BillEvent("m", 2).Id], events.Select(e => e.Id));
        Assert.Equal(0, again); // it is in the log
        Assert.DoesNotContain(await log.ReadLatestAsync(ChangeStreams.Bills, 10, default), e => e.Type == EventTypes.ComplaintStatusChanged);
    }

    [Fact]
    public async Task Streams_hold_bill_events_newest_first_and_a_ministry_stream_only_that_ministrys_bills()
    {
        var time = new ManualTime(TestData.Now);
        var log = Log(NewTable(), time);
        var health = BillEvent("h", 1, "moph");
        var byName = BillEvent("n", 1, "กระทรวงสาธารณสุข"); // a source that gives the ministry's name
        var finance = BillEvent("f", 1, "mof");
        var none = BillEvent("z", 1);
        var meeting = new CloudEvent("m1", EventTypes.Source, EventTypes.MeetingStarted, "meetings/msbis-1", TestData.Now, new JsonObject { ["meetingId"] = "msbis-1" });

        await log.AppendAsync([health, byName, finance, none, meeting], default);

        Assert.Equal([none.Id, finance.Id, byName.Id, health.Id], (await log.ReadLatestAsync(ChangeStreams.Bills, 10, default)).Select(e => e.Id));
        Assert.Equal([byName.Id, health.Id], (await log.ReadLatestAsync(ChangeStreams.Ministry("moph"), 10, default)).Select(e => e.Id));
        Assert.Equal([none.Id, finance.Id], (await log.ReadLatestAsync(ChangeStreams.Bills, 2, default)).Select(e => e.Id));
        Assert.Empty(await log.ReadLatestAsync(ChangeStreams.Ministry("mot"), 10, default));
        Assert.Empty(await log.ReadLatestAsync(ChangeStreams.Ministry("mo"), 10, default)); // a prefix of a code is not the code
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("")]
    [InlineData("YWJj")] // "abc"
    [InlineData("YzF8MTIzfGFi")] // "c1|123|ab": too few digits
    public async Task A_cursor_the_log_did_not_issue_is_refused(string cursor)
    {
        var log = Log(NewTable(), new ManualTime(TestData.Now));

        await Assert.ThrowsAsync<InvalidChangeCursorException>(() => log.ReadAsync(cursor, 10, default));
    }

    [Fact]
    public async Task A_cursor_is_opaque_base64url_and_an_empty_log_answers_the_start_cursor()
    {
        var time = new ManualTime(TestData.Now);
        var log = Log(NewTable(), time);

        var empty = await log.ReadAsync(null, 10, default);
        var fromStart = await log.ReadAsync(empty.Cursor, 10, default);

        Assert.Empty(empty.Items);
        Assert.False(empty.More);
        Assert.Matches("^[A-Za-z0-9_-]+$", empty.Cursor);
        Assert.StartsWith("c1|", Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(empty.Cursor)), StringComparison.Ordinal);
        Assert.Empty(fromStart.Items);
    }

    [Fact]
    public void A_settle_window_of_zero_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TableChangeLog(NewTable(), TimeProvider.System, new ChangeLogOptions { SettleWindow = TimeSpan.Zero }));
}
