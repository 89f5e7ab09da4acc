using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Chantra.Domain.Constitution;
using Chantra.Search;
using Chantra.Sources.Constitution;

namespace Chantra.Benchmarks;

/// <summary>
/// The constitution search (Chantra.Search) over the real import of all 20 instruments plus
/// 2560-current (ConstitutionLibrary): index build, index load from its cache folder, query latency,
/// and, in the same run, a plain substring scan (string.Contains of the normalised query over the
/// normalised section texts) for comparison. The query benchmarks report the time of one query
/// (OperationsPerInvoke = the number of queries). BenchmarkDotNet reports the mean and median of
/// iterations; the per-query p50/p90/p99 come from a separate measured loop in the search setup,
/// printed as "// ConstitutionSearch latency …" lines (see README).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class ConstitutionSearchBenchmarks
{
    private ConstitutionDocument[] _documents = [];
    private ConstitutionSearchIndex? _index;
    private string[] _normalisedTexts = [];
    private string[] _normalisedQueries = [];

    [GlobalSetup]
    public void Setup()
    {
        _documents = ConstitutionSearchBenchData.Documents();
        _index = ConstitutionSearchIndex.Build(_documents);
        _normalisedTexts = _documents.SelectMany(d => d.Sections).Select(s => SearchTextNormalizer.Normalize(s.Text)).ToArray();
        _normalisedQueries = ConstitutionSearchBenchData.Queries.Select(SearchTextNormalizer.Normalize).ToArray();
        ConstitutionSearchBenchData.EnsureCache(_index);
    }

    [GlobalSetup(Target = nameof(Search))]
    public void SetupSearch()
    {
        Setup();
        ConstitutionSearchBenchData.PrintLatency(_index!, ConstitutionSearchBenchData.Queries, rounds: 40);
        ConstitutionSearchBenchData.PrintScanLatency(_normalisedTexts, _normalisedQueries, rounds: 10);
    }

    [GlobalCleanup]
    public void Cleanup() => _index?.Dispose();

    /// <summary>Builds the index over every section of every instrument (ICU word breaking of ~1.2 M characters).</summary>
    [Benchmark(Description = "Build index, all instruments")]
    public int Build()
    {
        using var index = ConstitutionSearchIndex.Build(_documents);
        return index.Sections.Count;
    }

    /// <summary>Loads the saved index (copy into memory, no analysis) in a warm process.</summary>
    [Benchmark(Description = "Load index from cache (warm process)")]
    public int Load()
    {
        using var index = ConstitutionSearchIndex.LoadOrBuild(ConstitutionSearchBenchData.CacheDirectory, _documents);
        return index.LoadedFromCache ? index.Sections.Count : throw new InvalidOperationException("cache missing");
    }

    /// <summary>One query (of the query set, round robin), top 10 with snippets, no filter.</summary>
    [Benchmark(Description = "Search, one query (top 10, snippets)", OperationsPerInvoke = ConstitutionSearchBenchData.QueryCount)]
    public int Search()
    {
        var n = 0;
        foreach (var q in ConstitutionSearchBenchData.Queries)
        {
            n += _index!.Search(q, null, 10).Count;
        }

        return n;
    }

    /// <summary>The same queries as a substring scan of every normalised section text.</summary>
    [Benchmark(Description = "Substring scan, one query (all sections)", OperationsPerInvoke = ConstitutionSearchBenchData.QueryCount)]
    public int SubstringScan()
    {
        var n = 0;
        foreach (var q in _normalisedQueries)
        {
            n += ConstitutionSearchBenchData.Scan(_normalisedTexts, q);
        }

        return n;
    }
}

/// <summary>
/// The cold start, measured in fresh processes (RunStrategy.ColdStart: every launch is a new process
/// and the one measured invocation includes JIT and ICU's first use): the index loaded from the
/// cache folder that <see cref="ConstitutionSearchBenchmarks"/> saves, then the first query. The
/// import of the texts (ConstitutionLibrary.Load) happens in the setup and is not counted.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.ColdStart, launchCount: 5, warmupCount: 0, iterationCount: 1)]
public class ConstitutionSearchColdStartBenchmarks
{
    private ConstitutionDocument[] _documents = [];

    [GlobalSetup]
    public void Setup() => _documents = ConstitutionSearchBenchData.Documents();

    [Benchmark(Description = "Cold: load index from cache")]
    public int LoadCold()
    {
        var index = ConstitutionSearchIndex.LoadOrBuild(ConstitutionSearchBenchData.CacheDirectory, _documents);
        Console.WriteLine($"// ConstitutionSearch cold: {(index.LoadedFromCache ? "loaded" : "BUILT (no cache yet)")} in {index.BuildTime.TotalMilliseconds:F0} ms");
        return index.Sections.Count;
    }

