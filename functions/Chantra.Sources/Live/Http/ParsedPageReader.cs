using System.Collections.Concurrent;
using Chantra.Domain.Sources;
using Microsoft.Extensions.Logging;

namespace Chantra.Sources.Live.Http;

/// <summary>What to do when a page that was parsed before cannot be fetched now.</summary>
public enum PageFailurePolicy
{
    /// <summary>The read fails: the source cannot say what it shows without this page (a list).</summary>
    Fail,

    /// <summary>The page's last parse stands in (a bill's detail page), so its item is not taken as removed.</summary>
    UseLastParse,
}

/// <summary>
/// The part every live source shares: fetch a page with conditional GET, parse it only when it came
/// with content (a 304 reuses the last parse of that URL, kept in memory), mark the page's validators
/// as good only after the parse succeeded, and count pages and items for the source's health row.
/// </summary>
/// <remarks>
/// Without a parse in memory (a fresh instance) the fetch is unconditional, so a restart re-reads each
/// page once. A parse that throws <see cref="SourceLayoutException"/> leaves the page's validators
/// unconfirmed, so the next run fetches it in full again.
/// </remarks>
public sealed class ParsedPageReader(
    string sourceName,
    ISourcePageFetcher fetcher,
    TimeProvider time,
    ILogger logger,
    ISourceHealthStore? health = null)
{
    /// <summary>Quiet runs (all 304) report their counts at most this often, so they cost no write each.</summary>
    public static readonly TimeSpan CountsHeartbeat = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<Uri, object?> _parsed = new();
    private long _parses;
    private SourceCounts _unreported = SourceCounts.Zero;
    private DateTimeOffset _reportedAt;

    /// <summary>Pages parsed since start: what a 304 saves.</summary>
    public long ParseCount => Interlocked.Read(ref _parses);

    /// <summary>The last parse of the page in this instance, without asking the site (false: never parsed here).</summary>
    public bool TryGetLast<T>(Uri url, out T? parse)
    {
        if (_parsed.TryGetValue(url, out var last))
        {
            parse = (T?)last;
            return true;
        }

        parse = default;
        return false;
    }

    /// <summary>The page's parse: fresh when the page changed, the last one when it did not.</summary>
    /// <param name="parse">Parses the page's text; throws <see cref="SourceLayoutException"/> when the layout is not the known one.</param>
    /// <param name="itemCount">How many items a parse holds, for the items-parsed count.</param>
    public async Task<T> ReadAsync<T>(
        Uri url,
        string? knownEncoding,
        Func<string, T> parse,
        Func<T, int> itemCount,
        PageFailurePolicy onFailure,
        CancellationToken cancellationToken)
    {
        var known = _parsed.TryGetValue(url, out var last);
        var fetched = await fetcher.FetchAsync(new SourcePageRequest(url, knownEncoding, Conditional: known), cancellationToken);
        switch (fetched)
        {
            case FetchedPage.NotModified when known:
                Add(new SourceCounts(0, 1, 0, 0));
                return (T)last!;
            case FetchedPage.Content content:
                Add(new SourceCounts(1, 0, 0, 0));
                Interlocked.Increment(ref _parses);
                T page;
                try
                {
                    page = parse(content.Text);
                }
                catch (SourceLayoutException e)
                {
                    throw new SourceLayoutException(sourceName, $"{url}: {e.Message}", e);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A parser meeting what it never expected (a number too long, a date that does not exist)
                    // is a layout change all the same: the source stops and says so, it does not crash the timer.
                    throw new SourceLayoutException(sourceName, $"{url}: the page could not be read ({e.GetType().Name}: {e.Message})", e);
                }

                _parsed[url] = page;
                Add(new SourceCounts(0, 0, 0, itemCount(page)));
                await fetcher.ConfirmAsync(content, cancellationToken);
                return page;
            case FetchedPage.Failed failed when known && onFailure == PageFailurePolicy.UseLastParse:
                Add(new SourceCounts(0, 0, 1, 0));
                logger.LogWarning("{Source}: {Url} failed ({Reason}); its last parse is used", sourceName, url, failed.Reason);
                return (T)last!;
            case FetchedPage.Failed failed:
                Add(new SourceCounts(0, 0, 1, 0));
                throw new SourceUnavailableException(sourceName, $"{url}: {failed.Reason}");
            default:
                Add(new SourceCounts(0, 1, 0, 0));
                throw new SourceUnavailableException(sourceName, $"{url}: 304 for a page this instance never read");
        }
    }

    /// <summary>
    /// Adds the counts since the last report to the source's health row: at once when a page had
    /// content or failed (the run writes anyway, or something is wrong), else (only 304s) at most
    /// every <see cref="CountsHeartbeat"/>. A storage failure here is logged, never thrown: it must
    /// not hide the read's own outcome.
    /// </summary>
    public async Task ReportCountsAsync(CancellationToken cancellationToken)
    {
        var counts = _unreported;
        var now = time.GetUtcNow();
        if (health is null || counts.IsZero
            || (counts.PagesFetched == 0 && counts.PagesFailed == 0 && now - _reportedAt < CountsHeartbeat))
        {
            return;
        }

        try
        {
            await health.AddCountsAsync(sourceName, counts, cancellationToken);
            lock (_parsed)
            {
                _unreported = new SourceCounts(
                    _unreported.PagesFetched - counts.PagesFetched, _unreported.PagesNotModified - counts.PagesNotModified,
                    _unreported.PagesFailed - counts.PagesFailed, _unreported.ItemsParsed - counts.ItemsParsed);
            }

            _reportedAt = now;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not record the counts of {Source}; they are kept for the next run", sourceName);
        }
    }

    private void Add(SourceCounts counts)
    {
        lock (_parsed)
        {
            _unreported = _unreported.Add(counts);
        }
    }
}
