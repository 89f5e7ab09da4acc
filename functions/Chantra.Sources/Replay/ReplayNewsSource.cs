using Chantra.Domain.News;
using Chantra.Domain.Sources;
using Chantra.Sources.News;
using Microsoft.Extensions.Logging;
using ThaiText = Chantra.Domain.Text.ThaiText;

namespace Chantra.Sources.Replay;

/// <summary>
/// A news XML file in the Senate's layout (<see cref="ReplayOptions.NewsXml"/>, by default the shipped
/// hand-written sample) as a news source. In instant mode every item is there at once. In clock mode the
/// items appear on their own dates on the same simulated calendar as the bills replay: it starts at
/// <see cref="ReplayOptions.Start"/> (else at the earliest item's day) when the source is first read and
/// runs at <see cref="ReplayOptions.Speed"/> days a second, so news and bills of the same days show up
/// together. Items dated on or before the start are there from the first read (the back catalogue).
/// </summary>
/// <remarks>
/// The file is read and parsed once, on the first read. A file that no longer parses fails every read
/// (<see cref="SourceLayoutException"/>), which marks the source unhealthy and keeps the stored news.
/// </remarks>
public sealed class ReplayNewsSource(ReplayOptions options, TimeProvider time, ILogger<ReplayNewsSource> logger) : INewsSource
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SenateNewsFeed? _feed;
    private DateTimeOffset _startedAt;
    private DateOnly _clockStart;

    public string Name => "news-replay";

    /// <summary>The simulated day the replay has reached (null before the first read).</summary>
    public DateOnly? SimulatedToday { get; private set; }

    public async Task<NewsRead> ReadAsync(CancellationToken cancellationToken)
    {
        var feed = _feed ?? await LoadAsync(cancellationToken);
        if (options.Mode == ReplayMode.Instant)
        {
            SimulatedToday = DateOnly.MaxValue;
            return feed.ToRead();
        }

        // The bills replay's clock: whole simulated days, capped a century on.
        var today = _clockStart.AddDays((int)Math.Min(365 * 100, Math.Max(0, (time.GetUtcNow() - _startedAt).TotalSeconds * options.Speed)));
        SimulatedToday = today;
        var visible = feed.Items.Where(i => DateOnly.FromDateTime(ThaiText.ToBangkok(i.PublishedAt).DateTime) <= today).ToList();
        return new NewsRead(visible, feed.ShownCategories);
    }

    private async Task<SenateNewsFeed> LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_feed is { } loaded)
            {
                return loaded;
            }

            if (!File.Exists(options.NewsXml))
            {
                throw new SourceLayoutException(Name, $"the news file '{options.NewsXml}' does not exist");
            }

            var bytes = await File.ReadAllBytesAsync(options.NewsXml, cancellationToken);
            SenateNewsFeed feed;
            try
            {
                feed = SenateNewsXmlParser.Parse(bytes, null);
            }
            catch (SourceLayoutException e)
            {
                // Reported under this source's name, with the file, so the health report says what broke.
                throw new SourceLayoutException(Name, $"{Path.GetFileName(options.NewsXml)}: {e.Message}", e);
            }

            _clockStart = options.Start
                ?? (feed.Items.Count > 0 ? feed.Items.Min(i => DateOnly.FromDateTime(ThaiText.ToBangkok(i.PublishedAt).DateTime)) : DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
            _startedAt = time.GetUtcNow();
            logger.LogInformation(
                "News replay loaded {Count} items in {Categories} shown categories from {Path}; mode {Mode}, clock from {Start} at {Speed} days/s",
                feed.Items.Count, feed.ShownCategories.Count, options.NewsXml, options.Mode, _clockStart, options.Speed);
            _feed = feed;
            return feed;
        }
        finally
        {
            _gate.Release();
        }
    }
}
