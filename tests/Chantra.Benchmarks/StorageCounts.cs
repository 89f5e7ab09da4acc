using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Chantra.Azure.Azurite;
using Chantra.Azure.Storage;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.Push;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Benchmarks;

/// <summary>
/// The 'counts' mode: the real scrape (BillScrapeService, TableBillStore, OutboxRelay,
/// TableSourceHealthStore) against Azurite, counting storage requests with
/// <see cref="StorageRequestCounter"/>, events published and publish calls; then Notification
/// Hubs calls per event through PushFanOutService; then the storage calls of the bill API's reads.
/// Counts do not depend on the machine; the times printed beside them are Azurite's on localhost.
/// </summary>
public static class StorageCounts
{
    /// <summary>A title word that ~2% of the real bills have (แรงงาน, labour): a text-filtered page that finds its 25.</summary>
    public const string CommonTerm = "แรงงาน";

    /// <summary>A word no bill has (สุรา, liquor): the text filter reads the whole index and finds nothing.</summary>
    public const string AbsentTerm = "สุรา";

    public static async Task<int> RunAsync(string[] args)
    {
        // counts [--bills N] [--trace]
        var bills = 5_000;
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--bills")
            {
                bills = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
        }

        Console.Error.WriteLine("Starting Azurite …");
        await using var azurite = await AzuriteProcess.StartAsync(Console.Error.WriteLine);

        var counter = new StorageRequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerCall);
        if (args.Contains("--trace"))
        {
            // Every request to stderr: what the counts are made of.
            options.AddPolicy(new TracePolicy(), HttpPipelinePosition.PerCall);
        }

        var tables = new ChantraTables(new TableServiceClient(azurite.ConnectionString, options), "bench" + Guid.NewGuid().ToString("N")[..8]);
        await tables.EnsureCreatedAsync();
        counter.Reset();

        var store = new TableBillStore(tables);
        var publisher = new CountingPublisher();
        var source = new FakeBillSource(BenchData.Bills(bills));
        var scrape = new BillScrapeService(
            source, store, new BillChangeDetector(new BillStatusClassifier()),
            new OutboxRelay(publisher, store, NullLogger<OutboxRelay>.Instance),
            new TableSourceHealthStore(tables), TimeProvider.System, NullLogger<BillScrapeService>.Instance);

        var rows = new List<Row>();

        // 1. First load: every bill is new.
        Console.Error.WriteLine($"Scrape 1: loading {bills} bills …");
        var load = await MeasureScrapeAsync("Scrape 1: first load", scrape, counter, publisher);
        rows.Add(load.Row);

        // 2. 1% of the bills (every 100th) get one new step.
        var changedCount = Enumerable.Range(0, bills).Count(BenchData.IsChanged);
        source.Snapshots = BenchData.WithOnePercentChanged(source.Snapshots.ToArray());
        Console.Error.WriteLine($"Scrape 2: {changedCount} bills with a new step …");
        var onePercent = await MeasureScrapeAsync($"Scrape 2: {changedCount} bills (1%) got a new step", scrape, counter, publisher);
        rows.Add(onePercent.Row);

        // 3. Nothing changed.
        Console.Error.WriteLine("Scrape 3: no change …");
        var unchanged = await MeasureScrapeAsync("Scrape 3: no change", scrape, counter, publisher);
        rows.Add(unchanged.Row);

        // Push: one Notification Hubs call per created / stage-changed event, none for the rest.
        var pushLoad = await FanOutAsync(load.Events);
        var pushOnePercent = await FanOutAsync(onePercent.Events);

