using BenchmarkDotNet.Attributes;
using Chantra.Domain.Bills;

namespace Chantra.Benchmarks;

/// <summary>
/// The status classifier over the status texts of 5,000 bills: the real distinct
/// Status_Description values of the shipped CSV plus the replay's vote texts and one unknown
/// text, cycled. One operation = all 5,000 texts.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class ClassifierBenchmarks
{
    public const int Bills = 5_000;

    private readonly BillStatusClassifier _classifier = new();
    private string[] _texts = [];

    [GlobalSetup]
    public void Setup()
    {
        _texts = BenchData.StatusTexts(Bills);
        var classified = ClassifyAll();
        var unknown = _texts.Count(t => t == BenchData.ExtraTexts[^1]);
        if (classified != Bills - unknown)
        {
            // Every real text has a rule today; if that changes the numbers mean something else: say so.
            Console.Error.WriteLine($"note: {Bills - unknown - classified} known texts are unclassified");
        }
    }

    /// <summary>Classifies every text; returns how many got a stage (so nothing is optimised away).</summary>
    [Benchmark(Description = "Classify 5,000 status texts")]
    public int ClassifyAll()
    {
        var classified = 0;
        foreach (var text in _texts)
        {
            if (_classifier.Classify(text).Stage != BillStage.Unclassified)
            {
                classified++;
            }
        }

        return classified;
    }
}
