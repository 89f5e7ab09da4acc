using Chantra.Domain.Bills;
using Chantra.Domain.Sources;
using Microsoft.Extensions.Logging;

namespace Chantra.Sources.Replay;

/// <summary>
/// The replay of real recorded bills as a bill source: in clock mode a simulated clock starts at
/// the earliest date of the data (or <see cref="ReplayOptions.Start"/>) when the source is first
/// read and runs at <see cref="ReplayOptions.Speed"/> days a second, so bills appear on their
/// start dates and then move through their dated steps; in instant mode everything is at its
/// final state. The files are read once and kept (cold start is paid once).
/// </summary>
public sealed class ReplayBillSource(ReplayOptions options, TimeProvider time, ILogger<ReplayBillSource> logger) : IBillSource
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<ReplayBill>? _bills;
    private DateTimeOffset _startedAt;
    private DateOnly _clockStart;

    public string Name => "bills-replay";

    /// <summary>The simulated day the data has reached (null before the first read).</summary>
    public DateOnly? SimulatedToday { get; private set; }

    public async Task<IReadOnlyList<BillSnapshot>> ReadAsync(CancellationToken cancellationToken)
    {
        var bills = await LoadAsync(cancellationToken);
        var today = options.Mode == ReplayMode.Instant
            ? DateOnly.MaxValue
            : _clockStart.AddDays((int)Math.Min(365 * 100, (time.GetUtcNow() - _startedAt).TotalSeconds * options.Speed));
        SimulatedToday = today;

        var visible = new List<BillSnapshot>(bills.Count);
        foreach (var b in bills)
        {
            if (b.AppearsOn > today)
            {
                continue;
            }

            var steps = b.Steps.Where(s => s.OccurredOn <= today).ToArray();
            visible.Add(new BillSnapshot(b.Id, b.Title, b.TitleEn, b.Proposer, b.Ministry, null, steps));
        }

        return visible;
    }

    private async Task<IReadOnlyList<ReplayBill>> LoadAsync(CancellationToken cancellationToken)
    {
        if (_bills is { } loaded)
        {
            return loaded;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_bills is not null)
            {
                return _bills;
            }

            if (!File.Exists(options.BillsCsv))
            {
                throw new SourceLayoutException(Name, $"the bills file '{options.BillsCsv}' does not exist");
            }

            using var csv = new StreamReader(options.BillsCsv, System.Text.Encoding.UTF8);
            using var votes = options.VotesYaml is { Length: > 0 } v && File.Exists(v) ? new StreamReader(v, System.Text.Encoding.UTF8) : null;
            if (options.VotesYaml is { Length: > 0 } && votes is null)
            {
                logger.LogWarning("Vote log {Path} not found; bills replay without their votes", options.VotesYaml);
            }

            var bills = LawWatchReader.Read(Name, csv, votes, w => logger.LogWarning("Replay data: {Warning}", w));
            _clockStart = options.Start ?? (bills.Count > 0 ? bills.Min(b => b.AppearsOn) : DateOnly.FromDateTime(DateTime.UtcNow));
            _startedAt = time.GetUtcNow();
            logger.LogInformation("Replay loaded {Count} bills from {Path}; mode {Mode}, clock from {Start} at {Speed} days/s",
                bills.Count, options.BillsCsv, options.Mode, _clockStart, options.Speed);
            _bills = bills;
            return bills;
        }
        finally
        {
            _gate.Release();
        }
    }
}