        // The bill API's reads.
        var reads = new List<Row>
        {
            await MeasureReadAsync("GET /api/v1/bills (page of 25, no filter)", counter, () => store.QueryAsync(new BillQuery(PageSize: 25), default), p => p.Items.Count),
            await MeasureReadAsync($"GET /api/v1/bills?q={CommonTerm} (page of 25, common word)", counter, () => store.QueryAsync(new BillQuery(Text: CommonTerm, PageSize: 25), default), p => p.Items.Count),
            await MeasureReadAsync($"GET /api/v1/bills?q={AbsentTerm} (word no bill has)", counter, () => store.QueryAsync(new BillQuery(Text: AbsentTerm, PageSize: 25), default), p => p.Items.Count),
            await MeasureReadAsync("GET /api/v1/bills/{id} (one bill, timeline)", counter, () => store.GetAsync("1", default), b => b is null ? 0 : 1),
        };

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"### Scrapes of {bills} bills (real titles and status texts, cycled) against Azurite");
        md.AppendLine();
        md.AppendLine("| scrape | bills changed | storage reads | storage writes | storage total | events published | publish calls | time (Azurite, localhost) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Changed} | {r.Reads} | {r.Writes} | {r.Reads + r.Writes} | {r.Events} | {r.PublishCalls} | {r.Elapsed.TotalSeconds:0.00} s |");
        }

        md.AppendLine();
        foreach (var r in new[] { load, onePercent })
        {
            // The relay completes a bill's outbox once per 100-event publish chunk it appears in, so a
            // bill whose events straddle two chunks pays a second refresh (1 read, 1 write) and delete (1 write).
            var split = r.Events.Chunk(OutboxRelay.PublishChunk).Sum(c => c.Select(e => e.Subject).Distinct().Count())
                - r.Events.Select(e => e.Subject).Distinct().Count();
            md.AppendLine(CultureInfo.InvariantCulture, $"- {r.Row.Name}: {split} bills had their events split across two publish chunks of {OutboxRelay.PublishChunk} (each costs 1 extra read and 2 extra writes).");
        }

        md.AppendLine();
        md.AppendLine("### Notification Hubs calls per event (PushFanOutService with a counting IPushNotifier)");
        md.AppendLine();
        md.AppendLine("| events of | event type | events | NH calls | calls per event |");
        md.AppendLine("|---|---|---:|---:|---:|");
        foreach (var (name, push) in new[] { ("scrape 1 (load)", pushLoad), ("scrape 2 (1%)", pushOnePercent) })
        {
            foreach (var t in push.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | `{ShortType(t.Key)}` | {t.Value.Events} | {t.Value.Calls} | {(t.Value.Events == 0 ? 0 : (double)t.Value.Calls / t.Value.Events):0.##} |");
            }
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"### Storage calls of the bill API's reads ({bills} bills in the index)");
        md.AppendLine();
        md.AppendLine("| request | items | storage reads | storage writes | time (Azurite, localhost) |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var r in reads)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Changed} | {r.Reads} | {r.Writes} | {r.Elapsed.TotalMilliseconds:0} ms |");
        }

        Console.Out.Write(md.ToString());

        // The expectations the numbers are meant to show; a failure here means a regression, not a slow machine.
        var problems = new List<string>();
        if (unchanged.Row.Writes > 0)
        {
            problems.Add($"an unchanged scrape wrote {unchanged.Row.Writes} times (expected none)");
        }

        if (onePercent.Row.Changed != changedCount)
        {
            problems.Add($"scrape 2 changed {onePercent.Row.Changed} bills, expected {changedCount}");
        }

        foreach (var push in new[] { pushLoad, pushOnePercent })
        {
            foreach (var (type, c) in push)
            {
                var expected = type is EventTypes.BillCreated or EventTypes.BillStageChanged ? c.Events : 0;
                if (c.Calls != expected || c.MaxPerEvent > 1)
                {
                    problems.Add($"{type}: {c.Calls} Notification Hubs calls for {c.Events} events");
                }
            }
        }

        foreach (var p in problems)
        {
            Console.Error.WriteLine("UNEXPECTED: " + p);
        }

        return problems.Count == 0 ? 0 : 1;
    }

    private sealed record Row(string Name, int Changed, int Reads, int Writes, int Events, int PublishCalls, TimeSpan Elapsed);

    private sealed record ScrapeResult(Row Row, IReadOnlyList<CloudEvent> Events);

    private sealed class PushCount
    {
        public int Events { get; set; }
        public int Calls { get; set; }
        public int MaxPerEvent { get; set; }
    }

    private static async Task<ScrapeResult> MeasureScrapeAsync(string name, BillScrapeService scrape, StorageRequestCounter counter, CountingPublisher publisher)
    {
        counter.Reset();
        publisher.Reset();
        var sw = Stopwatch.StartNew();
        var report = await scrape.RunAsync(default);
        sw.Stop();
        if (report.Conflicts > 0 || report.Published != report.Events)
        {
            Console.Error.WriteLine($"note: {name}: {report.Conflicts} conflicts, {report.Published}/{report.Events} published");
        }

        var events = publisher.Published.ToArray();
        return new ScrapeResult(new Row(name, report.Changed, counter.Reads, counter.Writes, events.Length, publisher.Calls, sw.Elapsed), events);
    }

    private static async Task<Row> MeasureReadAsync<T>(string name, StorageRequestCounter counter, Func<Task<T>> read, Func<T, int> items)
    {
        counter.Reset();
        var sw = Stopwatch.StartNew();
        var result = await read();
        sw.Stop();
        return new Row(name, items(result), counter.Reads, counter.Writes, 0, 0, sw.Elapsed);
    }

    private static async Task<Dictionary<string, PushCount>> FanOutAsync(IReadOnlyList<CloudEvent> events)
    {
        var notifier = new CountingNotifier();
        var fanOut = new PushFanOutService([new BillPushComposer(), new MeetingPushComposer()], notifier, NullLogger<PushFanOutService>.Instance);
        var counts = new Dictionary<string, PushCount>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var before = notifier.Calls;
            await fanOut.HandleAsync(e, default);
            var c = counts.TryGetValue(e.Type, out var existing) ? existing : counts[e.Type] = new PushCount();
            c.Events++;
            c.Calls += notifier.Calls - before;
            c.MaxPerEvent = Math.Max(c.MaxPerEvent, notifier.Calls - before);
        }

        return counts;
    }

    private static string ShortType(string type) => type.Replace("th.go.senate.chantra.", string.Empty, StringComparison.Ordinal);

    /// <summary>A bill source whose bills the benchmark sets.</summary>
    private sealed class FakeBillSource(IReadOnlyList<BillSnapshot> snapshots) : IBillSource
    {
        public string Name => "bills-benchmark";

        public IReadOnlyList<BillSnapshot> Snapshots { get; set; } = snapshots;

        public Task<IReadOnlyList<BillSnapshot>> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(Snapshots);
    }

    /// <summary>Records what is published and counts the calls.</summary>
    internal sealed class CountingPublisher : IEventPublisher
    {
        private readonly Lock _gate = new();

        public List<CloudEvent> Published { get; } = [];

        public int Calls { get; private set; }

        public void Reset()
        {
            lock (_gate)
            {
                Published.Clear();
                Calls = 0;
            }
        }

        public Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Calls++;
                Published.AddRange(events);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Stands in for Notification Hubs: counts template sends.</summary>
    private sealed class CountingNotifier : IPushNotifier
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task SendTemplateAsync(PushNotification notification, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.CompletedTask;
        }
    }

    /// <summary>Writes each request's method and URL to stderr (--trace).</summary>
    private sealed class TracePolicy : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Trace(message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Trace(message);
            return ProcessNextAsync(message, pipeline);
        }

        private static void Trace(HttpMessage message) => Console.Error.WriteLine($"  {message.Request.Method} {message.Request.Uri}");
    }
}
