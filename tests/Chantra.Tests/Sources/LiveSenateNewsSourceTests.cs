using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Chantra.Domain.News;
using Chantra.Domain.Sources;
using Chantra.Sources.Live;
using Chantra.Sources.Live.Http;
using Chantra.Sources.News;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Chantra.Tests.Sources;

/// <summary>The live Senate news source and the shared HTTP layer against a local server serving the hand-written feeds.</summary>
public sealed class LiveSenateNewsSourceTests
{
    private static readonly string NewsDir = Path.Combine(AppContext.BaseDirectory, "News", "Data");

    private const string FirstTitle = "วุฒิสภาเปิดให้ประชาชนเข้าชมการประชุมผ่านช่องทางออนไลน์";

    private static byte[] Feed(string name) => File.ReadAllBytes(Path.Combine(NewsDir, name));

    private sealed class Rig(ServiceProvider services, FakeTimeProvider time) : IAsyncDisposable
    {
        public ISourcePageFetcher Fetcher { get; } = services.GetRequiredService<ISourcePageFetcher>();
        public FakeTimeProvider Time => time;

        public LiveSenateNewsSource Source(Uri feed, string? knownEncoding = null, ISourceHealthStore? health = null) =>
            new(new LiveSenateNewsOptions { FeedUrl = feed, KnownEncoding = knownEncoding }, Fetcher, time, NullLogger<LiveSenateNewsSource>.Instance, health);

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }

