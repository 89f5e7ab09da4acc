using System.Globalization;
using Chantra.Domain.Bills;
using Chantra.Sources.Replay;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Benchmarks;

/// <summary>
/// Synthetic bill sets built from the project's shipped real data (the Law Watch bills CSV and
/// vote log in functions/Chantra.Sources/Replay/Data): real titles, proposers and Thai status
/// texts, cycled up to the size a benchmark wants, with ids 1…N.
/// </summary>
public static class BenchData
{
    /// <summary>The fixed "now" every benchmark computes changes at.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The day of the step that the changed 1% of bills get.</summary>
    public static readonly DateOnly NewStepOn = new(2026, 11, 24);

    /// <summary>The new step's text: a real text of the CSV (a bill reaching the Senate).</summary>
    public const string NewStepText = "อยู่ระหว่างพิจารณาในวุฒิสภา (ผ่านสภาผู้แทนราษฏรแล้ว)";

    /// <summary>Texts the replay itself writes for dated votes (see LawWatchReader), plus one no rule knows.</summary>
    public static readonly string[] ExtraTexts =
    [
        "เสนอร่างกฎหมาย",
        "สภาผู้แทนราษฎรลงมติรับหลักการ (วาระที่ 1)",
        "สภาผู้แทนราษฎรลงมติเห็นชอบ (วาระที่ 3)",
        "รัฐสภาลงมติรับหลักการ (วาระที่ 1)",
        "ตกไปในการพิจารณาของรัฐสภา (วาระที่ 3)",
        "ข้อความสถานะที่ไม่มีกฎข้อใดรู้จัก", // unknown: stays unclassified
    ];

    private static string? _dataDir;

    /// <summary>The folder of the shipped replay data: next to the binaries, or found in the repository.</summary>
    public static string DataDirectory => _dataDir ??= FindDataDirectory();

    public static string BillsCsv => Path.Combine(DataDirectory, "lawwatch-bills.csv");

    public static string VotesYaml => Path.Combine(DataDirectory, "lawwatch-votelog.yaml");

    /// <summary>The distinct, non-empty Status_Description values of the shipped CSV, in file order.</summary>
    public static IReadOnlyList<string> DistinctStatusTexts()
    {
        using var reader = new StreamReader(BillsCsv, System.Text.Encoding.UTF8);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        csv.Read();
        csv.ReadHeader();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var texts = new List<string>();
        while (csv.Read())
        {
            var t = csv.GetField("Status_Description")?.Trim();
            if (!string.IsNullOrEmpty(t) && seen.Add(t))
            {
                texts.Add(t);
            }
        }

        return texts;
    }

    /// <summary>
    /// <paramref name="count"/> status texts: the CSV's distinct texts and <see cref="ExtraTexts"/>, cycled.
    /// </summary>
    public static string[] StatusTexts(int count)
    {
        var pool = DistinctStatusTexts().Concat(ExtraTexts).ToArray();
        return Enumerable.Range(0, count).Select(i => pool[i % pool.Length]).ToArray();
    }

    /// <summary>The real bills as the replay source shows them at their final state (steps, votes and all).</summary>
    public static IReadOnlyList<BillSnapshot> RealBills()
    {
        var options = new ReplayOptions { BillsCsv = BillsCsv, VotesYaml = VotesYaml, Mode = ReplayMode.Instant };
        var source = new ReplayBillSource(options, TimeProvider.System, NullLogger<ReplayBillSource>.Instance);
        return source.ReadAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary><paramref name="count"/> bills with ids 1…count, each a copy of a real bill (cycled).</summary>
    public static BillSnapshot[] Bills(int count)
    {
        var real = RealBills();
        return Enumerable.Range(0, count)
            .Select(i => real[i % real.Count] with { Id = (i + 1).ToString(CultureInfo.InvariantCulture) })
            .ToArray();
    }

    /// <summary>Whether bill number <paramref name="index"/> (0-based) is in the changed 1%.</summary>
    public static bool IsChanged(int index) => index % 100 == 0;

    /// <summary>The same bills where every 100th (1%) has one new step.</summary>
    public static BillSnapshot[] WithOnePercentChanged(BillSnapshot[] bills) =>
        bills.Select((b, i) => IsChanged(i)
                ? b with { Steps = [.. b.Steps, new SourceStep(NewStepText, NewStepOn)] }
                : b)
            .ToArray();

    /// <summary>What the store would hold after the bill was first seen: the change of Detect(null, …) as a StoredBill.</summary>
    public static StoredBill Stored(BillChangeDetector detector, BillSnapshot snapshot)
    {
        var change = detector.Detect(null, snapshot, Now) ?? throw new InvalidOperationException("A new bill always changes.");
        return new StoredBill(change.State, change.NewSteps, [], "W/\"v1\"");
    }

    private static string FindDataDirectory()
    {
        var next = Path.Combine(AppContext.BaseDirectory, "Replay", "Data");
        if (File.Exists(Path.Combine(next, "lawwatch-bills.csv")))
        {
            return next;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "functions", "Chantra.Sources", "Replay", "Data");
                if (File.Exists(Path.Combine(candidate, "lawwatch-bills.csv")))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException("The shipped replay data (lawwatch-bills.csv) was found neither next to the binaries nor in the repository.");
    }
}
