using System.Net;
using System.Text;
using Azure.Core;
using Azure.Data.Tables;
using Chantra.Azure.Storage;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.Sources;
using Chantra.Sources.Live;
using Chantra.Sources.Live.Http;
using Chantra.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Chantra.Tests.Sources;

/// <summary>
/// The live bill source against a local server: an LIS list and the hand-written LIS detail pages, the Senate's
/// draft-bill list and Royal Gazette listings, with the page cache, the bill ids (table billaliases) and the
/// source health on Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LiveBillSourceTests(AzuriteFixture azurite)
{
    private static readonly string LiveData = Path.Combine(AppContext.BaseDirectory, "Live", "Data");

    // The detail fixtures' titles (h3.heading), and one made-up bill built from the enacted page.
    private const string EnactedTitle = "ร่างพระราชบัญญัติส่งเสริมวิสาหกิจชุมชน (ฉบับที่ ..) พ.ศ. ....";
    private const string InSenateTitle = "ร่างพระราชบัญญัติคุ้มครองแรงงาน (ฉบับที่ ..) พ.ศ. ....";
    private const string LapsedTitle = "ร่างพระราชบัญญัติการจัดการขยะมูลฝอยชุมชน พ.ศ. ....";

    /// <summary>Passed by Parliament, presented to the King, no Gazette section on LIS yet; its act is in ratchakitcha-listing.html (20 มีนาคม ๒๕๖๘).</summary>
    private const string AwaitingTitle = "ร่างพระราชบัญญัติสุราชุมชน พ.ศ. ....";

    /// <summary>How the Senate's list writes the bill LIS shows in the Senate: other spacing, an ellipsis in the year.</summary>
    private const string InSenateTitleOnSenateList = "ร่างพระราชบัญญัติ คุ้มครองแรงงาน  (ฉบับที่ ..)   พ.ศ. ….";

    private const string FisheriesTitle = "ร่างพระราชบัญญัติการประมง (ฉบับที่ ..) พ.ศ. ....";

    private const string GazetteText = LisBillDetailParser.GazetteText;
    private const string Lis = LisBillListParser.SourceName;
    private const string Senate = LiveBillSource.SenateStatusSource;
    private const string Gazette = LiveBillSource.GazetteSource;

    /// <summary>The list, four details, the Senate's page and two Gazette listings.</summary>
    private const int PagesPerRead = 8;

    private static readonly LisRow Enacted = new("51234", "2566", "12", EnactedTitle, "คณะรัฐมนตรี", "ประกาศในราชกิจจานุเบกษา");
    private static readonly LisRow InSenate = new("53310", "2567", "7", InSenateTitle, "นายสมชาย ตัวอย่าง กับคณะ", "อยู่ระหว่างการพิจารณาของวุฒิสภา");
    private static readonly LisRow Lapsed = new("49021", "2566", "88", LapsedTitle, "นางสาวสมหญิง ตัวอย่าง กับคณะ", "ร่างตกไป");
    private static readonly LisRow Awaiting = new("51300", "2567", "31", AwaitingTitle, "คณะรัฐมนตรี", "นำขึ้นทูลเกล้าทูลกระหม่อมถวาย");

    private static readonly LisRow[] AllLisRows = [Enacted, InSenate, Lapsed, Awaiting];

    private sealed record LisRow(string DocId, string Year, string Acceptance, string Title, string Proposer, string Status);

    // ---- The rig ----------------------------------------------------------------------------

    /// <summary>The local sites, the shared fetcher (page cache on Azurite), the bill ids and the health rows on Azurite.</summary>
    private sealed class Rig(
        LocalPageServer server,
        ServiceProvider services,
        FakeTimeProvider time,
        StorageRequestCounter cacheCounter,
        TableBillIdentityStore identities,
        StorageRequestCounter identityCounter,
        ChantraTables tables,
        StorageRequestCounter tablesCounter) : IAsyncDisposable
    {
        public LocalPageServer Server => server;
        public ISourcePageFetcher Fetcher { get; } = services.GetRequiredService<ISourcePageFetcher>();
        public FakeTimeProvider Time => time;
        public StorageRequestCounter CacheCounter => cacheCounter;
        public TableBillIdentityStore Identities => identities;
        public CountingIdentityStore CountedIdentities { get; } = new(identities);
        public StorageRequestCounter IdentityCounter => identityCounter;
        public ChantraTables Tables => tables;
        public StorageRequestCounter TablesCounter => tablesCounter;
        public TableSourceHealthStore Health { get; } = new(tables);
        public LiveBillOptions Options { get; } = new();

        /// <summary>A new source instance (nothing in memory) on the same fetcher, id table and health rows.</summary>
        public LiveBillSource Source() =>
            new(Options, Fetcher, CountedIdentities, new BillSourceMerger(new BillStatusClassifier()), time, NullLogger<LiveBillSource>.Instance, Health);

        public Uri ServeLisList(params LisRow[] rows) => ServeLisListHtml(LisList(rows));

        public Uri ServeLisListHtml(string html) => server.Serve("index/search_advance_detail.php?S_SYSTEM=3&offset=0", Utf8(html), "text/html; charset=utf-8");

        public Uri ServeSenateList(string html) => server.Serve("lawdraft/index.php?kw=&page=1", Utf8(html), "text/html; charset=utf-8");

        public ValueTask DisposeAsync() => DisposeAllAsync();

        private async ValueTask DisposeAllAsync()
        {
            await services.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    /// <summary>Counts what the source asks of the id table.</summary>
    private sealed class CountingIdentityStore(IBillIdentityStore inner) : IBillIdentityStore
    {
        private int _gets;
        private int _adds;

        public int Gets => Volatile.Read(ref _gets);
        public int Adds => Volatile.Read(ref _adds);

        public void Reset()
        {
            Interlocked.Exchange(ref _gets, 0);
            Interlocked.Exchange(ref _adds, 0);
        }

        public Task<IReadOnlyDictionary<string, string>> GetAliasesAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _gets);
            return inner.GetAliasesAsync(cancellationToken);
        }

        public Task AddAliasesAsync(IReadOnlyDictionary<string, string> aliases, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _adds);
            return inner.AddAliasesAsync(aliases, cancellationToken);
        }
    }

    private static TableServiceClient CountedService(string connectionString, StorageRequestCounter counter)
    {
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerCall);
        return new TableServiceClient(connectionString, options);
    }

    private static string Suffix() => "t" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A rig serving every page of a normal day (the four LIS bills, the Senate's list, two Gazette listings), the options pointing at them.</summary>
    private async Task<Rig> NewRigAsync(string enactedActPublished = "23/09/2567")
    {
        var server = await LocalPageServer.StartAsync();
        var cacheCounter = new StorageRequestCounter();
        var cache = new TablePageCacheStore(CountedService(azurite.ConnectionString, cacheCounter), Suffix());
        var identityCounter = new StorageRequestCounter();
        var identities = new TableBillIdentityStore(CountedService(azurite.ConnectionString, identityCounter), Suffix());
        var (tables, tablesCounter) = azurite.NewTables();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<IPageCacheStore>(cache)
            .AddSourceHttp(LocalPageServer.FastHttp())
            .BuildServiceProvider();
        var rig = new Rig(server, services, time, cacheCounter, identities, identityCounter, tables, tablesCounter);

        rig.Options.LisListUrls.Add(rig.ServeLisList(AllLisRows));
        ServeDetail(server, Enacted.DocId, Fixture("lis-detail-enacted.html"));
        ServeDetail(server, InSenate.DocId, Fixture("lis-detail-in-senate.html"));
        ServeDetail(server, Lapsed.DocId, Fixture("lis-detail-lapsed.html"));
        ServeDetail(server, Awaiting.DocId, AwaitingDetail());
        rig.Options.SenateListUrl = rig.ServeSenateList(SenateList());
        rig.Options.GazetteListingUrls.Add(server.Serve("gazette/2568-03.html", File.ReadAllBytes(Path.Combine(LiveData, "ratchakitcha-listing.html")), "text/html; charset=utf-8"));
        rig.Options.GazetteListingUrls.Add(server.Serve("gazette/2567-09.html", Utf8(GazetteListing(
            (enactedActPublished, "พระราชบัญญัติส่งเสริมวิสาหกิจชุมชน (ฉบับที่ ๓) พ.ศ. ๒๕๖๗", "ก", "/documents/17134567.pdf"),
            ("25/09/2567", "ประกาศกระทรวงพาณิชย์ เรื่อง ราคาสินค้าควบคุม", "ง", "/documents/141D200S0000000000100.pdf"))), "text/html; charset=utf-8"));
        return rig;
    }

    private static void ServeDetail(LocalPageServer server, string docId, string html) =>
        server.Serve($"index/detail.php?DOC_ID={docId}", Utf8(html), "text/html; charset=utf-8");

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(LiveData, name));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    // ---- Pages ------------------------------------------------------------------------------

    /// <summary>An LIS list page as shared/SOURCES.md documents it: rows of table.table, the link relative (so it resolves to the local server).</summary>
    private static string LisList(params LisRow[] rows)
    {
        var html = new StringBuilder();
        html.Append("<html><body>\n");
        html.Append($"<div id=\"dt_d_info\">แสดง 1 ถึง {rows.Length} จากทั้งหมด {rows.Length} รายการ</div>\n");
        html.Append("<table class=\"table table-bordered\">\n<tr><th>ปี</th><th>เลขรับ</th><th>ชื่อร่าง</th><th>ผู้เสนอ</th><th>ผลการพิจารณา</th><th></th></tr>\n");
        foreach (var r in rows)
        {
            html.Append($"<tr><td>{r.Year}</td><td>{r.Acceptance}</td><td>{WebUtility.HtmlEncode(r.Title)}</td><td>{r.Proposer}</td><td>{r.Status}</td>")
                .Append($"<td><a href=\"detail.php?DOC_ID={r.DocId}\">รายละเอียด</a></td></tr>\n");
        }

        html.Append("</table>\n</body></html>");
        return html.ToString();
    }

    /// <summary>
    /// The Senate's list (table.table &gt; tbody, title/proposer/status then seven document cells, one page): the bill LIS shows
    /// in the Senate (its first-reading result and its Senate committee's report), and a bill LIS does not have.
    /// </summary>
    private static string SenateList() => $"""
        <html><body>
        <table class="table table-striped">
          <thead><tr><th>ชื่อร่าง</th><th>ผู้เสนอ</th><th>สถานะ</th><th>ร่างวาระแรก</th><th>ผลวาระแรก</th><th>รายงาน กมธ.</th><th>ร่างที่ผ่าน</th><th>ข้อสังเกต</th><th>การดำเนินการ</th><th>ราชกิจจาฯ</th></tr></thead>
          <tbody>
            <tr>
              <td>{InSenateTitleOnSenateList}</td>
              <td>นายสมชาย ตัวอย่าง กับคณะ</td>
              <td>อยู่ระหว่างการพิจารณาของคณะกรรมาธิการ</td>
              <td><a href="files/7001-1.pdf">PDF</a></td>
              <td><a href="files/7001-2.pdf">PDF</a></td>
              <td><a href="files/7001-3.pdf">PDF</a></td>
              <td></td><td></td><td></td><td></td>
            </tr>
            <tr>
              <td>{FisheriesTitle}</td>
              <td>คณะรัฐมนตรี</td>
              <td>อยู่ระหว่างการพิจารณาของคณะกรรมาธิการ</td>
              <td><a href="files/6501-1.pdf">PDF</a></td>
              <td><a href="files/6501-2.pdf">PDF</a></td>
              <td></td><td></td><td></td><td></td><td></td>
            </tr>
          </tbody>
        </table>
        <ul class="pagination"><li class="active"><a href="?kw=&amp;page=1">1</a></li></ul>
        </body></html>
        """;

    /// <summary>The Senate's list after a redesign: the same bills, no table.table.</summary>
    private const string RedesignedSenateList = """
        <html><body>
        <div class="lawdraft-cards">
          <div class="card"><h4>ร่างพระราชบัญญัติคุ้มครองแรงงาน (ฉบับที่ ..) พ.ศ. ....</h4><p>อยู่ระหว่างการพิจารณาของคณะกรรมาธิการ</p></div>
          <div class="card"><h4>ร่างพระราชบัญญัติการประมง (ฉบับที่ ..) พ.ศ. ....</h4><p>อยู่ระหว่างการพิจารณาของคณะกรรมาธิการ</p></div>
        </div>
        </body></html>
        """;

    /// <summary>A Gazette monthly listing in the layout of ratchakitcha-listing.html.</summary>
    private static string GazetteListing(params (string Date, string Title, string Section, string Href)[] rows)
    {
        var html = new StringBuilder("<html><body>\n<table class=\"listing\">\n<tr><th>วันที่</th><th>เรื่อง</th><th>เล่ม</th><th>ตอน</th><th>ประเภท</th><th>หน้า</th><th>URL</th></tr>\n");
        foreach (var r in rows)
        {
            html.Append($"<tr><td>{r.Date}</td><td>{r.Title}</td><td>141</td><td>55</td><td>{r.Section}</td><td>1</td><td><a href=\"{r.Href}\">PDF</a></td></tr>\n");
        }

        return html.Append("</table>\n</body></html>").ToString();
    }

    /// <summary>The enacted page as it looked before the Gazette: another title, its Gazette section not there yet.</summary>
    private static string AwaitingDetail()
    {
        var html = Fixture("lis-detail-enacted.html");
        var heading = $"<h3 class=\"heading\">{EnactedTitle}</h3>";
        Assert.Contains(heading, html, StringComparison.Ordinal);
        html = html.Replace(heading, $"<h3 class=\"heading\">{AwaitingTitle}</h3>", StringComparison.Ordinal);
        const string acceptance = "<td width=\"2%\">:</td><td>๑๒</td>";
        Assert.Contains(acceptance, html, StringComparison.Ordinal);
        html = html.Replace(acceptance, "<td width=\"2%\">:</td><td>๓๑</td>", StringComparison.Ordinal);
        var start = html.IndexOf("<nav class=\"navbar navbar-inverse\"><div class=\"navbar-header\"><span class=\"navbar-brand\">ข้อมูลประกาศในราชกิจจานุเบกษา", StringComparison.Ordinal);
        Assert.True(start > 0, "the enacted fixture's Gazette section");
        var end = html.IndexOf("</table>", start, StringComparison.Ordinal) + "</table>".Length;
        html = html[..start] + html[end..];
        Assert.DoesNotContain("ราชกิจจานุเบกษา</span>", html, StringComparison.Ordinal);
        return html;
    }

    private static BillSnapshot Bill(IReadOnlyList<BillSnapshot> bills, string title) =>
        Assert.Single(bills, b => BillTitleKey.Of(b.Title) == BillTitleKey.Of(title));

    /// <summary>Everything a read says of the bills, steps' sources and links included.</summary>
    private static List<string> Describe(IReadOnlyList<BillSnapshot> bills) =>
        bills.Select(b => $"{b.Id}|{b.Title}|{b.Proposer}|{b.SourceUrl}|" + string.Join(";", b.Steps.Select(s => $"{s.Key}|{s.SourceUrl}|{s.Source}|{s.Vote}"))).ToList();

    // ---- 1. One bill per real bill -------------------------------------------------------------

    [Fact]
    public async Task One_read_gives_one_bill_per_real_bill_with_steps_from_both_sources()
    {
        await using var rig = await NewRigAsync();
        var source = rig.Source();

        var bills = await source.ReadAsync(default);

        Assert.Equal(["lis-51234", "lis-53310", "lis-49021", "lis-51300", "senate-6501"], bills.Select(b => b.Id));
        Assert.Equal(bills.Count, bills.Select(b => BillTitleKey.Of(b.Title)).Distinct().Count());
        Assert.All(bills.SelectMany(b => b.Steps), s => Assert.NotNull(s.Source));

        // The bill LIS shows in the Senate and the Senate's row for it: one bill, LIS's id and title, steps from both.
        var inSenate = Bill(bills, InSenateTitle);
        Assert.Equal("lis-53310", inSenate.Id);
        Assert.Equal(InSenateTitle, inSenate.Title);
        Assert.Equal(new[] { Lis, Senate }, inSenate.Steps.Select(s => s.Source).Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain(bills, b => b.Id.StartsWith(BillSourceMerger.SenatePrefix + "7001", StringComparison.Ordinal));
        // LIS's steps first, as the detail page gives them.
        Assert.Equal(
            LisBillDetailParser.Parse(InSenate.DocId, Fixture("lis-detail-in-senate.html"))!.Steps.Select(s => s.Key),
            inSenate.Steps.TakeWhile(s => s.Source == Lis).Select(s => s.Key));
        // The Senate's acceptance both report: once, LIS's dated step.
        var accepted = Assert.Single(inSenate.Steps, s => s.StatusText == LisBillDetailParser.SenateAcceptedText);
        Assert.Equal(new DateOnly(2024, 11, 4), accepted.OccurredOn);
        Assert.Equal(Lis, accepted.Source);
        // What only the Senate's list knows: its committee's report, and the list's status.
        var report = Assert.Single(inSenate.Steps, s => s.StatusText == LisBillDetailParser.SenateCommitteeDoneText);
        Assert.Equal(Senate, report.Source);
        Assert.Equal(new Uri(rig.Server.BaseUri, "lawdraft/files/7001-3.pdf").AbsoluteUri, report.SourceUrl);
        Assert.Contains(inSenate.Steps, s => s.StatusText == "อยู่ระหว่างการพิจารณาของคณะกรรมาธิการ" && s.Source == Senate);

        // The bill LIS does not have: a bill of its own, named by the Senate's id, every step the Senate's.
        var fisheries = Bill(bills, FisheriesTitle);
        Assert.Equal("senate-6501", fisheries.Id);
        Assert.NotEmpty(fisheries.Steps);
        Assert.All(fisheries.Steps, s => Assert.Equal(Senate, s.Source));

        // LIS-only bills: LIS's steps (plus the Gazette's where it confirms the act), LIS's page.
        Assert.All(new[] { Bill(bills, EnactedTitle), Bill(bills, LapsedTitle) }, b =>
        {
            Assert.All(b.Steps, s => Assert.Equal(Lis, s.Source));
            Assert.StartsWith(new Uri(rig.Server.BaseUri, "index/detail.php?DOC_ID=").AbsoluteUri, b.SourceUrl, StringComparison.Ordinal);
        });
    }

    // ---- 2. The Gazette listing -----------------------------------------------------------------

    [Fact]
    public async Task The_gazette_listing_adds_a_dated_gazette_step_only_where_LIS_has_none()
    {
        await using var rig = await NewRigAsync();

        var bills = await rig.Source().ReadAsync(default);

        // Passed and presented to the King, LIS silent on the Gazette: the listing's act (20 มีนาคม ๒๕๖๘) is the step.
        var awaiting = Bill(bills, AwaitingTitle);
        var added = Assert.Single(awaiting.Steps, s => s.StatusText == GazetteText);
        Assert.Equal(Gazette, added.Source);
        Assert.Equal(new DateOnly(2025, 3, 20), added.OccurredOn);
        Assert.Equal(new Uri(rig.Server.BaseUri, "documents/142A020N0000000000000.pdf").AbsoluteUri, added.SourceUrl);
        Assert.Same(added, awaiting.Steps[^1]);
        Assert.Equal(BillStage.Gazette, new BillStatusClassifier().Classify(awaiting.Steps[^1].StatusText).Stage);

        // LIS already has the dated Gazette step and the listing shows the same act that day: one step, LIS's.
        var enacted = Bill(bills, EnactedTitle);
        var gazette = Assert.Single(enacted.Steps, s => s.StatusText == GazetteText);
        Assert.Equal(new DateOnly(2024, 9, 23), gazette.OccurredOn);
        Assert.Equal(Lis, gazette.Source);
        Assert.Equal("https://ratchakitcha.soc.go.th/documents/17134567.pdf", gazette.SourceUrl);

        // A bill still in the Senate is not enacted by a same-titled act (the listing has คุ้มครองแรงงาน (ฉบับที่ 8)).
        Assert.DoesNotContain(Bill(bills, InSenateTitle).Steps, s => s.StatusText == GazetteText);
        Assert.All(bills, b => Assert.True(b.Steps.Count(s => s.StatusText == GazetteText) <= 1, b.Id));
    }

    [Fact]
    public async Task Without_gazette_listings_no_gazette_step_is_added()
    {
        await using var rig = await NewRigAsync();
        rig.Options.GazetteListingUrls.Clear();

        var bills = await rig.Source().ReadAsync(default);

        Assert.DoesNotContain(Bill(bills, AwaitingTitle).Steps, s => s.StatusText == GazetteText);
        Assert.DoesNotContain(bills.SelectMany(b => b.Steps), s => s.Source == Gazette);
    }

    /// <summary>LIS and the listing a day apart on the same act: still one Gazette step (two would tell followers twice that the law was published).</summary>
    [Fact]
    public async Task A_gazette_listing_a_day_off_from_LIS_adds_no_second_gazette_step()
    {
        await using var rig = await NewRigAsync(enactedActPublished: "24/09/2567");

        var bills = await rig.Source().ReadAsync(default);

        var gazette = Assert.Single(Bill(bills, EnactedTitle).Steps, s => s.StatusText == GazetteText);
        Assert.Equal(new DateOnly(2024, 9, 23), gazette.OccurredOn);
    }

    // ---- 3. Ids survive -------------------------------------------------------------------------

    [Fact]
    public async Task Ids_survive_a_new_instance_and_a_bill_first_seen_in_the_senate_keeps_its_senate_id()
    {
        await using var rig = await NewRigAsync();

        // LIS does not show the Senate's bill yet: a bill of the Senate's own.
        rig.ServeLisList(Enacted, Lapsed, Awaiting);
        var source = rig.Source();
        var first = await source.ReadAsync(default);
        Assert.Equal(["lis-51234", "lis-49021", "lis-51300", "senate-7001", "senate-6501"], first.Select(b => b.Id));
        Assert.All(Bill(first, InSenateTitle).Steps, s => Assert.Equal(Senate, s.Source));

        // LIS shows it now, past the House: one bill, still senate-7001, with LIS's steps too.
        rig.ServeLisList(AllLisRows);
        var second = await source.ReadAsync(default);
        Assert.Equal(["lis-51234", "senate-7001", "lis-49021", "lis-51300", "senate-6501"], second.Select(b => b.Id));
        var merged = Bill(second, InSenateTitle);
        Assert.Equal("senate-7001", merged.Id);
        Assert.Equal(new[] { Lis, Senate }, merged.Steps.Select(s => s.Source).Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain(second, b => b.Id == "lis-53310");
        var aliases = await rig.Identities.GetAliasesAsync(default);
        Assert.Equal("senate-7001", aliases["lis:53310"]);
        Assert.Equal("senate-7001", Assert.Single(aliases, a => a.Key.StartsWith("senate-lawdraft:", StringComparison.Ordinal) && a.Value == "senate-7001").Value);

        // A new instance (a restart: nothing in memory, every page fetched again) gives the very same bills.
        var restarted = rig.Source();
        var third = await restarted.ReadAsync(default);
        Assert.Equal(PagesPerRead, restarted.ParseCount);
        Assert.Equal(Describe(second), Describe(third));
    }

    // ---- 4. Unchanged pages ---------------------------------------------------------------------

    [Fact]
    public async Task Unchanged_pages_answer_304_cost_no_parse_and_no_write()
    {
        await using var rig = await NewRigAsync();
        var source = rig.Source();
        var first = await source.ReadAsync(default);
        Assert.Equal(PagesPerRead, source.ParseCount);
        Assert.Equal(1, rig.CountedIdentities.Adds);
        Assert.True(rig.IdentityCounter.Writes > 0); // the first read named the bills
        Assert.Equal(0, rig.Server.NotModifiedAnswers);

        rig.CountedIdentities.Reset();
        rig.IdentityCounter.Reset();
        rig.CacheCounter.Reset();
        rig.TablesCounter.Reset();
        var second = await source.ReadAsync(default);

        Assert.Equal(PagesPerRead, rig.Server.NotModifiedAnswers);
        Assert.Equal(PagesPerRead, source.ParseCount);
        Assert.Equal(0, rig.CountedIdentities.Adds);
        Assert.Equal(0, rig.IdentityCounter.Writes);
        Assert.Equal(0, rig.CacheCounter.Writes);
        Assert.Equal(0, rig.TablesCounter.Writes); // the health rows: nothing changed, the counts wait for the heartbeat
        Assert.Equal(Describe(first), Describe(second));
    }

    [Fact]
    public async Task Known_bills_details_are_asked_again_a_few_a_run_going_round_and_a_changed_row_at_once()
    {
        await using var rig = await NewRigAsync();
        rig.Options.DetailRecheckPerRun = 1;
        rig.Options.SenateListUrl = null;
        rig.Options.GazetteListingUrls.Clear();
        var source = rig.Source();
        await source.ReadAsync(default); // a new instance reads every detail once

        var asked = new List<int>();
        for (var run = 0; run < 4; run++)
        {
            var before = rig.Server.Requests;
            await source.ReadAsync(default);
            asked.Add(rig.Server.Requests - before);
        }

        Assert.Equal([2, 2, 2, 2], asked); // the list page and one detail each run: all four details within four runs

        // LIS changes a bill's status in the list: that bill's detail is read in the same run.
        // (The turn has come round to the second bill: the first read took the first.)
        rig.ServeLisList(Enacted, InSenate, Lapsed with { Status = "ร่างตกไป (สั่งจำหน่ายเรื่อง)" }, Awaiting);
        var parses = source.ParseCount;
        var requests = rig.Server.Requests;
        await source.ReadAsync(default);

        Assert.Equal(3, rig.Server.Requests - requests); // the list, the changed row's detail, the one in turn
        Assert.Equal(parses + 1, source.ParseCount); // only the list changed: the detail answered 304
    }

    [Fact]
    public async Task A_fresh_instance_reads_details_within_a_budget_and_the_rest_next_run_without_tripping_the_shrink_guard()
    {
        await using var rig = await NewRigAsync();
        rig.Options.MaxDetailReadsPerRun = 2;
        var store = new TableBillStore(rig.Tables);
        var publisher = new RecordingPublisher();
        var source = rig.Source();
        var scrape = new BillScrapeService(source, store, TestData.Detector(), new OutboxRelay(publisher, store, NullLogger<OutboxRelay>.Instance),
            rig.Health, rig.Time, NullLogger<BillScrapeService>.Instance);
        // A whole read of 20 bills was recorded before this instance started: 3 would be "far fewer" for a whole read.
        await rig.Health.RecordSuccessAsync(source.Name, rig.Time.GetUtcNow(), 20, default);

        var first = await scrape.RunAsync(default);

        Assert.True(first.SourceHealthy); // 3 against a baseline of 20, but partial, not a layout change
        Assert.True(source.LastReadWasPartial);
        // The two LIS bills read (one joined with its Senate row) and the Senate-only bill; the other two wait.
        Assert.Equal(["lis-51234", "lis-53310", "senate-6501"], (await store.GetFingerprintsAsync(default)).Keys.Order(StringComparer.Ordinal));

        var second = await scrape.RunAsync(default);

        Assert.False(source.LastReadWasPartial);
        Assert.Equal(5, second.Seen);
        Assert.Equal(5, (await store.GetFingerprintsAsync(default)).Count);
        Assert.All(publisher.Published.GroupBy(e => e.Id), g => Assert.Single(g)); // nothing twice
    }

    [Fact]
    public async Task A_senate_row_first_seen_without_documents_keeps_its_bill_when_its_first_pdf_appears()
    {
        await using var rig = await NewRigAsync();
        rig.Options.LisListUrls.Clear();
        rig.Options.LisListUrls.Add(rig.ServeLisList(Lapsed)); // LIS does not know the Senate's bill
        rig.Options.GazetteListingUrls.Clear();
        const string Title = "ร่างพระราชบัญญัติการประมง (ฉบับที่ ..) พ.ศ. ....";
        string Row(string pdfCell) => $"<tr><td>{Title}</td><td>คณะรัฐมนตรี</td><td>อยู่ระหว่างการพิจารณาของคณะกรรมาธิการวิสามัญ วุฒิสภา</td>{pdfCell}<td></td><td></td><td></td><td></td><td></td><td></td></tr>";
        string Page(string row) => $"<table class=\"table\"><thead><tr><th>ชื่อร่าง</th></tr></thead><tbody>{row}</tbody></table><ul class=\"pagination\"><li><a href=\"?page=1\">1</a></li></ul>";
        rig.ServeSenateList(Page(Row("<td></td>")));
        var source = rig.Source();

        var before = (await source.ReadAsync(default)).Single(b => b.Title == Title).Id;
        rig.ServeSenateList(Page(Row("<td><a href=\"files/6777-1.pdf\">PDF</a></td>")));
        var after = (await source.ReadAsync(default)).Where(b => b.Title == Title).ToList();

        Assert.StartsWith("senate-t", before, StringComparison.Ordinal); // no id of the site's own yet
        Assert.Equal(before, Assert.Single(after).Id); // one bill, still under the id it was first given
    }

    // ---- 5. The Senate's list changes its layout ------------------------------------------------

    [Fact]
    public async Task A_senate_list_without_its_table_leaves_its_last_parse_standing_and_marks_it_unhealthy()
    {
        await using var rig = await NewRigAsync();
        var source = rig.Source();
        var good = await source.ReadAsync(default);

        rig.ServeSenateList(RedesignedSenateList); // a 200, a new ETag
        var read = await source.ReadAsync(default);

        Assert.Equal(PagesPerRead + 1, source.ParseCount); // the new page was read, and did not parse
        Assert.Equal(Describe(good), Describe(read)); // the Senate's steps and its own bill still there
        Assert.Contains(Bill(read, InSenateTitle).Steps, s => s.Source == Senate);
        var row = Assert.Single(await rig.Health.GetAllAsync(default), h => h.Source == Senate);
        Assert.False(row.Healthy);
        Assert.Contains("table.table", row.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(await rig.Health.GetAllAsync(default), h => h.Source is Lis or Gazette && h.LastFailureAt is not null);
        // LIS's page counts go on the bill scrape's own row: no row of its own that nothing ever marks healthy.
        Assert.DoesNotContain(await rig.Health.GetAllAsync(default), h => h.Source == Lis);

        // A new instance has no good parse of the Senate's list: it publishes nothing rather than bills without their Senate steps.
        var fresh = rig.Source();
        var e = await Assert.ThrowsAsync<SourceUnavailableException>(() => fresh.ReadAsync(default));
        Assert.Contains(Senate, e.Message, StringComparison.Ordinal);
        Assert.Contains("table.table", e.Message, StringComparison.Ordinal);

        // The site is back: the next read uses it again and the row says so.
        rig.ServeSenateList(SenateList());
        Assert.Equal(Describe(good), Describe(await source.ReadAsync(default)));
        Assert.True(Assert.Single(await rig.Health.GetAllAsync(default), h => h.Source == Senate).Healthy);
    }

    // ---- 6. The LIS list changes its layout -----------------------------------------------------

    public static TheoryData<string> BrokenLisLists => new()
    {
        "<html><body><div class=\"results\"><div class=\"row\">ร่างพระราชบัญญัติคุ้มครองแรงงาน (ฉบับที่ ..) พ.ศ. ....</div></div></body></html>",
        "<html><body><table class=\"table\"><tr><th>ปี</th><th>เลขรับ</th><th>ชื่อร่าง</th><th>ผู้เสนอ</th><th>ผลการพิจารณา</th></tr></table></body></html>",
    };

    [Theory]
    [MemberData(nameof(BrokenLisLists))]
    public async Task An_LIS_list_without_its_bills_fails_the_read_with_a_layout_error(string page)
    {
        await using var rig = await NewRigAsync();
        var source = rig.Source();
        await source.ReadAsync(default);

        rig.ServeLisListHtml(page);

        await Assert.ThrowsAsync<SourceLayoutException>(() => source.ReadAsync(default));
        await Assert.ThrowsAsync<SourceLayoutException>(() => rig.Source().ReadAsync(default));
    }

    [Fact]
    public async Task A_scrape_over_a_broken_LIS_list_is_unhealthy_and_keeps_the_stored_bills()
    {
        await using var rig = await NewRigAsync();
        var store = new TableBillStore(rig.Tables);
        var publisher = new RecordingPublisher();
        var source = rig.Source();
        var scrape = new BillScrapeService(source, store, TestData.Detector(), new OutboxRelay(publisher, store, NullLogger<OutboxRelay>.Instance),
            rig.Health, rig.Time, NullLogger<BillScrapeService>.Instance);

        var first = await scrape.RunAsync(default);
        Assert.True(first.SourceHealthy);
        Assert.Equal((5, 5), (first.Seen, first.Changed));
        var stored = await store.GetFingerprintsAsync(default);
        Assert.Equal(["lis-49021", "lis-51234", "lis-51300", "lis-53310", "senate-6501"], stored.Keys.Order(StringComparer.Ordinal));
        var published = publisher.Published.Count;

        rig.ServeLisListHtml("<html><body><p>ปิดปรับปรุงระบบ</p></body></html>");
        var second = await scrape.RunAsync(default);

        Assert.False(second.SourceHealthy);
        Assert.Equal(stored, await store.GetFingerprintsAsync(default));
        Assert.Equal(published, publisher.Published.Count);
        var row = Assert.Single(await rig.Health.GetAllAsync(default), h => h.Source == source.Name);
        Assert.False(row.Healthy);
        Assert.Contains("table.table", row.LastError, StringComparison.Ordinal);
    }

    // ---- 7. No LIS list configured ----------------------------------------------------------------

    [Fact]
    public async Task No_LIS_list_configured_fails_naming_the_setting()
    {
        await using var rig = await NewRigAsync();
        rig.Options.LisListUrls.Clear();
        var requests = rig.Server.Requests;

        var e = await Assert.ThrowsAsync<SourceUnavailableException>(() => rig.Source().ReadAsync(default));

        Assert.Equal(Lis, e.SourceName);
        Assert.Contains("Sources__Bills__Live__LisListUrlList", e.Message, StringComparison.Ordinal);
        Assert.Equal(requests, rig.Server.Requests); // nothing fetched, not even the Senate's list
    }
}
