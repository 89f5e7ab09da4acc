using Chantra.Domain.Bills;
using Chantra.Domain.Events;

namespace Chantra.Tests.Infrastructure;

/// <summary>Paths of the shipped real data, and small builders for bills.</summary>
public static class TestData
{
    /// <summary>The project's own copy of the Law Watch bills CSV (see functions/Chantra.Sources/Replay/Data/README.md).</summary>
    public static string BillsCsv => Path.Combine(AppContext.BaseDirectory, "Replay", "Data", "lawwatch-bills.csv");

    public static string VotesYaml => Path.Combine(AppContext.BaseDirectory, "Replay", "Data", "lawwatch-votelog.yaml");

    public static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    public static BillSnapshot Snapshot(string id, params (string Text, string? On)[] steps) => new(
        id, $"ร่างพระราชบัญญัติทดสอบ {id} พ.ศ. ....", null, "คณะรัฐมนตรี", null, null,
        steps.Select(s => new SourceStep(s.Text, s.On is null ? null : DateOnly.Parse(s.On, System.Globalization.CultureInfo.InvariantCulture))).ToArray());

    public static BillChangeDetector Detector() => new(new BillStatusClassifier());
}

/// <summary>An event publisher that records, and can be told to fail.</summary>
public sealed class RecordingPublisher : IEventPublisher
{
    private readonly object _gate = new();
    public List<CloudEvent> Published { get; } = [];
    public int Calls { get; private set; }
    public int FailuresLeft { get; set; }

    public Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls++;
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new InvalidOperationException("The topic is unavailable (test).");
            }

            Published.AddRange(events);
        }

        return Task.CompletedTask;
    }
}
