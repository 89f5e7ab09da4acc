using Chantra.Domain.Events;
using Chantra.Domain.Sources;
using Microsoft.Extensions.Logging;

namespace Chantra.Domain.Bills;

/// <summary>What one scrape did, for logs and tests.</summary>
public sealed record ScrapeReport(string Source, bool SourceHealthy, int Seen, int Changed, int Events, int Published, int Conflicts);

/// <summary>
/// One pass over a bill source: skip what the read model says is unchanged, diff the rest
/// against the stored bill, commit state + timeline + outbox in one batch per bill (ETag-guarded),
/// then publish the new events and mark them sent.
/// </summary>
public sealed class BillScrapeService(
    IBillSource source,
    IBillStore store,
    BillChangeDetector detector,
    OutboxRelay relay,
    ISourceHealthStore health,
    TimeProvider time,
    ILogger<BillScrapeService> logger)
{
    private const int MaxConflictRetries = 3;

    /// <summary>A healthy pass is written at most this often when nothing else changes (<see cref="SourcePass.HealthHeartbeat"/>).</summary>
    public static readonly TimeSpan HealthHeartbeat = SourcePass.HealthHeartbeat;

    /// <summary>Reading the source and keeping its health (the shrink guard's baseline survives failed passes and restarts).</summary>
    private readonly SourcePass _pass = new SourcePass(source.Name, health, time, logger);

    public async Task<ScrapeReport> RunAsync(CancellationToken cancellationToken)
    {
        var snapshots = await _pass.ReadAsync(source.ReadAsync, s => s.Count, ReadWasPartial, cancellationToken);
        if (snapshots is null)
        {
            return new ScrapeReport(source.Name, false, 0, 0, 0, 0, 0);
        }

        var known = await store.GetFingerprintsAsync(cancellationToken);
        var pending = new List<PendingEvent>();
        int changed = 0, conflicts = 0;

        foreach (var snapshot in snapshots)
        {
            if (known.TryGetValue(snapshot.Id, out var fp) && fp == BillChangeDetector.Fingerprint(snapshot))
            {
                continue;
            }

            for (var attempt = 1; ; attempt++)
            {
                var stored = await store.GetAsync(snapshot.Id, cancellationToken);
                var change = detector.Detect(stored, snapshot, time.GetUtcNow());
                if (change is null)
                {
                    // The bill is up to date but the read model lags; nothing pending would fix it, so fix it here.
                    if (stored is { PendingEventIds.Count: 0 })
                    {
                        await store.RefreshReadModelAsync(snapshot.Id, cancellationToken);
                    }

                    break;
                }

                if (await store.CommitAsync(change, cancellationToken) == CommitOutcome.Committed)
                {
                    changed++;
                    LogChange(stored, change);
                    pending.AddRange(change.Events.Select(e => new PendingEvent(snapshot.Id, e)));
                    break;
                }

                // Another scrape got there first: re-read; what it wrote is what we would have written.
                conflicts++;
                if (attempt >= MaxConflictRetries)
                {
                    logger.LogWarning("Bill {BillId} kept changing under this scrape; the next pass picks it up", snapshot.Id);
                    break;
                }
            }
        }

        var published = pending.Count > 0 ? await relay.RelayAsync(pending, cancellationToken) : 0;
        await _pass.SucceededAsync(snapshots.Count, changed > 0, ReadWasPartial(), cancellationToken);
        var report = new ScrapeReport(source.Name, true, snapshots.Count, changed, pending.Count, published, conflicts);
        logger.LogInformation(
            "Scrape of {Source}: {Seen} bills seen, {Changed} changed, {Events} events, {Published} published, {Conflicts} conflicts",
            report.Source, report.Seen, report.Changed, report.Events, report.Published, report.Conflicts);
        return report;
    }

    /// <summary>Whether the source left bills for a later run on purpose (see <see cref="IIncrementalBillSource"/>).</summary>
    private bool ReadWasPartial() => source is IIncrementalBillSource { LastReadWasPartial: true };

    private void LogChange(StoredBill? before, BillChange change)
    {
        var from = before?.Timeline.LastOrDefault();
        foreach (var (step, e) in change.NewSteps.Zip(change.Events))
        {
            logger.LogInformation(
                "Bill {BillId} moved from {FromStage} to {ToStage} ({Status}: {StatusText}) → event {EventId}",
                change.State.Id, from?.Stage.ToWire() ?? "(new)", step.Stage.ToWire(), step.Status.ToWire(), step.StatusText, e.Id);
            from = step;
        }

        if (change.NewSteps.Count == 0)
        {
            logger.LogInformation("Bill {BillId} details changed → event {EventId}", change.State.Id, change.Events[0].Id);
        }
    }
}
