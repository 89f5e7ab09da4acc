using Chantra.Azure.Storage;
using Chantra.Domain.Events;
using Chantra.Domain.News;
using Chantra.Domain.Push;
using Chantra.Domain.Sources;
using Chantra.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Tests.News;

/// <summary>The news scrape → table → outbox → publish path on Azurite, with the hand-written fixtures.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class NewsScrapeServiceTests(AzuriteFixture azurite)
{
    internal const string Headline = "ข่าวประชาสัมพันธ์";
    internal const string Committee = "ข่าวกิจกรรมคณะกรรมาธิการ";

    /// <summary>A source the test moves by hand.</summary>
    internal sealed class ScriptedSource : INewsSource
    {
        public List<NewsEntry> Items { get; set; } = [];
        public List<string> Shown { get; set; } = [Headline, Committee];
        public Exception? Failure { get; set; }
        public string Name => "news-test";

        public Task<NewsRead> ReadAsync(CancellationToken cancellationToken) =>
            Failure is { } f ? Task.FromException<NewsRead>(f) : Task.FromResult(new NewsRead(Items.ToList(), Shown.ToList()));
    }

    internal static List<NewsEntry> FixtureItems() => SenateNewsXmlParserTests.Fixture("senatenews.xml").Items.ToList();

    internal static NewsEntry Entry(string category, string title, DateTimeOffset? at = null, string description = "รายละเอียด") =>
        new(category, title, at ?? new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(7)), true, description, null, []);

    private (NewsScrapeService Scrape, TableNewsStore Store, RecordingPublisher Publisher, ScriptedSource Source, TableSourceHealthStore Health, StorageRequestCounter Counter) Setup(NewsOptions? options = null)
    {
        var (tables, counter) = azurite.NewTables();
        var store = new TableNewsStore(new NewsTables(tables.Service, "n" + Guid.NewGuid().ToString("N")[..10]));
        var publisher = new RecordingPublisher();
        var source = new ScriptedSource();
        var health = new TableSourceHealthStore(tables);
        var scrape = new NewsScrapeService(source, store, new NewsChangeDetector(), options ?? new NewsOptions(), publisher, health, TimeProvider.System, NullLoggerFactory.Instance);
        return (scrape, store, publisher, source, health, counter);
    }

    private static List<PushNotification> Pushes(IEnumerable<CloudEvent> events)
    {
        var composer = new NewsPushComposer();
        return events.Select(composer.Compose).OfType<PushNotification>().ToList();
    }

    [Fact]
    public void The_default_headline_category_is_the_first_shown_one_and_configured_names_replace_it()
    {
        var byDefault = new NewsOptions();
        var configured = new NewsOptions { HeadlineCategories = ["ข่าวกิจกรรม  คณะกรรมาธิการ", "ข่าวเด่น"] };

        Assert.True(byDefault.IsHeadline(Headline, [Headline, Committee]));
        Assert.False(byDefault.IsHeadline(Committee, [Headline, Committee]));
        Assert.False(byDefault.IsHeadline(Headline, []));
        Assert.False(configured.IsHeadline(Headline, [Headline, Committee]));
        Assert.True(configured.IsHeadline("ข่าวกิจกรรม คณะกรรมาธิการ", [Headline])); // compared with spaces normalised
    }

    [Fact]
    public async Task The_first_load_stores_every_item_once_and_publishes_each_once_without_pushing_the_back_catalogue()
    {
        var (scrape, store, publisher, source, _, counter) = Setup();
        source.Items = FixtureItems();

        var first = await scrape.RunAsync(default);
        counter.Reset();
        var again = await scrape.RunAsync(default);

        Assert.Equal((7, 7, 7, 7), (first.Seen, first.Changed, first.Events, first.Published));
        Assert.All(publisher.Published, e => Assert.Equal(EventTypes.NewsPublished, e.Type));
        Assert.Equal(7, publisher.Published.Select(e => e.Id).Distinct().Count());
        Assert.All(publisher.Published, e => Assert.True(e.Data["backfill"]!.GetValue<bool>()));
        Assert.Equal(4, publisher.Published.Count(e => e.Data["headline"]!.GetValue<bool>())); // the first category's four items
        Assert.Empty(Pushes(publisher.Published));

        Assert.Equal((7, 0, 0), (again.Seen, again.Changed, again.Events));
        Assert.Equal(7, publisher.Published.Count);
        Assert.Equal(0, counter.Writes);
        Assert.Equal(1, counter.Reads); // the fingerprints, nothing else
        Assert.Equal(7, (await store.QueryAsync(new NewsQuery(PageSize: 100), default)).Items.Count);
        Assert.Empty(await store.GetPendingEventsAsync(DateTimeOffset.UtcNow.AddDays(1), 100, default));
    }

    [Fact]
    public async Task A_new_headline_item_is_pushed_to_news_once_and_a_new_item_of_another_category_is_not_pushed()
    {
        var (scrape, _, publisher, source, _, _) = Setup();
        source.Items = FixtureItems();
        await scrape.RunAsync(default);
        publisher.Published.Clear();

        var headline = Entry(Headline, "วุฒิสภาเปิดรับฟังความคิดเห็นร่างกฎหมายใหม่");
        var other = Entry(Committee, "คณะกรรมาธิการประชุมนัดพิเศษ");
        source.Items = [.. FixtureItems(), headline, other];
        var report = await scrape.RunAsync(default);
        await scrape.RunAsync(default);
        await scrape.RunAsync(default);

        Assert.Equal(2, report.Events);
        Assert.Equal(2, publisher.Published.Count); // once each, over three runs
        Assert.All(publisher.Published, e => Assert.Equal(EventTypes.NewsPublished, e.Type));
        Assert.All(publisher.Published, e => Assert.False(e.Data["backfill"]!.GetValue<bool>()));
        var push = Assert.Single(Pushes(publisher.Published));
        Assert.Equal(PushTags.News, push.TagExpression);
        Assert.Equal(headline.Title, push.Properties["bodyTh"]);
        Assert.Equal(NewsItem.IdOf(Headline, headline.Title, headline.PublishedAt), push.Properties["newsId"]);
        var otherEvent = publisher.Published.Single(e => e.Data["title"]!.GetValue<string>() == other.Title);
        Assert.False(otherEvent.Data["headline"]!.GetValue<bool>());
        Assert.Equal("news/" + NewsItem.IdOf(Committee, other.Title, other.PublishedAt), otherEvent.Subject);
    }

    [Fact]
    public async Task Configured_headline_categories_decide_what_is_pushed()
    {
        var (scrape, _, publisher, source, _, _) = Setup(new NewsOptions { HeadlineCategories = [Committee] });
        source.Items = [Entry(Headline, "เก่า")];
        await scrape.RunAsync(default); // the first load
        publisher.Published.Clear();

        source.Items = [Entry(Headline, "เก่า"), Entry(Headline, "ประชาสัมพันธ์ใหม่"), Entry(Committee, "กรรมาธิการใหม่")];
        await scrape.RunAsync(default);

        var push = Assert.Single(Pushes(publisher.Published));
        Assert.Equal("กรรมาธิการใหม่", push.Properties["bodyTh"]);
    }

    [Fact]
    public async Task A_changed_item_is_updated_in_place_with_a_news_updated_event_that_is_not_pushed()
    {
        var (scrape, store, publisher, source, _, _) = Setup();
        var item = Entry(Headline, "ข่าวที่แก้ไข", description: "ฉบับแรก");
        source.Items = [Entry(Headline, "ข่าวอื่น")];
        await scrape.RunAsync(default);
        source.Items = [Entry(Headline, "ข่าวอื่น"), item];
        await scrape.RunAsync(default);
        var id = NewsItem.IdOf(Headline, item.Title, item.PublishedAt);
        var before = await ((INewsCatalog)store).GetAsync(id, default);
        publisher.Published.Clear();

        source.Items = [Entry(Headline, "ข่าวอื่น"), item with { Description = "ฉบับแก้ไข", PublishedAt = item.PublishedAt.AddHours(2) }];
        var report = await scrape.RunAsync(default);
        await scrape.RunAsync(default);

        var e = Assert.Single(publisher.Published);
        Assert.Equal(EventTypes.NewsUpdated, e.Type);
        Assert.Equal(1, report.Changed);
        Assert.Empty(Pushes(publisher.Published));
        var after = await ((INewsCatalog)store).GetAsync(id, default);
        Assert.Equal("ฉบับแก้ไข", after!.Description);
        Assert.Equal(before!.FirstSeenAt, after.FirstSeenAt);
        var list = (await store.QueryAsync(new NewsQuery(PageSize: 100), default)).Items;
        Assert.Equal(2, list.Count); // the moved time of day left no stale row
        Assert.Equal("ฉบับแก้ไข", list.Single(i => i.Id == id).Description);
    }

    [Fact]
    public async Task A_failed_publish_leaves_the_event_in_the_outbox_and_the_sweeper_publishes_it_once()
    {
        var (scrape, store, publisher, source, _, _) = Setup();
        source.Items = [Entry(Headline, "ข่าวเดิม")];
        await scrape.RunAsync(default);
        publisher.Published.Clear();

        source.Items = [Entry(Headline, "ข่าวเดิม"), Entry(Headline, "ข่าวใหม่")];
        publisher.FailuresLeft = 1;
        var failed = await scrape.RunAsync(default);
        var rerun = await scrape.RunAsync(default);
        var pending = await store.GetPendingEventsAsync(DateTimeOffset.UtcNow.AddMinutes(1), 100, default);
        var sweeper = new OutboxSweeper(store, new OutboxRelay(publisher, store, NullLogger<OutboxRelay>.Instance), TimeProvider.System,
            new OutboxSweeperOptions { MinAge = TimeSpan.Zero }, NullLogger<OutboxSweeper>.Instance);
        var swept = await sweeper.SweepAsync(default);
        var again = await sweeper.SweepAsync(default);

        Assert.Equal((1, 0), (failed.Events, failed.Published));
        Assert.Equal(0, rerun.Events); // the stored item says it all; its event waits in the outbox
        Assert.Single(pending);
        Assert.Equal((1, 0), (swept, again));
        var e = Assert.Single(publisher.Published);
        Assert.Equal("ข่าวใหม่", e.Data["title"]!.GetValue<string>());
        Assert.Single(Pushes(publisher.Published));
    }

    [Fact]
    public async Task A_layout_change_marks_the_source_unhealthy_and_keeps_the_stored_news()
    {
        var (scrape, store, publisher, source, health, _) = Setup();
        source.Items = FixtureItems();
        await scrape.RunAsync(default);
        source.Failure = new SourceLayoutException("news-test", "<senate_news> holds no <category>");

        var report = await scrape.RunAsync(default);

        Assert.False(report.SourceHealthy);
        var state = Assert.Single(await health.GetAllAsync(default), h => h.Source == "news-test");
        Assert.False(state.Healthy);
        Assert.Contains("no <category>", state.LastError, StringComparison.Ordinal);
        Assert.Equal(7, (await store.QueryAsync(new NewsQuery(PageSize: 100), default)).Items.Count);
        Assert.Equal(7, publisher.Published.Count);
    }

    [Fact]
    public async Task The_same_item_twice_in_one_read_is_one_item()
    {
        var (scrape, store, publisher, source, _, _) = Setup();
        var item = Entry(Headline, "ข่าวซ้ำ");
        source.Items = [item, item with { Description = "สำเนาที่สอง" }];

        await scrape.RunAsync(default);

        Assert.Single(publisher.Published);
        var stored = Assert.Single((await store.QueryAsync(new NewsQuery(), default)).Items);
        Assert.Equal(item.Description, stored.Description);
    }
}
