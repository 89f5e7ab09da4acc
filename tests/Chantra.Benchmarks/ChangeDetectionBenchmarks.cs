using BenchmarkDotNet.Attributes;
using Chantra.Domain.Bills;

namespace Chantra.Benchmarks;

/// <summary>
/// Change detection over 5,000 bills (real bills cycled, see <see cref="BenchData"/>). Each bill
/// has a stored version (what Detect(null, …) made of it) and a new snapshot in which 1% (50
/// bills) got one new step. One operation = all 5,000 bills.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class ChangeDetectionBenchmarks
{
    public const int Bills = 5_000;
    public const int Changed = Bills / 100;

    private readonly BillChangeDetector _detector = new(new BillStatusClassifier());
    private BillSnapshot[] _original = [];
    private BillSnapshot[] _next = [];
    private StoredBill[] _stored = [];
    private Dictionary<string, string> _fingerprints = [];

    [GlobalSetup]
    public void Setup()
    {
        _original = BenchData.Bills(Bills);
        _next = BenchData.WithOnePercentChanged(_original);
        _stored = _original.Select(b => BenchData.Stored(_detector, b)).ToArray();
        _fingerprints = _stored.ToDictionary(s => s.State.Id, s => s.State.Fingerprint, StringComparer.Ordinal);

        Check(nameof(FingerprintSkip), FingerprintSkip(), Changed);
        Check(nameof(DetectAll), DetectAll(), Changed);
        Check(nameof(FingerprintSkipThenDetect), FingerprintSkipThenDetect(), Changed);
    }

    /// <summary>
    /// What a scrape does first: fingerprint every snapshot and compare with the read model's
    /// fingerprints, to skip unchanged bills without reading them. Returns the bills left to diff.
    /// </summary>
    [Benchmark(Baseline = true, Description = "Fingerprint 5,000 + compare (skip unchanged)")]
    public int FingerprintSkip()
    {
        var left = 0;
        foreach (var snapshot in _next)
        {
            if (!_fingerprints.TryGetValue(snapshot.Id, out var fp) || fp != BillChangeDetector.Fingerprint(snapshot))
            {
                left++;
            }
        }

        return left;
    }

    /// <summary>The scrape's whole CPU path: the fingerprint skip, then Detect for the 1% left.</summary>
    [Benchmark(Description = "Fingerprint skip + Detect the 50 changed")]
    public int FingerprintSkipThenDetect()
    {
        var changes = 0;
        for (var i = 0; i < _next.Length; i++)
        {
            var snapshot = _next[i];
            if (_fingerprints.TryGetValue(snapshot.Id, out var fp) && fp == BillChangeDetector.Fingerprint(snapshot))
            {
                continue;
            }

            if (_detector.Detect(_stored[i], snapshot, BenchData.Now) is not null)
            {
                changes++;
            }
        }

        return changes;
    }

    /// <summary>Detect against the stored bill for all 5,000, with no fingerprint skip first (worst case of a lagging read model).</summary>
    [Benchmark(Description = "Detect 5,000 vs stored (no skip)")]
    public int DetectAll()
    {
        var changes = 0;
        for (var i = 0; i < _next.Length; i++)
        {
            if (_detector.Detect(_stored[i], _next[i], BenchData.Now) is not null)
            {
                changes++;
            }
        }

        return changes;
    }

    /// <summary>Detect for 5,000 bills never seen before (the first load: every step classified, every event built).</summary>
    [Benchmark(Description = "Detect 5,000 new bills (first load)")]
    public int DetectAllNew()
    {
        var events = 0;
        foreach (var snapshot in _original)
        {
            events += _detector.Detect(null, snapshot, BenchData.Now)!.Events.Count;
        }

        return events;
    }

    private static void Check(string name, int actual, int expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{name}: {actual} changed bills, expected {expected}; the benchmark's data is not what it says.");
        }
    }
}
