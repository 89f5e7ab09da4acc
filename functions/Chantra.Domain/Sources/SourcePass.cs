using Microsoft.Extensions.Logging;

namespace Chantra.Domain.Sources;

/// <summary>
/// What every scrape does around its source, the same for bills, meetings and news: read it, take a
/// layout change, an unreachable site or far fewer items than the last good pass as "unhealthy" (log the
/// error ops alert on, record why, keep the last good data), and record a good pass on the source's health
/// row when something changed or at least every <see cref="HealthHeartbeat"/>, so a quiet scrape writes nothing.
/// </summary>
public sealed class SourcePass(string source, ISourceHealthStore health, TimeProvider time, ILogger logger)
{
    /// <summary>A healthy pass is written at most this often when nothing else changes, so a quiet
    /// scrape writes nothing yet ops can still see that the scraper is alive.</summary>
    public static readonly TimeSpan HealthHeartbeat = TimeSpan.FromMinutes(15);

    private readonly LastGoodCount _lastGood = new(health, source);

    /// <summary>Why the last failed read failed (null once a read succeeds).</summary>
    public string? LastFailure { get; private set; }
    private (DateTimeOffset At, int Count)? _lastHealthy;

    /// <summary>
    /// The source's read, or <c>default</c> when the source is unhealthy (then logged and recorded).
    /// A <paramref name="partial"/> read (fewer items by design, see <c>IIncrementalBillSource</c>) is not held against the last good count.
    /// </summary>
    public async Task<T?> ReadAsync<T>(Func<CancellationToken, Task<T>> read, Func<T, int> count, Func<bool> partial, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var result = await read(cancellationToken);
            if (!partial() && await _lastGood.CheckAsync(count(result), cancellationToken) is { } shrunk)
            {
                throw new SourceLayoutException(source, shrunk);
            }

            LastFailure = null;
            return result;
        }
        catch (Exception ex) when (ex is SourceLayoutException or SourceUnavailableException)
        {
            // The source changed under us (or is down): keep the last good data, stop this source, say so.
            // These words are what the unhealthy-source alert counts (bicep/modules/alerts.bicep).
            logger.LogError(ex, "Source {Source} is unhealthy; the last good data stays", source);
            await health.RecordFailureAsync(source, time.GetUtcNow(), ex.Message, cancellationToken);
            _lastHealthy = null;
            LastFailure = ex.Message;
            return null;
        }
    }

    /// <summary>The pass went through: its count is the new baseline (unless partial), and the health row hears of it when due.</summary>
    public async Task SucceededAsync(int count, bool changed, bool partial, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_lastHealthy is not { } last || last.Count != count || changed || now - last.At >= HealthHeartbeat)
        {
            await health.RecordSuccessAsync(source, now, count, cancellationToken);
            _lastHealthy = (now, count);
        }

        if (!partial)
        {
            // A partial read is no baseline: the next whole one would look like a jump, a later broken one like none.
            _lastGood.Accept(count);
        }
    }
}