    private static Rig NewRig()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<IPageCacheStore>(new MemoryPageCache())
            .AddSourceHttp(LocalPageServer.FastHttp())
            .BuildServiceProvider();
        return new Rig(services, time);
    }

    [Fact]
    public async Task An_unchanged_feed_answers_304_and_costs_no_parse()
    {
        await using var server = await LocalPageServer.StartAsync();
        await using var rig = NewRig();
        var health = new CountingHealth();
        var url = server.Serve("mobile/news/senatenews_xml.php", Feed("senatenews.xml"), "text/xml; charset=utf-8");
        var source = rig.Source(url, health: health);

        var first = await source.ReadAsync(default);
        Assert.Equal(7, first.Items.Count); // two shown categories of 4 and 3; the hidden one left out
        Assert.Equal(FirstTitle, first.Items[0].Title);
        Assert.Equal(1, source.ParseCount);
        Assert.Equal(0, server.NotModifiedAnswers);

        var second = await source.ReadAsync(default);
        Assert.Equal(1, server.NotModifiedAnswers);
        Assert.Equal(1, source.ParseCount); // nothing parsed again
        Assert.Same(first.Items, second.Items); // the very same parse
        Assert.Equal(first.ShownCategories, second.ShownCategories);
        Assert.Equal(new FetchCounters(1, 1, 0), rig.Fetcher.Counters);

        // The first run's counts at once; the quiet run's wait for the heartbeat.
        Assert.Equal(new SourceCounts(1, 0, 0, 7), health.Total(source.Name));
        rig.Time.Advance(LiveSenateNewsSource.CountsHeartbeat);
        await source.ReadAsync(default);
        Assert.Equal(new SourceCounts(1, 2, 0, 7), health.Total(source.Name));

        // A changed feed (new ETag) is fetched and parsed again.
        server.Serve("mobile/news/senatenews_xml.php", Feed("senatenews-single.xml"), "text/xml; charset=utf-8");
        var changed = await source.ReadAsync(default);
        Assert.Equal(2, source.ParseCount);
        Assert.Single(changed.Items);
    }

    [Fact]
    public async Task A_fresh_instance_asks_unconditionally()
    {
        await using var server = await LocalPageServer.StartAsync();
        await using var rig = NewRig();
        var url = server.Serve("news.xml", Feed("senatenews.xml"), "text/xml");
        await rig.Source(url).ReadAsync(default); // the fetcher now holds the ETag

        var fresh = rig.Source(url);
        var read = await fresh.ReadAsync(default);

        Assert.Equal(0, server.NotModifiedAnswers); // a 304 would have left it with nothing
        Assert.Equal(1, fresh.ParseCount);
        Assert.Equal(7, read.Items.Count);
    }

    [Theory]
    [InlineData("text/xml", null)]                            // only the XML declaration says TIS-620
    [InlineData("text/xml; charset=TIS-620", null)]
    [InlineData("application/xml; charset=windows-874", null)]
    [InlineData("text/xml", "tis-620")]
    public async Task A_tis620_feed_decodes_to_the_same_items_as_its_utf8_twin(string contentType, string? knownEncoding)
    {
        await using var server = await LocalPageServer.StartAsync();
        await using var rig = NewRig();
        var url = server.Serve("news.xml", Feed("senatenews.tis620.xml"), contentType);

        var read = await rig.Source(url, knownEncoding).ReadAsync(default);

        Assert.Equal(FirstTitle, read.Items[0].Title);
        Assert.Equal("ข่าวประชาสัมพันธ์", read.Items[0].Category);
        var twin = SenateNewsXmlParser.Parse(Feed("senatenews.xml"), "utf-8", url);
        Assert.Equal(Describe(twin.Items), Describe(read.Items));
        Assert.Equal(twin.ShownCategories, read.ShownCategories);
    }

    [Fact]
    public async Task Relative_images_resolve_against_the_feed_address()
    {
        await using var server = await LocalPageServer.StartAsync();
        await using var rig = NewRig();
        var url = server.Serve("mobile/news/senatenews_xml.php", Feed("senatenews.xml"), "text/xml");

        var read = await rig.Source(url).ReadAsync(default);

        Assert.Equal(new Uri(server.BaseUri, "/w3c/senate/pictures/news/2562/0510-01.jpg"), read.Items[0].ImageUrl);
    }

    [Fact]
    public async Task Broken_xml_is_a_layout_exception_and_is_never_taken_for_unchanged()
    {
        await using var server = await LocalPageServer.StartAsync();
        await using var rig = NewRig();
        var url = server.Serve("news.xml", Feed("senatenews.xml"), "text/xml");
        var source = rig.Source(url);
        await source.ReadAsync(default);

        var good = Encoding.UTF8.GetString(Feed("senatenews.xml"));
        var broken = good[..(good.Length / 2)]; // cut off mid-document
        server.Serve("news.xml", Encoding.UTF8.GetBytes(broken), "text/xml");

        var e = await Assert.ThrowsAsync<SourceLayoutException>(() => source.ReadAsync(default));
        Assert.Equal(source.Name, e.SourceName);
        Assert.Contains("well-formed", e.Message, StringComparison.Ordinal);

        // The broken feed's validators were not stored: the next run fetches it in full and fails again.
        await Assert.ThrowsAsync<SourceLayoutException>(() => source.ReadAsync(default));
        Assert.Equal(0, server.NotModifiedAnswers);
        Assert.Equal(3, source.ParseCount);
    }

    [Fact]
    public async Task Another_root_element_is_a_layout_exception()
    {
        await using var server = await LocalPageServer.StartAsync();
        await using var rig = NewRig();
        var url = server.Serve("news.xml", "<?xml version=\"1.0\"?><html><body>ปิดปรับปรุง</body></html>"u8.ToArray(), "text/xml");

        var e = await Assert.ThrowsAsync<SourceLayoutException>(() => rig.Source(url).ReadAsync(default));
        Assert.Contains("senate_news", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task A_5xx_is_unavailable_and_counted_as_a_failed_page(int status)
    {
        await using var server = await LocalPageServer.StartAsync();
        await using var rig = NewRig();
        var health = new CountingHealth();
        var source = rig.Source(server.Serve("news.xml", Feed("senatenews.xml"), "text/xml"), health: health);
        server.FailWith = status;

        var e = await Assert.ThrowsAsync<SourceUnavailableException>(() => source.ReadAsync(default));

        Assert.Equal(source.Name, e.SourceName);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"HTTP {status}"), e.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests); // the attempt and two retries
        Assert.Equal(0, source.ParseCount);
        Assert.Equal(new SourceCounts(0, 0, 1, 0), health.Total(source.Name));
    }

    [Fact]
    public void Options_bind_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sources:News:Mode"] = "Live",
            ["Sources:News:Live:FeedUrl"] = "https://web.senate.go.th/mobile/news/senatenews_xml.php",
            ["Sources:News:Live:KnownEncoding"] = "tis-620",
        }).Build();

        var live = ConfigurationBinder.Get<LiveSenateNewsOptions>(configuration.GetSection("Sources:News:Live"))!;

        Assert.Equal("https", live.FeedUrl.Scheme);
        Assert.Equal("tis-620", live.KnownEncoding);
        Assert.Equal(SenateNewsXmlParser.FeedUrl, new LiveSenateNewsOptions().FeedUrl);
        Assert.Null(new LiveSenateNewsOptions().KnownEncoding);
    }

    private static string Describe(IEnumerable<NewsEntry> items) => string.Join("\n---\n",
        items.Select(i => string.Join("|", i.Category, i.Title, i.PublishedAt.ToString("O", CultureInfo.InvariantCulture), i.TimeGiven,
            i.Description, i.ImageUrl?.AbsoluteUri, string.Join(",", i.Photos.Select(p => p.AbsoluteUri)))));

    private sealed class MemoryPageCache : IPageCacheStore
    {
        private readonly ConcurrentDictionary<Uri, PageValidators> _validators = new();

        public Task<PageValidators?> GetAsync(Uri url, CancellationToken cancellationToken) =>
            Task.FromResult(_validators.TryGetValue(url, out var v) ? v : null);

        public Task SetAsync(Uri url, PageValidators validators, CancellationToken cancellationToken)
        {
            _validators[url] = validators;
            return Task.CompletedTask;
        }
    }

    /// <summary>Keeps the counts added per source; the rest of health is not this source's business.</summary>
    private sealed class CountingHealth : ISourceHealthStore
    {
        private readonly ConcurrentDictionary<string, SourceCounts> _counts = new(StringComparer.Ordinal);

        public SourceCounts Total(string source) => _counts.GetValueOrDefault(source, SourceCounts.Zero);

        public Task AddCountsAsync(string source, SourceCounts counts, CancellationToken cancellationToken)
        {
            _counts.AddOrUpdate(source, counts, (_, c) => c.Add(counts));
            return Task.CompletedTask;
        }

        public Task RecordSuccessAsync(string source, DateTimeOffset at, int itemCount, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RecordFailureAsync(string source, DateTimeOffset at, string error, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<SourceHealth>> GetAllAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<SourceHealth>>([]);
    }
}
