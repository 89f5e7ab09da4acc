using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.Sources;
using Microsoft.Extensions.Logging;

namespace Chantra.Domain.News;

/// <summary>What one news scrape did, for logs and tests.</summary>
public sealed record NewsScrapeReport(string Source, bool SourceHealthy, int Seen, int Changed, int Events, int Published, int Conflicts);

/// <summary>
/// One pass over a news source, the way meetings are scraped: build each item, skip what the read
/// model says is unchanged, diff the rest against the stored item, commit state + outbox in one batch
/// per item (version-guarded), then publish and mark sent. Items the source no longer shows are kept:
/// news is an archive, and a feed that shows only its latest items must not delete the older ones.
/// </summary>
public sealed class NewsScrapeService
{
    private const int MaxConflictRetries = 3;

    private readonly INewsSource _source;
    private readonly INewsStore _store;
    private readonly NewsChangeDetector _detector;
    private readonly NewsOptions _options;
    private readonly OutboxRelay _relay;
    private readonly TimeProvider _time;
    private readonly ILogger<NewsScrapeService> _logger;

    /// <summary>Reading the source and keeping its health (the shrink guard's baseline survives failed reads and restarts).</summary>
    private readonly SourcePass _pass;

    public NewsScrapeService(
        INewsSource source,
        INewsStore store,
        NewsChangeDetector detector,
        NewsOptions options,
        IEventPublisher publisher,
        ISourceHealthStore health,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        _source = source;
        _store = store;
        _detector = detector;
        _options = options;
        _relay = new OutboxRelay(publisher, store, loggers.CreateLogger<OutboxRelay>());
        _time = time;
        _logger = loggers.CreateLogger<NewsScrapeService>();
        _pass = new SourcePass(source.Name, health, time, _logger);
    }

    public async Task<NewsScrapeReport> RunAsync(CancellationToken cancellationToken)
    {
        var read = await _pass.ReadAsync(_source.ReadAsync, r => r.Items.Count, static () => false, cancellationToken);
        if (read is null)
        {
            return new NewsScrapeReport(_source.Name, false, 0, 0, 0, 0, 0);
        }

        var known = await _store.GetFingerprintsAsync(cancellationToken);
        var backfill = known.Count == 0;
        var pending = new List<PendingEvent>();
        int changed = 0, conflicts = 0;
        var now = _time.GetUtcNow();
        var seenIds = new HashSet<string>(StringComparer.Ordinal);

        foreach (var entry in read.Items)
        {
            var seen = NewsChangeDetector.Build(entry, _options.IsHeadline(entry.Category, read.ShownCategories), now);
            if (!seenIds.Add(seen.Id))
            {
                // The same category, title and day twice in one read: one item (the first copy).
                _logger.LogDebug("News item {NewsId} appears twice in one read; the first copy is kept", seen.Id);
                continue;
            }

            if (known.TryGetValue(seen.Id, out var fp) && fp == seen.Fingerprint)
            {
                continue;
            }

            for (var attempt = 1; ; attempt++)
            {
                var stored = await _store.GetAsync(seen.Id, cancellationToken);
                var change = _detector.Detect(stored, seen, backfill);
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
                        _logger.LogInformation("News {NewsId} ({Category}) → {EventType} {EventId}", seen.Id, seen.Category, e.Type, e.Id);
                    }

                    pending.AddRange(change.Events.Select(e => new PendingEvent(seen.Id, e)));
                    break;
                }

                conflicts++;
                if (attempt >= MaxConflictRetries)
                {
                    _logger.LogWarning("News item {NewsId} kept changing under this scrape; the next pass picks it up", seen.Id);
                    break;
                }
            }
        }

        var published = pending.Count > 0 ? await _relay.RelayAsync(pending, cancellationToken) : 0;
        var count = read.Items.Count;
        await _pass.SucceededAsync(count, changed > 0, partial: false, cancellationToken);
        var report = new NewsScrapeReport(_source.Name, true, count, changed, pending.Count, published, conflicts);
        _logger.LogInformation(
            "Scrape of {Source}: {Seen} news items seen, {Changed} changed, {Events} events, {Published} published, {Conflicts} conflicts",
            report.Source, report.Seen, report.Changed, report.Events, report.Published, report.Conflicts);
        return report;
    }
}
