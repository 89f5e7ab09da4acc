using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Chantra.Domain.Sources;
using Chantra.Sources.Meetings;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Chantra.Sources.Live.Http;

/// <summary>One page to fetch.</summary>
/// <param name="Url">The page.</param>
/// <param name="KnownEncoding">The source's own encoding (e.g. <c>tis-620</c>), used when the response names no charset.</param>
/// <param name="Conditional">
/// Send the stored validators. A caller that holds no parsed copy of the page (e.g. after a restart)
/// must ask unconditionally, since a 304 would leave it with nothing.
/// </param>
public sealed record SourcePageRequest(Uri Url, string? KnownEncoding = null, bool Conditional = true);

/// <summary>What a fetch came to. HTTP errors end as <see cref="Failed"/>, never as exceptions.</summary>
public abstract record FetchedPage
{
    private FetchedPage()
    {
    }

    /// <summary>304: the caller's last parse of this page still holds.</summary>
    public sealed record NotModified(Uri Url) : FetchedPage;

    /// <summary>A page, decoded. Its validators are stored only once the caller confirms it parsed (<see cref="ISourcePageFetcher.ConfirmAsync"/>).</summary>
    public sealed record Content(string Text, Uri Url, string? ETag, DateTimeOffset? LastModified) : FetchedPage;

    /// <summary>No page after retries: an HTTP status, a timeout, a network error or an open circuit.</summary>
    public sealed record Failed(Uri Url, string Reason) : FetchedPage;
}

/// <summary>Counts of a fetcher's work since the process started.</summary>
public sealed record FetchCounters(long Fetched, long NotModified, long Failed);

/// <summary>The polite, conditional page fetcher every live source shares.</summary>
public interface ISourcePageFetcher
{
    Task<FetchedPage> FetchAsync(SourcePageRequest request, CancellationToken cancellationToken);

    /// <summary>Stores the page's validators (if new) once it parsed, so the next fetch can be answered 304.</summary>
    Task ConfirmAsync(FetchedPage.Content page, CancellationToken cancellationToken);

    FetchCounters Counters { get; }
}

/// <summary>
/// Fetches through the named client <see cref="SourceHttp.ClientName"/> (timeouts, retries, a
/// circuit breaker per host and the polite rate live in its handlers, see <see cref="SourceHttp"/>).
/// </summary>
public sealed class SourcePageFetcher(IHttpClientFactory clients, IPageCacheStore cache, ILogger<SourcePageFetcher> logger)
    : ISourcePageFetcher
{
    /// <summary>
    /// Validators as last read or written, so a quiet cycle does not read the table for every page.
    /// Another instance's newer validators only cost one full fetch here, never a wrong page.
    /// </summary>
    private readonly ConcurrentDictionary<Uri, PageValidators?> _known = new();
    private long _fetched;
    private long _notModified;
    private long _failed;

    public FetchCounters Counters => new(Interlocked.Read(ref _fetched), Interlocked.Read(ref _notModified), Interlocked.Read(ref _failed));

    public async Task<FetchedPage> FetchAsync(SourcePageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = request.Url;
        using var message = new HttpRequestMessage(HttpMethod.Get, url);
        if (request.Conditional && await ValidatorsAsync(url, cancellationToken) is { } known)
        {
            if (known.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
            {
                message.Headers.IfNoneMatch.Add(tag);
            }

            if (known.LastModified is { } lastModified)
            {
                message.Headers.IfModifiedSince = lastModified;
            }
        }

        try
        {
            using var client = clients.CreateClient(SourceHttp.ClientName);
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                Interlocked.Increment(ref _notModified);
                return new FetchedPage.NotModified(url);
            }

            if (!response.IsSuccessStatusCode)
            {
                return Fail(url, $"HTTP {(int)response.StatusCode}");
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var charset = response.Content.Headers.ContentType?.CharSet;
            var text = PageDecoder.Decode(bytes, charset, request.KnownEncoding);
            Interlocked.Increment(ref _fetched);
            return new FetchedPage.Content(text, url, response.Headers.ETag?.ToString(), response.Content.Headers.LastModified);
        }
        catch (BrokenCircuitException)
        {
            return Fail(url, "circuit open");
        }
        catch (TimeoutRejectedException)
        {
            return Fail(url, "timeout");
        }
        catch (HttpRequestException e)
        {
            return Fail(url, "network: " + e.Message);
        }
    }

    public async Task ConfirmAsync(FetchedPage.Content page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var validators = new PageValidators(page.ETag, page.LastModified);
        if (validators.IsEmpty)
        {
            return; // The server offers no conditional GET for this page: nothing worth a write.
        }

        if (await ValidatorsAsync(page.Url, cancellationToken) != validators)
        {
            await cache.SetAsync(page.Url, validators, cancellationToken);
            _known[page.Url] = validators;
        }
    }

    private async Task<PageValidators?> ValidatorsAsync(Uri url, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(url, out var known))
        {
            return known;
        }

        known = await cache.GetAsync(url, cancellationToken);
        _known[url] = known;
        return known;
    }

    private FetchedPage.Failed Fail(Uri url, string reason)
    {
        Interlocked.Increment(ref _failed);
        logger.LogWarning("Fetching {Url} failed: {Reason}", url, reason);
        return new FetchedPage.Failed(url, reason);
    }
}

/// <summary>
/// Turns a page's bytes into text: the response's charset if it names one; else a BOM or a meta tag;
/// else UTF-8 when the bytes are valid UTF-8 (Thai in TIS-620 practically never is); else the source's
/// known encoding, else TIS-620. The charset rules live in <see cref="MsbisPageParser.Decode"/> (the first
/// TIS-620 source); this adds the source's known encoding for pages that name none.
/// </summary>
public static class PageDecoder
{
    public static string Decode(byte[] content, string? responseCharset, string? knownEncoding)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!string.IsNullOrWhiteSpace(responseCharset) || knownEncoding is null || System.Text.Unicode.Utf8.IsValid(content))
        {
            return MsbisPageParser.Decode(content, responseCharset);
        }

        return MsbisPageParser.Decode(content, knownEncoding);
    }
}
