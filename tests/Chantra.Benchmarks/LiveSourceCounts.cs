using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Core;
using Azure.Data.Tables;
using Chantra.Azure.Azurite;
using Chantra.Azure.Storage;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.Sources;
using Chantra.Sources.Live;
using Chantra.Sources.Live.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Benchmarks;

/// <summary>
/// The 'live-counts' mode: the live MSBIS source over N sittings, and the live bill source (LIS lists and
/// N bill detail pages) through the whole bill scrape, served by a local HTTP server (HttpListener on
/// loopback) that honours ETags, with the page cache, bill store, aliases and source health on Azurite.
/// A first cycle reads and parses everything; a second, with nothing changed, must parse nothing and
/// write nothing. MSBIS detail pages are the 40 real fragments, cycled under new mids; LIS detail pages
/// the three hand-written fixtures, cycled under new DOC_IDs.
/// </summary>
public static class LiveSourceCounts
{
    public static async Task<int> RunAsync(string[] args)
    {
        // live-counts [--pages N]
        var pages = 1_000;
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--pages")
            {
                pages = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
        }

        Console.Error.WriteLine("Starting Azurite …");
        await using var azurite = await AzuriteProcess.StartAsync(Console.Error.WriteLine);
        var counter = new StorageRequestCounter();
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(counter, HttpPipelinePosition.PerCall);
        var service = new TableServiceClient(azurite.ConnectionString, tableOptions);
        var suffix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var tables = new ChantraTables(service, suffix);
        await tables.EnsureCreatedAsync();

        using var server = PageServer.Start(pages);
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IPageCacheStore>(new TablePageCacheStore(service, suffix))
            // The local server needs no politeness; the rest of the pipeline (retries, breaker, timeouts) is the production one.
            .AddSourceHttp(new SourceHttpOptions { MinInterval = TimeSpan.Zero })
            .BuildServiceProvider();
        // Every page every cycle first (the acceptance measure); the last cycle with the default recheck rotation.
        var options = new LiveMsbisOptions { DetailUrlFormat = server.BaseUri + "detail.php?mid={0}", PastRecheckPerRun = int.MaxValue };
        options.ListUrls.Add(new Uri(server.BaseUri, "list.php?id=1&level=5&yearno=25&year=1&offset=0"));
        var source = new LiveMsbisMeetingSource(options, services.GetRequiredService<ISourcePageFetcher>(), TimeProvider.System,
            NullLogger<LiveMsbisMeetingSource>.Instance, new TableSourceHealthStore(tables));

        Console.WriteLine($"Live MSBIS source, {pages:N0} sittings ({server.ListPages} list pages of 20), local HTTP server, page cache on Azurite");
        Console.WriteLine("| Cycle | Sittings | Requests | 304 answers | Parses | Storage reads | Storage writes | Time |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var cycle in new[] { "first (cold)", "unchanged", "unchanged again", "unchanged, default rotation (20 past sittings a run)" })
        {
            if (cycle.StartsWith("unchanged, default", StringComparison.Ordinal))
            {
                options.PastRecheckPerRun = new LiveMsbisOptions().PastRecheckPerRun;
            }

            counter.Reset();
            var (requests, notModified, parses) = (server.Requests, server.NotModified, source.ParseCount);
            var clock = Stopwatch.StartNew();
            var snapshots = await source.ReadAsync(default);
            clock.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {cycle} | {snapshots.Count:N0} | {server.Requests - requests:N0} | {server.NotModified - notModified:N0} | {source.ParseCount - parses:N0} | {counter.Reads:N0} | {counter.Writes:N0} | {clock.Elapsed.TotalMilliseconds:N0} ms |"));
        }

        await MeasureBillsAsync(pages, service, suffix, tables, counter, services, server);
        return 0;
    }

    private static async Task MeasureBillsAsync(int pages, TableServiceClient service, string suffix, ChantraTables tables,
        StorageRequestCounter counter, ServiceProvider services, PageServer server)
    {
        var options = new LiveBillOptions { SenateListUrl = null, DetailRecheckPerRun = null, MaxDetailReadsPerRun = int.MaxValue }; // every detail page, every run
        options.LisListUrls.Add(new Uri(server.BaseUri, "lis.php?S_SYSTEM=3&offset=0"));
        var source = new LiveBillSource(options, services.GetRequiredService<ISourcePageFetcher>(),
            new TableBillIdentityStore(service, suffix), new BillSourceMerger(new BillStatusClassifier()), TimeProvider.System,
            NullLogger<LiveBillSource>.Instance, new TableSourceHealthStore(tables));
        var store = new TableBillStore(tables);
        var publisher = new StorageCounts.CountingPublisher();
        var scrape = new BillScrapeService(source, store, new BillChangeDetector(new BillStatusClassifier()),
            new OutboxRelay(publisher, store, NullLogger<OutboxRelay>.Instance),
            new TableSourceHealthStore(tables), TimeProvider.System, NullLogger<BillScrapeService>.Instance);

        Console.WriteLine();
        Console.WriteLine($"Live bill source through the bill scrape, {pages:N0} LIS bills ({server.LisListPages} list pages of 50 + {pages:N0} detail pages), local HTTP server, everything on Azurite");
        Console.WriteLine("| Cycle | Bills | Requests | 304 answers | Parses | Storage reads | Storage writes | Events | Time |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var cycle in new[] { "first (cold)", "unchanged", "unchanged again", "unchanged, default rotation (200 details a run)" })
        {
            if (cycle.StartsWith("unchanged, default", StringComparison.Ordinal))
            {
                options.DetailRecheckPerRun = new LiveBillOptions().DetailRecheckPerRun;
            }

            counter.Reset();
            publisher.Reset();
            var (requests, notModified, parses) = (server.Requests, server.NotModified, source.ParseCount);
            var clock = Stopwatch.StartNew();
            var report = await scrape.RunAsync(default);
            clock.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {cycle} | {report.Seen:N0} | {server.Requests - requests:N0} | {server.NotModified - notModified:N0} | {source.ParseCount - parses:N0} | {counter.Reads:N0} | {counter.Writes:N0} | {publisher.Published.Count:N0} | {clock.Elapsed.TotalMilliseconds:N0} ms |"));
        }
    }

    /// <summary>List pages of 20 <c>show_detail(mid)</c> rows, and detail pages (real fragments), each with a fixed ETag.</summary>
    private sealed class PageServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly byte[][] _fragments;
        private readonly string[] _lisDetails;
        private readonly int _pages;
        private int _requests;
        private int _notModified;

        private PageServer(int pages, int port)
        {
            _pages = pages;
            BaseUri = new Uri($"http://127.0.0.1:{port}/");
            var dir = Path.Combine(AppContext.BaseDirectory, "Meetings", "Data", "msbis");
            _lisDetails = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Live", "Data"), "lis-detail-*.html")
                .Order(StringComparer.Ordinal)
                .Select(File.ReadAllText)
                .ToArray();
            _fragments = Directory.GetFiles(dir, "mid*.html")
                .Where(f => !f.EndsWith(".tis620.html", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(File.ReadAllBytes)
                .ToArray();
            _listener.Prefixes.Add(BaseUri.ToString());
        }

        public Uri BaseUri { get; }

        public int ListPages => (_pages + 19) / 20;

        public int LisListPages => (_pages + 49) / 50;

        public int Requests => Volatile.Read(ref _requests);

        public int NotModified => Volatile.Read(ref _notModified);

        public static PageServer Start(int pages)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var server = new PageServer(pages, port);
            server._listener.Start();
            _ = Task.Run(server.LoopAsync);
            return server;
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(() => Answer(context));
            }
        }

        private void Answer(HttpListenerContext context)
        {
            Interlocked.Increment(ref _requests);
            var (body, etag) = Page(context.Request.Url!);
            using var response = context.Response;
            if (body is null)
            {
                response.StatusCode = 404;
                return;
            }

            response.Headers["ETag"] = etag;
            if (context.Request.Headers["If-None-Match"] == etag)
            {
                Interlocked.Increment(ref _notModified);
                response.StatusCode = 304;
                return;
            }

            response.ContentType = "text/html; charset=utf-8";
            response.ContentLength64 = body.Length;
            response.OutputStream.Write(body);
        }

        private (byte[]? Body, string ETag) Page(Uri url)
        {
            var query = System.Web.HttpUtility.ParseQueryString(url.Query);
            if (url.AbsolutePath == "/list.php" && int.TryParse(query["offset"], CultureInfo.InvariantCulture, out var offset))
            {
                var html = new StringBuilder("<table>");
                for (var mid = offset; mid < Math.Min(offset + 20, _pages); mid++)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"#\" onclick=\"show_detail({10_000 + mid});\">{mid}</a></td></tr>");
                }

                return (Encoding.UTF8.GetBytes(html.Append("</table>").ToString()), $"\"list-{offset}\"");
            }

            if (url.AbsolutePath == "/lis.php" && int.TryParse(query["offset"], CultureInfo.InvariantCulture, out var lisOffset))
            {
                // LIS's documented list layout: year, acceptance no., title, proposer, status, DOC_ID link.
                var html = new StringBuilder("<table class=\"table\"><tr><th>ปี</th><th>เลขรับ</th><th>ชื่อร่าง</th><th>ผู้เสนอ</th><th>สถานะ</th><th></th></tr>");
                for (var doc = lisOffset; doc < Math.Min(lisOffset + 50, _pages); doc++)
                {
                    html.Append(CultureInfo.InvariantCulture,
                        $"<tr><td>2568</td><td>{doc + 1}</td><td>ร่างพระราชบัญญัติทดสอบ {doc} พ.ศ. ....</td><td>คณะรัฐมนตรี</td><td>-</td><td><a href=\"lisdetail.php?DOC_ID={20_000 + doc}\">รายละเอียด</a></td></tr>");
                }

                return (Encoding.UTF8.GetBytes(html.Append("</table>").ToString()), $"\"lis-{lisOffset}\"");
            }

            if (url.AbsolutePath == "/lisdetail.php" && int.TryParse(query["DOC_ID"], CultureInfo.InvariantCulture, out var docId))
            {
                // Each bill its own title, so the merge sees distinct bills.
                var page = _lisDetails[docId % _lisDetails.Length];
                var heading = page.IndexOf("</h3>", StringComparison.Ordinal);
                var titled = page.Insert(heading, string.Create(CultureInfo.InvariantCulture, $" (ทดสอบ {docId})"));
                return (Encoding.UTF8.GetBytes(titled), $"\"doc-{docId}\"");
            }

            if (url.AbsolutePath == "/detail.php" && int.TryParse(query["mid"], CultureInfo.InvariantCulture, out var id))
            {
                return (_fragments[(id - 10_000) % _fragments.Length], $"\"mid-{id}\"");
            }

            return (null, "");
        }

        public void Dispose() => _listener.Close();
    }
}
