using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.Sources;
using Microsoft.Extensions.Logging;

namespace Chantra.Domain.Meetings;

/// <summary>What one meeting scrape did, for logs and tests.</summary>
public sealed record MeetingScrapeReport(string Source, bool SourceHealthy, int Seen, int Changed, int Events, int Published, int Conflicts);

/// <summary>
/// One pass over a meeting source, the way bills are scraped: build each sitting, skip what the
/// read model says is unchanged, diff the rest against the stored sitting, commit state + outbox in
/// one batch per sitting (version-guarded), then publish and mark sent.
/// </summary>
public sealed class MeetingScrapeService
{
    private const int MaxConflictRetries = 3;

    private readonly IMeetingSource _source;
    private readonly IMeetingStore _store;
    private readonly MeetingChangeDetector _detector;
    private readonly BillTitleDirectory _bills;
    private readonly OutboxRelay _relay;
    private readonly TimeProvider _time;
    private readonly ILogger<MeetingScrapeService> _logger;

    /// <summary>Reading the source and keeping its health (the shrink guard's baseline survives failed passes and restarts).</summary>
    private readonly SourcePass _pass;

    public MeetingScrapeService(
        IMeetingSource source,
        IMeetingStore store,
        MeetingChangeDetector detector,
        BillTitleDirectory bills,
        IEventPublisher publisher,
        ISourceHealthStore health,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        _source = source;
        _store = store;
        _detector = detector;
        _bills = bills;
        _relay = new OutboxRelay(publisher, store, loggers.CreateLogger<OutboxRelay>());
        _time = time;
        _logger = loggers.CreateLogger<MeetingScrapeService>();
        _pass = new SourcePass(source.Name, health, time, _logger);
    }

    /// <summary>When the last pass ran, for the poll policy.</summary>
    public DateTimeOffset? LastRun { get; private set; }

    /// <summary>Whether the last pass saw a sitting in session or starting today (the poll policy polls often then).</summary>
    public bool SittingUnderway { get; private set; }

    public async Task<MeetingScrapeReport> RunAsync(CancellationToken cancellationToken)
    {
        LastRun = _time.GetUtcNow();
        var snapshots = await _pass.ReadAsync(_source.ReadAsync, s => s.Count, static () => false, cancellationToken);
        if (snapshots is null)
        {
            return new MeetingScrapeReport(_source.Name, false, 0, 0, 0, 0, 0);
        }

        var matcher = await _bills.GetMatcherAsync(cancellationToken);
        var known = await _store.GetFingerprintsAsync(cancellationToken);
        var pending = new List<PendingEvent>();
        int changed = 0, conflicts = 0;
        var now = _time.GetUtcNow();
        var today = DateOnly.FromDateTime(Text.ThaiText.ToBangkok(now).DateTime);
        SittingUnderway = false;

        foreach (var snapshot in snapshots)
        {
            var seen = MeetingChangeDetector.Build(snapshot, matcher, now);
            SittingUnderway |= seen.LiveState == MeetingLiveState.InSession
                || (seen.LiveState == MeetingLiveState.Scheduled && DateOnly.FromDateTime(Text.ThaiText.ToBangkok(seen.Start).DateTime) == today);
            if (known.TryGetValue(seen.Id, out var fp) && fp == seen.Fingerprint)
            {
                continue;
            }

            for (var attempt = 1; ; attempt++)
            {
                var stored = await _store.GetAsync(seen.Id, cancellationToken);
                var change = _detector.Detect(stored, seen);
                if (change is null)
                {
                    if (stored is { PendingEventIds.Count: 0 })
                    {
                        await _store.RefreshReadModelAsync(seen.Id, cancellationToken);
                    }

                    break;
                }

                if (await _store.CommitAsync(change, cancellationToken) == CommitOutcome.Committed)
                {
                    changed++;
                    foreach (var e in change.Events)
                    {
                        _logger.LogInformation("Meeting {MeetingId} is {State} → {EventType} {EventId}", seen.Id, seen.LiveState.ToWire(), e.Type, e.Id);
                    }

                    pending.AddRange(change.Events.Select(e => new PendingEvent(seen.Id, e)));
                    break;
                }

                conflicts++;
                if (attempt >= MaxConflictRetries)
                {
                    _logger.LogWarning("Meeting {MeetingId} kept changing under this scrape; the next pass picks it up", seen.Id);
                    break;
                }
            }
        }

        var published = pending.Count > 0 ? await _relay.RelayAsync(pending, cancellationToken) : 0;
        await _pass.SucceededAsync(snapshots.Count, changed > 0, partial: false, cancellationToken);
        var report = new MeetingScrapeReport(_source.Name, true, snapshots.Count, changed, pending.Count, published, conflicts);
        _logger.LogInformation(
            "Scrape of {Source}: {Seen} sittings seen, {Changed} changed, {Events} events, {Published} published, {Conflicts} conflicts",
            report.Source, report.Seen, report.Changed, report.Events, report.Published, report.Conflicts);
        return report;
    }
}