    [Benchmark(Description = "Cold: load index from cache + first query")]
    public int LoadAndFirstQueryCold()
    {
        var stopwatch = Stopwatch.StartNew();
        var index = ConstitutionSearchIndex.LoadOrBuild(ConstitutionSearchBenchData.CacheDirectory, _documents);
        var load = stopwatch.Elapsed;
        var hits = index.Search("เสรีภาพในการแสดงความคิดเห็น", null, 10);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// ConstitutionSearch cold: {(index.LoadedFromCache ? "loaded" : "BUILT (no cache yet)")} in {load.TotalMilliseconds:F0} ms, first query {(stopwatch.Elapsed - load).TotalMilliseconds:F0} ms"));
        return hits.Count;
    }
}

/// <summary>Data and helpers of the constitution search benchmarks.</summary>
public static class ConstitutionSearchBenchData
{
    public const int QueryCount = 24;

    /// <summary>What citizens type (a subset of the test project's relevance set, plus two section jumps and one miss).</summary>
    public static readonly string[] Queries =
    [
        "เสรีภาพในการแสดงความคิดเห็น", "จำนวนสมาชิกวุฒิสภา", "อายุผู้มีสิทธิเลือกตั้ง", "ศาลรัฐธรรมนูญมีกี่คน",
        "การยุบสภา", "สิทธิในการศึกษาฟรี", "นายกรัฐมนตรีอยู่ในตำแหน่งได้กี่ปี", "คุณสมบัติของรัฐมนตรี",
        "สิทธิผู้บริโภค", "เสรีภาพในการชุมนุม", "เสรีภาพในการนับถือศาสนา", "ความเป็นส่วนตัว",
        "ขอพระราชทานอภัยโทษ", "ประกาศกฎอัยการศึก", "สภาผู้แทนราษฎรมีสมาชิกกี่คน", "อภิปรายไม่ไว้วางใจรัฐมนตรี",
        "ผู้ตรวจการแผ่นดินมีกี่คน", "ป.ป.ช. มีกรรมการกี่คน", "การปกครองส่วนท้องถิ่น", "ประชาชนเข้าชื่อเสนอร่างกฎหมาย",
        "จับกุมคุมขังต้องมีหมายศาล", "มาตรา 54", "ม.๒๖๙", "ควอนตัมคอมพิวเตอร์",
    ];

    /// <summary>Where the benchmarks keep the saved index (the cold start loads it).</summary>
    public static string CacheDirectory => Path.Combine(Path.GetTempPath(), "chantra-constitution-search-bench");

    public static ConstitutionDocument[] Documents() => ConstitutionLibrary.Load().All.ToArray();

    public static void EnsureCache(ConstitutionSearchIndex index)
    {
        if (!index.TrySave(CacheDirectory))
        {
            Console.WriteLine($"// ConstitutionSearch: could not write the cache at {CacheDirectory}");
        }
    }

    /// <summary>Sections whose normalised text contains the normalised query.</summary>
    public static int Scan(string[] texts, string query)
    {
        var n = 0;
        foreach (var text in texts)
        {
            if (text.Contains(query, StringComparison.Ordinal))
            {
                n++;
            }
        }

        return n;
    }

    public static void PrintLatency(ConstitutionSearchIndex index, string[] queries, int rounds)
    {
        foreach (var q in queries)
        {
            index.Search(q, null, 10); // warm
        }

        var times = new List<double>(queries.Length * rounds);
        for (var r = 0; r < rounds; r++)
        {
            foreach (var q in queries)
            {
                var t0 = Stopwatch.GetTimestamp();
                index.Search(q, null, 10);
                times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
        }

        Console.WriteLine(Percentiles("search (top 10, snippets, no filter)", times));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// ConstitutionSearch index: {index.Sections.Count} sections, built in {index.BuildTime.TotalMilliseconds:F0} ms"));
    }

    public static void PrintScanLatency(string[] texts, string[] queries, int rounds)
    {
        var times = new List<double>(queries.Length * rounds);
        for (var r = 0; r < rounds + 1; r++)
        {
            foreach (var q in queries)
            {
                var t0 = Stopwatch.GetTimestamp();
                Scan(texts, q);
                if (r > 0)
                {
                    times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }
            }
        }

        Console.WriteLine(Percentiles("substring scan", times));
    }

    private static string Percentiles(string what, List<double> times)
    {
        times.Sort();
        double P(double p) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(p * times.Count) - 1)];
        return string.Create(
            CultureInfo.InvariantCulture,
            $"// ConstitutionSearch latency, {what}: n={times.Count} p50={P(0.50):F3} ms p90={P(0.90):F3} ms p99={P(0.99):F3} ms max={times[^1]:F3} ms");
    }
}
