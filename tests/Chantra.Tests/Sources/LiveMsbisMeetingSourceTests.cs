using System.Text;
using Azure.Core;
using Azure.Data.Tables;
using Chantra.Azure.Storage;
using Chantra.Domain.Bills;
using Chantra.Domain.Meetings;
using Chantra.Domain.Sources;
using Chantra.Sources.Live;
using Chantra.Sources.Live.Http;
using Chantra.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Chantra.Tests.Sources;

/// <summary>The live MSBIS source and the shared HTTP layer against a local server, with the page cache on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LiveMsbisMeetingSourceTests(AzuriteFixture azurite)
{
    private static readonly string MsbisDir = Path.Combine(AppContext.BaseDirectory, "Meetings", "Data", "msbis");
    private static readonly string ListFixture = Path.Combine(AppContext.BaseDirectory, "Live", "Data", "msbis-list.html");

    private sealed class Rig(ServiceProvider services, StorageRequestCounter cacheCounter, FakeTimeProvider time) : IAsyncDisposable
    {
        public ISourcePageFetcher Fetcher { get; } = services.GetRequiredService<ISourcePageFetcher>();
        public StorageRequestCounter CacheCounter => cacheCounter;
        public FakeTimeProvider Time => time;

        public LiveMsbisMeetingSource Source(LiveMsbisOptions options, ISourceHealthStore? health = null) =>
            new(options, Fetcher, time, NullLogger<LiveMsbisMeetingSource>.Instance, health);

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }

    private Rig NewRig(SourceHttpOptions? http = null)
    {
        var counter = new StorageRequestCounter();
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(counter, HttpPipelinePosition.PerCall);
        var cache = new TablePageCacheStore(new TableServiceClient(azurite.ConnectionString, tableOptions), "t" + Guid.NewGuid().ToString("N")[..10]);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<IPageCacheStore>(cache)
            .AddSourceHttp(http ?? LocalPageServer.FastHttp())
            .BuildServiceProvider();
        return new Rig(services, counter, time);
    }

    private static byte[] Utf8(string mid) => File.ReadAllBytes(Path.Combine(MsbisDir, $"mid{mid}.html"));

    /// <summary>The hand-written list (mids 4132, 4136, 4142) and their real detail pages; 4132 as MSBIS sends it, in TIS-620.</summary>
    private static LiveMsbisOptions ServeMsbis(LocalPageServer server)
    {
        var list = server.Serve("list.php?id=1&level=5&yearno=25&year=1&offset=0", File.ReadAllBytes(ListFixture), "text/html; charset=utf-8");
        server.Serve("detail.php?mid=4132", File.ReadAllBytes(Path.Combine(MsbisDir, "mid4132.tis620.html")), "text/html; charset=tis-620");
        server.Serve("detail.php?mid=4136", Utf8("4136"), "text/html; charset=utf-8");
        server.Serve("detail.php?mid=4142", Utf8("4142"), "text/html");
        var options = new LiveMsbisOptions { DetailUrlFormat = new Uri(server.BaseUri, "detail.php").AbsoluteUri + "?mid={0}" };
        options.ListUrls.Add(list);
        return options;
    }

    [Fact]
    public async Task Unchanged_pages_answer_304_and_cost_no_parse_and_no_table_write()
    {
        await using var server = await LocalPageServer.StartAsync();
        await using var rig = NewRig();
        var (tables, _) = azurite.NewTables();
        var health = new TableSourceHealthStore(tables);
        var source = rig.Source(ServeMsbis(server), health);

        var first = await source.ReadAsync(default);
        Assert.Equal(["msbis-4132", "msbis-4136", "msbis-4142"], first.Select(s => s.Id));
        Assert.Equal(4, source.ParseCount); // the list and three sittings
        Assert.True(rig.CacheCounter.Writes >= 4); // each page's ETag stored

        rig.CacheCounter.Reset();
        var second = await source.ReadAsync(default);
        Assert.Equal(4, server.NotModifiedAnswers);
        Assert.Equal(4, source.ParseCount); // nothing parsed again
        Assert.Equal(0, rig.CacheCounter.Writes);
        Assert.Equal(first.Select(s => s.Page), second.Select(s => s.Page)); // the very same parses
        Assert.Equal(new FetchCounters(4, 4, 0), rig.Fetcher.Counters);

        // The counts: the first run's at once; the quiet run's wait for the heartbeat, then go out with the next quiet run.
        Assert.Equal((4L, 0L, 0L, 3L), Counts(Assert.Single(await health.GetAllAsync(default))));
        rig.Time.Advance(LiveMsbisMeetingSource.CountsHeartbeat);
        await source.ReadAsync(default);
        Assert.Equal((4L, 8L, 0L, 3L), Counts(Assert.Single(await health.GetAllAsync(default))));
    }

    [Fact]
    public async Task Past_sittings_are_asked_again_in_turn_and_recent_ones_every_run()
    {
        await using var server = await LocalPageServer.StartAsync();
        await using var rig = NewRig();
        var options = ServeMsbis(server);
        options.PastRecheckPerRun = 1;
        var source = rig.Source(options, null);
        await source.ReadAsync(default); // a new instance asks every sitting once (all three are of 2562)

        var asked = new List<int>();
        for (var run = 0; run < 3; run++)
        {
            var before = server.Requests;
            await source.ReadAsync(default);
            asked.Add(server.Requests - before);
        }

        Assert.Equal([2, 2, 2], asked); // the list and one past sitting a run: each of the three within three runs

        // Sittings ended within RecentDays count as current (their vote sheets and documents come later): asked every run.
        options.RecentDays = 365 * 10;
        var requests = server.Requests;
        await source.ReadAsync(default);
        await source.ReadAsync(default);

        Assert.Equal(2 * (1 + 3), server.Requests - requests);
    }

    private static (long, long, long, long) Counts(SourceHealth h) => (h.PagesFetched, h.PagesNotModified, h.PagesFailed, h.ItemsParsed);

    [Theory]
    [InlineData("text/html; charset=tis-620", null)]
    [InlineData("text/html", "tis-620")]
    [InlineData("text/html", null)]
    public async Task A_tis620_page_decodes_equal_to_its_utf8_twin(string contentType, string? knownEncoding)
    {
        await using var server = await LocalPageServer.StartAsync();
        await using var rig = NewRig();
        var url = server.Serve("detail.php?mid=4132", File.ReadAllBytes(Path.Combine(MsbisDir, "mid4132.tis620.html")), contentType);

        var page = Assert.IsType<FetchedPage.Content>(await rig.Fetcher.FetchAsync(new SourcePageRequest(url, knownEncoding), default));

        Assert.Equal(Encoding.UTF8.GetString(Utf8("4132")), page.Text);
    }

    [Fact]
    public async Task A_page_without_its_table_makes_the_source_unhealthy_and_leaves_stored_sittings_alone()
    {
        await using var server = await LocalPageServer.StartAsync();
        await using var rig = NewRig();
        var options = ServeMsbis(server);
        var source = rig.Source(options);
        var (tables, counter) = azurite.NewTables();
        var store = new TableMeetingStore(tables);
        var health = new TableSourceHealthStore(tables);
        var scrape = Scrape(source, store, health);
        Assert.True((await scrape.RunAsync(default)).SourceHealthy);
        var stored = await store.GetFingerprintsAsync(default);

        // The agenda row (tr#mydetail) is gone from one sitting: the site changed its layout.
        var broken = Encoding.UTF8.GetString(Utf8("4136")).Replace("id=\"mydetail\"", "id=\"renamed\"", StringComparison.Ordinal);
        Assert.NotEqual(Encoding.UTF8.GetString(Utf8("4136")), broken);
        server.Serve("detail.php?mid=4136", Encoding.UTF8.GetBytes(broken), "text/html; charset=utf-8");
        counter.Reset();

        var report = await scrape.RunAsync(default);

        Assert.False(report.SourceHealthy);
        var row = Assert.Single(await health.GetAllAsync(default), h => h.Source == source.Name);
        Assert.False(row.Healthy);
        Assert.Contains("mydetail", row.LastError, StringComparison.Ordinal);
        Assert.Equal(stored, await store.GetFingerprintsAsync(default));
        Assert.Equal(1, counter.Writes); // the health row only
    }

    [Fact]
    public async Task A_run_of_5xx_opens_the_circuit_and_a_run_after_the_break_tries_again()
    {
        await using var server = await LocalPageServer.StartAsync();
        await using var rig = NewRig();
        var source = rig.Source(ServeMsbis(server));
        server.FailWith = 503;

        var down = await Assert.ThrowsAsync<SourceUnavailableException>(() => source.ReadAsync(default));
        Assert.Contains("HTTP 503", down.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests); // the attempt and two retries

        // The next timer run within the break: refused without a request.
        var open = await Assert.ThrowsAsync<SourceUnavailableException>(() => source.ReadAsync(default));
        Assert.Contains("circuit open", open.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests);

        // After the break the site is back, and the run after it reads again.
        server.FailWith = null;
        rig.Time.Advance(LocalPageServer.FastHttp().BreakDuration + TimeSpan.FromSeconds(1));
        var back = await source.ReadAsync(default);
        Assert.Equal(3, back.Count);
    }

    [Fact]
    public void Live_state_follows_the_sittings_times()
    {
        var page = MsbisPage("4132");
        Assert.NotNull(page.End);
        var url = new Uri("https://example.invalid/");
        Assert.Equal(MeetingLiveState.Scheduled, LiveMsbisMeetingSource.Snapshot(page, page.Start.AddMinutes(-1), url).LiveState);
        var during = LiveMsbisMeetingSource.Snapshot(page, page.Start.AddMinutes(1), url);
        Assert.Equal(MeetingLiveState.InSession, during.LiveState);
        Assert.Null(during.CurrentItem);
        Assert.Equal(MeetingLiveState.Adjourned, LiveMsbisMeetingSource.Snapshot(page, page.End.Value, url).LiveState);
    }

    [Fact]
    public void List_pages_give_their_mids_in_order_and_move_by_offset()
    {
        Assert.Equal(["4132", "4136", "4142"], LiveMsbisMeetingSource.ParseList(File.ReadAllText(ListFixture)));
        var list = new Uri("https://msbis.parliament.go.th/x/main_warehouse_list_test_sql.php?id=1&level=5&yearno=26&year=1&offset=0&session_name=%CA");
        Assert.Equal("https://msbis.parliament.go.th/x/main_warehouse_list_test_sql.php?id=1&level=5&yearno=26&year=1&offset=40&session_name=%CA",
            SourceUrls.WithQuery(list, "offset", 40).OriginalString);
    }

    private static MeetingPage MsbisPage(string mid) =>
        Chantra.Sources.Meetings.MsbisPageParser.Parse(mid, Utf8(mid), "utf-8") ?? throw new InvalidOperationException("empty page");

    private static MeetingScrapeService Scrape(IMeetingSource source, IMeetingStore store, ISourceHealthStore health)
    {
        var catalog = new Mock<IBillCatalog>();
        catalog.Setup(c => c.QueryAsync(It.IsAny<BillQuery>(), It.IsAny<CancellationToken>())).ReturnsAsync(new BillPage([], null));
        var bills = new BillTitleDirectory(catalog.Object, TimeProvider.System, NullLogger<BillTitleDirectory>.Instance);
        return new MeetingScrapeService(source, store, new MeetingChangeDetector(), bills, new RecordingPublisher(), health, TimeProvider.System, NullLoggerFactory.Instance);
    }
}

