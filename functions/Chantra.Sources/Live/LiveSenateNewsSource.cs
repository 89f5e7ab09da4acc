using Chantra.Domain.News;
using Chantra.Domain.Sources;
using Chantra.Sources.Live.Http;
using Chantra.Sources.News;
using Microsoft.Extensions.Logging;

namespace Chantra.Sources.Live;

/// <summary>Where the live Senate news source reads (configuration section <c>Sources:News:Live</c>).</summary>
public sealed class LiveSenateNewsOptions
{
    /// <summary>The Senate's mobile news XML (SOURCES.md "Senate news").</summary>
    public Uri FeedUrl { get; set; } = SenateNewsXmlParser.FeedUrl;

    /// <summary>
    /// The encoding to assume when neither the response nor a BOM names one and the bytes are not UTF-8.
    /// Null leaves it to the fetcher's decoding, which falls back to TIS-620 (the site's own encoding).
    /// </summary>
    public string? KnownEncoding { get; set; }
}

/// <summary>
/// The Senate's live news XML as a news source, read through the shared <see cref="ISourcePageFetcher"/>
/// and parsed by <see cref="SenateNewsXmlParser"/>.
/// </summary>
/// <remarks>
/// The feed goes through <see cref="ParsedPageReader"/>: conditional GET once this instance holds a parse of
/// it, a 304 reusing that parse (kept in memory), so an unchanged feed costs no parse; without a parse in
/// memory (a fresh instance) the fetch is unconditional; counts go to the health row with a heartbeat.
/// A feed that does not parse throws <see cref="SourceLayoutException"/> and its validators are not stored,
/// so the next run fetches it in full again; a feed that cannot be fetched throws <see cref="SourceUnavailableException"/>. The fetcher decodes the bytes: the response's
/// charset, a BOM, else UTF-8 when the bytes are valid UTF-8, else <see cref="LiveSenateNewsOptions.KnownEncoding"/>
/// or TIS-620; the XML declaration itself is not read there (its only likely values, UTF-8 and TIS-620, come out the same).
/// </remarks>
public sealed class LiveSenateNewsSource : INewsSource
{
    /// <summary>Quiet runs (all 304) report their counts at most this often, so they cost no write each.</summary>
    public static readonly TimeSpan CountsHeartbeat = ParsedPageReader.CountsHeartbeat;

    private readonly LiveSenateNewsOptions _options;
    private readonly ILogger<LiveSenateNewsSource> _logger;
    private readonly ParsedPageReader _reader;

    public LiveSenateNewsSource(
        LiveSenateNewsOptions options,
        ISourcePageFetcher fetcher,
        TimeProvider time,
        ILogger<LiveSenateNewsSource> logger,
        ISourceHealthStore? health = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger;
        _reader = new ParsedPageReader(Name, fetcher, time, logger, health);
    }

    public string Name => "news-senate-live";

    /// <summary>Feeds parsed since start: what a 304 saves.</summary>
    public long ParseCount => _reader.ParseCount;

    public async Task<NewsRead> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var url = _options.FeedUrl;
            var feed = await _reader.ReadAsync(url, _options.KnownEncoding, text => Parse(text, url), f => f.Items.Count,
                PageFailurePolicy.Fail, cancellationToken);
            return feed.ToRead();
        }
        finally
        {
            await _reader.ReportCountsAsync(cancellationToken);
        }
    }

    private SenateNewsFeed Parse(string xml, Uri url)
    {
        var feed = SenateNewsXmlParser.Parse(xml, url);
        if (feed.SkippedItems > 0)
        {
            _logger.LogInformation("Senate news feed: {Skipped} items without a title or date were skipped", feed.SkippedItems);
        }

        return feed;
    }
}
