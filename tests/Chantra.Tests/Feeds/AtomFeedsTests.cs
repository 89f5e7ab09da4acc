using System.ServiceModel.Syndication;
using System.Xml;
using Chantra.Azure.Storage;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.News;
using Chantra.Functions.Feeds;
using Chantra.Tests.Functions;
using Chantra.Tests.Infrastructure;
using Chantra.Tests.News;
using Microsoft.AspNetCore.Http;
using Moq;

namespace Chantra.Tests.Feeds;

/// <summary>The Atom feeds, executed as the host runs them and parsed back with <see cref="SyndicationFeed.Load(XmlReader)"/>.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AtomFeedsTests(AzuriteFixture azurite)
{
    private const string Host = "api.chantra.test";
    private static readonly TimeSpan Bangkok = TimeSpan.FromHours(7);

    private readonly Mock<IBillCatalog> _bills = new();
    private readonly Mock<INewsCatalog> _news = new();

    private (FeedsApi Api, TableChangeLog Log) Setup()
    {
        var log = new TableChangeLog(new ChangeLogTests(azurite).NewTable(), new ManualTime(TestData.Now), new ChangeLogOptions());
        return (new FeedsApi(log, _bills.Object, _news.Object), log);
    }

    private static HttpContext Request(string path, string? ifNoneMatch = null)
    {
        var ctx = HttpCall.Request(path, default, ifNoneMatch);
        ctx.Request.Scheme = "https";
        ctx.Request.Host = new HostString(Host);
        return ctx;
    }

    private static SyndicationFeed Parse(HttpAnswer answer)
    {
        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.Equal("application/atom+xml; charset=utf-8", answer.ContentType);
        Assert.NotNull(answer.ETag);
        Assert.False(answer.Body.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]), "no BOM");
        using var reader = XmlReader.Create(new MemoryStream(answer.Body));
        return SyndicationFeed.Load(reader);
    }

    private static Uri Link(SyndicationItem item, string type) => Assert.Single(item.Links, l => l.RelationshipType == "alternate" && l.MediaType == type).Uri;

    private static string Text(TextSyndicationContent? content) => content?.Text ?? string.Empty;

    private static string Uuid(string eventId) => "urn:uuid:" + Guid.ParseExact(eventId, "N").ToString("D");

    [Fact]
    public async Task The_bills_feed_is_every_bill_change_newest_first_with_links_to_the_api_and_the_app()
    {
        var (api, log) = Setup();
        var created = ChangeLogTests.BillEvent("7", 0, "moph", EventTypes.BillCreated, TestData.Now.AddDays(-2));
        var moved = ChangeLogTests.BillEvent("7", 1, "moph", EventTypes.BillStageChanged, TestData.Now.AddDays(-1));
        var other = ChangeLogTests.BillEvent("9", 0, null, EventTypes.BillCreated, TestData.Now);
        var meeting = new CloudEvent("m1", EventTypes.Source, EventTypes.MeetingStarted, "meetings/msbis-1", TestData.Now, new System.Text.Json.Nodes.JsonObject());
        await log.AppendAsync([created, moved, meeting], default);
        await log.AppendAsync([other], default);

        var ctx = Request("/api/v1/feeds/bills");
        var answer = await HttpCall.ExecuteAsync(await api.GetBillsFeed(ctx.Request, default), ctx);
        var feed = Parse(answer);

        Assert.Equal("tag:chantra.senate.go.th,2026:feeds/bills", feed.Id);
        Assert.Equal("ความเคลื่อนไหวของร่างกฎหมาย – จันทรา", Text(feed.Title));
        Assert.Equal(new Uri($"https://{Host}/api/v1/feeds/bills"), Assert.Single(feed.Links, l => l.RelationshipType == "self").Uri);
        var entries = feed.Items.ToList();
        Assert.Equal([Uuid(other.Id), Uuid(moved.Id), Uuid(created.Id)], entries.Select(e => e.Id)); // no meeting event
        Assert.Equal(other.Time, feed.LastUpdatedTime);

        var step = entries[1];
        Assert.EndsWith(": ร่างพระราชบัญญัติทดสอบ 7 พ.ศ. ....", Text(step.Title), StringComparison.Ordinal);
        Assert.StartsWith(BillStage.SenateCommittee.ToThai(), Text(step.Title), StringComparison.Ordinal);
        Assert.Equal(moved.Time, step.LastUpdatedTime);
        Assert.Equal(Bangkok, step.LastUpdatedTime.Offset);
        Assert.Equal("อยู่ระหว่างการพิจารณาของคณะกรรมาธิการวุฒิสภา (20 พฤศจิกายน 2569)", Text(step.Summary));
        Assert.Equal(new Uri($"https://{Host}/api/v1/bills/7"), Link(step, "application/json"));
        Assert.Equal(new Uri("chantra://bills/7"), Link(step, "application/x-chantra"));
        Assert.Equal("senate-committee", Assert.Single(step.Categories).Name);
        Assert.StartsWith("ร่างกฎหมายใหม่: ", Text(entries[2].Title), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ministrys_feed_has_only_the_bill_changes_of_that_ministry_and_an_unknown_ministry_is_404()
    {
        var (api, log) = Setup();
        var health = ChangeLogTests.BillEvent("11", 0, "moph", EventTypes.BillCreated);
        var finance = ChangeLogTests.BillEvent("12", 0, "mof", EventTypes.BillCreated);
        await log.AppendAsync([health, finance], default);

        var ctx = Request("/api/v1/feeds/ministries/moph/bills");
        var feed = Parse(await HttpCall.ExecuteAsync(await api.GetMinistryBillsFeed(ctx.Request, "moph", default), ctx));
        var emptyCtx = Request("/api/v1/feeds/ministries/mot/bills");
        var empty = Parse(await HttpCall.ExecuteAsync(await api.GetMinistryBillsFeed(emptyCtx.Request, "mot", default), emptyCtx));
        var unknownCtx = Request("/api/v1/feeds/ministries/nasa/bills");
        var unknown = await HttpCall.ExecuteAsync(await api.GetMinistryBillsFeed(unknownCtx.Request, "nasa", default), unknownCtx);

        var entry = Assert.Single(feed.Items);
        Assert.Equal(Uuid(health.Id), entry.Id);
        Assert.Equal(new Uri($"https://{Host}/api/v1/bills/11"), Link(entry, "application/json"));
        Assert.Equal("ร่างกฎหมายของกระทรวงสาธารณสุข – จันทรา", Text(feed.Title));
        Assert.Equal("tag:chantra.senate.go.th,2026:feeds/ministries/moph/bills", feed.Id);
        Assert.Empty(empty.Items);
        Assert.Equal(StatusCodes.Status404NotFound, unknown.Status);
        Assert.StartsWith("application/problem+json", unknown.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_bills_feed_is_its_timeline_newest_first_and_an_unknown_bill_is_404()
    {
        var (api, _) = Setup();
        var state = new BillState("42", "ร่างพระราชบัญญัติการศึกษาแห่งชาติ พ.ศ. ....", null, "คณะรัฐมนตรี", "moe", null,
            BillStage.SenateCommittee, BillStatus.Active, "คณะกรรมาธิการวุฒิสภาพิจารณา", new DateOnly(2026, 11, 20), TestData.Now, 2, "fp");
        var timeline = new[]
        {
            new TimelineStep(0, BillStage.HouseFirstReading, BillStatus.Active, "สภาผู้แทนราษฎรรับหลักการ", new DateOnly(2026, 9, 1), TestData.Now.AddDays(-80), null, null),
            new TimelineStep(1, BillStage.SenateCommittee, BillStatus.Active, "คณะกรรมาธิการวุฒิสภาพิจารณา", new DateOnly(2026, 11, 20), TestData.Now.AddTicks(1_234_567), null, null),
        };
        _bills.Setup(b => b.GetAsync("42", It.IsAny<CancellationToken>())).ReturnsAsync(new StoredBill(state, timeline, [], "v1"));
        _bills.Setup(b => b.GetAsync("404", It.IsAny<CancellationToken>())).ReturnsAsync((StoredBill?)null);

        var ctx = Request("/api/v1/feeds/bills/42");
        var answer = await HttpCall.ExecuteAsync(await api.GetBillFeed(ctx.Request, "42", default), ctx);
        var feed = Parse(answer);
        var again = Request("/api/v1/feeds/bills/42", answer.ETag);
        var notModified = await HttpCall.ExecuteAsync(await api.GetBillFeed(again.Request, "42", default), again);
        var missingCtx = Request("/api/v1/feeds/bills/404");
        var missing = await HttpCall.ExecuteAsync(await api.GetBillFeed(missingCtx.Request, "404", default), missingCtx);

        Assert.Equal(state.Title, Text(feed.Title));
        Assert.Equal("tag:chantra.senate.go.th,2026:feeds/bills/42", feed.Id);
        var entries = feed.Items.ToList();
        Assert.Equal(["tag:chantra.senate.go.th,2026:bills/42/steps/1", "tag:chantra.senate.go.th,2026:bills/42/steps/0"], entries.Select(e => e.Id));
        Assert.Equal($"{BillStage.SenateCommittee.ToThai()}: {state.Title}", Text(entries[0].Title));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 17, 0, 0, Bangkok), entries[0].LastUpdatedTime); // whole seconds, Bangkok time
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 0, 0, 0, Bangkok), entries[0].PublishDate);
        Assert.Equal(new Uri($"https://{Host}/api/v1/bills/42"), Link(entries[1], "application/json"));
        Assert.Equal(new Uri("chantra://bills/42"), Link(entries[1], "application/x-chantra"));
        Assert.Equal(StatusCodes.Status304NotModified, notModified.Status);
        Assert.Empty(notModified.Body);
        Assert.Equal(StatusCodes.Status404NotFound, missing.Status);
    }

    [Fact]
    public async Task The_news_feed_is_the_newest_items_with_their_text_image_and_links()
    {
        var (api, _) = Setup();
        var newer = NewsApiTests.Item("00000000000000b2", "ข่าวใหม่กว่า") with { UpdatedAt = TestData.Now };
        var older = NewsApiTests.Item("00000000000000b1", "ข่าวเก่ากว่า") with { ImageUrl = null };
        _news.Setup(n => n.QueryAsync(new NewsQuery(null, AtomFeeds.MaxEntries, null), It.IsAny<CancellationToken>())).ReturnsAsync(new NewsPage([newer, older], "more"));

        var ctx = Request("/api/v1/feeds/news");
        var feed = Parse(await HttpCall.ExecuteAsync(await api.GetNewsFeed(ctx.Request, default), ctx));

        Assert.Equal("ข่าววุฒิสภา – จันทรา", Text(feed.Title));
        var entries = feed.Items.ToList();
        Assert.Equal(["tag:chantra.senate.go.th,2026:news/00000000000000b2", "tag:chantra.senate.go.th,2026:news/00000000000000b1"], entries.Select(e => e.Id));
        var entry = entries[0];
        Assert.Equal("ข่าวใหม่กว่า", Text(entry.Title));
        Assert.Equal("ย่อหน้าแรกของข่าว\n\nย่อหน้าที่สอง", ((TextSyndicationContent)entry.Content).Text);
        Assert.Equal(new Uri($"https://{Host}/api/v1/news/00000000000000b2"), Link(entry, "application/json"));
        Assert.Equal(new Uri("chantra://news/00000000000000b2"), Link(entry, "application/x-chantra"));
        var image = Assert.Single(entry.Links, l => l.RelationshipType == "enclosure");
        Assert.Equal("image/jpeg", image.MediaType);
        Assert.Equal(new Uri("http://web.senate.go.th/w3c/senate/pictures/news/1.jpg"), image.Uri);
        Assert.Equal("ข่าวประชาสัมพันธ์", Assert.Single(entry.Categories).Name);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 30, 0, Bangkok), entry.PublishDate);
        Assert.DoesNotContain(entries[1].Links, l => l.RelationshipType == "enclosure");
        Assert.Equal(TestData.Now, feed.LastUpdatedTime);
    }

    [Fact]
    public async Task The_same_data_gives_the_same_bytes_so_a_poll_that_finds_nothing_new_is_a_304()
    {
        var (api, log) = Setup();
        await log.AppendAsync([ChangeLogTests.BillEvent("5", 0)], default);

        var first = Request("/api/v1/feeds/bills");
        var a = await HttpCall.ExecuteAsync(await api.GetBillsFeed(first.Request, default), first);
        var second = Request("/api/v1/feeds/bills");
        var b = await HttpCall.ExecuteAsync(await api.GetBillsFeed(second.Request, default), second);
        var third = Request("/api/v1/feeds/bills", a.ETag);
        var c = await HttpCall.ExecuteAsync(await api.GetBillsFeed(third.Request, default), third);

        Assert.Equal(a.Body, b.Body);
        Assert.Equal(StatusCodes.Status304NotModified, c.Status);
    }

    [Fact]
    public void Event_ids_become_uuid_urns_and_other_ids_tag_uris()
    {
        Assert.Equal("urn:uuid:01234567-89ab-cdef-0123-456789abcdef", AtomFeeds.EntryId("0123456789abcdef0123456789abcdef"));
        Assert.Equal("tag:chantra.senate.go.th,2026:events/a%2Fb", AtomFeeds.EntryId("a/b"));
    }
}