/// <summary>The configuration shapes the DI snippet binds (Sources:Http, Sources:Meetings:Live).</summary>
public sealed class LiveSourceConfigurationTests
{
    [Fact]
    public void Options_bind_from_configuration()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sources:Meetings:Mode"] = "Live",
            ["Sources:Meetings:Live:ListUrls:0"] = "https://msbis.parliament.go.th/ewtadmin/ewt/parliament_report/main_warehouse_list_test_sql.php?id=1&level=5&yearno=26&year=1&offset=0",
            ["Sources:Meetings:Live:ListUrls:1"] = "https://msbis.parliament.go.th/ewtadmin/ewt/parliament_report/main_warehouse_list_test_sql.php?id=3&level=5&yearno=26&year=1&offset=0",
            ["Sources:Http:UserAgent"] = "Chantra/1.0 (+https://example.org; ops@example.org)",
            ["Sources:Http:MinInterval"] = "00:00:02",
        }).Build();

        var live = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<LiveMsbisOptions>(configuration.GetSection("Sources:Meetings:Live"))!;
        var http = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<SourceHttpOptions>(configuration.GetSection("Sources:Http"))!;

        Assert.Equal(2, live.ListUrls.Count);
        Assert.Contains("id=3", live.ListUrls[1].Query, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(2), http.MinInterval);
        Assert.StartsWith("Chantra/1.0", http.UserAgent, StringComparison.Ordinal);
    }
}
