using System.Text.RegularExpressions;
using Chantra.Domain.Meetings;
using Chantra.Domain.Sources;
using Chantra.Sources.Live.Http;
using Chantra.Sources.Meetings;
using Microsoft.Extensions.Logging;
using ThaiText = Chantra.Domain.Text.ThaiText;

namespace Chantra.Sources.Live;

/// <summary>Where the live MSBIS source reads (configuration section <c>Sources:Meetings:Live</c>).</summary>
public sealed class LiveMsbisOptions
{
    /// <summary>
    /// First pages of the meeting lists to follow, e.g.
    /// <c>…/parliament_report/main_warehouse_list_test_sql.php?id=1&amp;level=5&amp;yearno=26&amp;year=1&amp;offset=0&amp;session_name=…</c>
    /// (joint sittings: <c>id=3</c>). Later pages are the same URL with <c>offset</c> moved by <see cref="ListPageSize"/>.
    /// </summary>
    public IList<Uri> ListUrls { get; } = [];

    /// <summary>More of <see cref="ListUrls"/> as one space-separated setting (<c>Sources__Meetings__Live__ListUrlList</c>: Bicep joins a list).</summary>
    public string? ListUrlList
    {
        get => null;
        set => SourceUrls.AddTo(ListUrls, value);
    }

    /// <summary>The detail fragment of a sitting; <c>{0}</c> is its <c>mid</c>.</summary>
    public string DetailUrlFormat { get; set; } = MsbisPageParser.PageBase + "?mid={0}";

    /// <summary>Layout: MSBIS lists 20 sittings a page; a full page means there may be another.</summary>
    public int ListPageSize { get; set; } = 20;

    /// <summary>A bound on pages followed per list, should the site stop telling the last page.</summary>
    public int MaxListPages { get; set; } = 50;

    /// <summary>
    /// Sittings ended longer ago than this are past: their pages are asked in turn, <see cref="PastRecheckPerRun"/>
    /// a run, instead of every run (a term holds hundreds, at one request a second). Upcoming, today's and
    /// recent sittings are asked every run.
    /// </summary>
    public int RecentDays { get; set; } = 14;

    /// <summary>Past sittings (and empty templates) asked again each run, going round the list.</summary>
    public int PastRecheckPerRun { get; set; } = 20;

    /// <summary>MSBIS names no charset; its pages are TIS-620.</summary>
    public string KnownEncoding { get; set; } = "tis-620";
}

/// <summary>
/// The live MSBIS archive as a meeting source: the configured meeting lists (rows carry
/// <c>show_detail({mid})</c>), then each sitting's detail fragment through <see cref="MsbisPageParser"/>.
/// </summary>
/// <remarks>
/// Every page goes through the shared <see cref="ISourcePageFetcher"/> with conditional GET; a 304
/// reuses the last parse of that page, kept here in memory, so an unchanged page costs neither a
/// parse nor a write (the page's validators are in the page cache table). Without a parse in memory
/// (a fresh instance) the fetch is unconditional. The live state is inferred from the sitting's times
/// alone (MSBIS tells no current item): before the start scheduled, until the end in session, then adjourned.
/// A list page without rows or a detail page without its layout throws <see cref="SourceLayoutException"/>;
/// a page that cannot be fetched and was never parsed throws <see cref="SourceUnavailableException"/>.
/// Either way the whole read fails, so the scrape keeps the last good data and removes nothing.
/// </remarks>
public sealed partial class LiveMsbisMeetingSource(
    LiveMsbisOptions options,
    ISourcePageFetcher fetcher,
    TimeProvider time,
    ILogger<LiveMsbisMeetingSource> logger,
    ISourceHealthStore? health = null) : IMeetingSource
{
    public const string SourceName = "meetings-msbis-live";

    /// <summary>Quiet runs (all 304) report their counts at most this often, so they cost no write each.</summary>
    public static readonly TimeSpan CountsHeartbeat = ParsedPageReader.CountsHeartbeat;

    /// <summary>A sitting without an end time is taken as over once its Bangkok day has passed.</summary>
    private static readonly TimeSpan UntimedSitting = TimeSpan.FromDays(1);

    private readonly ParsedPageReader _pages = new(SourceName, fetcher, time, logger, health);
    private int _recheckCursor;

    public string Name => SourceName;

    /// <summary>Pages parsed (lists and details) since start: what a 304 saves.</summary>
    public long ParseCount => _pages.ParseCount;

    public async Task<IReadOnlyList<MeetingSnapshot>> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAllAsync(cancellationToken);
        }
        finally
        {
            await _pages.ReportCountsAsync(cancellationToken);
        }
    }

    private async Task<IReadOnlyList<MeetingSnapshot>> ReadAllAsync(CancellationToken cancellationToken)
    {
        if (options.ListUrls.Count == 0)
        {
            // Live with nothing to read is a deployment mistake, not "no sittings": say so on the health row.
            throw new SourceUnavailableException(Name, "no meeting lists are configured (Sources__Meetings__Live__ListUrlList)");
        }

        var mids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var list in options.ListUrls)
        {
            for (var page = 0; page < options.MaxListPages; page++)
            {
                var url = SourceUrls.WithQuery(list, "offset", page * options.ListPageSize);
                var rows = await _pages.ReadAsync(url, options.KnownEncoding, ParseList, r => 0, PageFailurePolicy.Fail, cancellationToken);
                if (rows.Count == 0 && page == 0)
                {
                    // Layout: a configured list always has sittings; none at all means the rows changed shape.
                    throw new SourceLayoutException(Name, $"{url}: no show_detail(mid) rows on the first page of the list");
                }

                mids.AddRange(rows.Where(seen.Add));
                if (rows.Count < options.ListPageSize)
                {
                    break;
                }
            }
        }

        var now = time.GetUtcNow();
        var recheck = PastSittingsToRecheck(mids, now);
        var snapshots = new List<MeetingSnapshot>(mids.Count);
        foreach (var mid in mids)
        {
            // A past sitting's last parse (null: MSBIS's empty template) stands until its turn comes round.
            if (!_pages.TryGetLast<MeetingPage?>(DetailUrl(mid), out var sitting) || IsCurrent(sitting, now) || recheck.Contains(mid))
            {
                // One sitting's page down: its last parse stands in, so the sitting is not taken as removed.
                sitting = await _pages.ReadAsync(DetailUrl(mid), options.KnownEncoding, html => MsbisPageParser.Parse(mid, html),
                    p => p is null ? 0 : 1, PageFailurePolicy.UseLastParse, cancellationToken);
            }

            if (sitting is not null)
            {
                snapshots.Add(Snapshot(sitting, now, DetailUrl(mid)));
            }
        }

        return snapshots;
    }

    /// <summary>
    /// A sitting whose page is asked every run: one still to come, on today, or ended less than
    /// <see cref="LiveMsbisOptions.RecentDays"/> ago (its vote sheets and documents come after the fact).
    /// An empty template (a mid MSBIS has no sitting for yet) is asked in turn with the past ones.
    /// </summary>
    private bool IsCurrent(MeetingPage? sitting, DateTimeOffset now) =>
        sitting is not null && (sitting.End ?? EndOfBangkokDay(sitting.Start)) > now - TimeSpan.FromDays(options.RecentDays);

    /// <summary>The next <see cref="LiveMsbisOptions.PastRecheckPerRun"/> known sittings in list order, going round.</summary>
    private HashSet<string> PastSittingsToRecheck(IReadOnlyList<string> mids, DateTimeOffset now)
    {
        var past = mids.Where(m => _pages.TryGetLast<MeetingPage?>(DetailUrl(m), out var s) && !IsCurrent(s, now)).ToList();
        if (past.Count <= options.PastRecheckPerRun)
        {
            return [.. past];
        }

        var picked = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.PastRecheckPerRun; i++)
        {
            picked.Add(past[(_recheckCursor + i) % past.Count]);
        }

        _recheckCursor = (_recheckCursor + options.PastRecheckPerRun) % past.Count;
        return picked;
    }

    /// <summary>The sitting as it stands at <paramref name="now"/>, judged by its times only.</summary>
    internal static MeetingSnapshot Snapshot(MeetingPage page, DateTimeOffset now, Uri url)
    {
        var end = page.End ?? EndOfBangkokDay(page.Start);
        var state = now < page.Start ? MeetingLiveState.Scheduled
            : now < end ? MeetingLiveState.InSession
            : MeetingLiveState.Adjourned;
        // Votes show once the page shows them: MSBIS publishes vote sheets after the fact.
        return new MeetingSnapshot("msbis-" + page.SourceId, page, state, null,
            state == MeetingLiveState.Scheduled ? [] : page.Votes, SourceUrl: url);
    }

    private static DateTimeOffset EndOfBangkokDay(DateTimeOffset start)
    {
        var local = ThaiText.ToBangkok(start);
        return new DateTimeOffset(local.Date, local.Offset) + UntimedSitting;
    }

    private Uri DetailUrl(string mid) => new(string.Format(System.Globalization.CultureInfo.InvariantCulture, options.DetailUrlFormat, mid));

    /// <summary>The mids of a list page in row order, each once.</summary>
    internal static IReadOnlyList<string> ParseList(string html) =>
        ShowDetail().Matches(html).Select(m => m.Groups["mid"].Value).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Layout: each row of a meeting list opens its sitting with <c>show_detail(4132)</c> (in an onclick or a javascript: link).</summary>
    [GeneratedRegex(@"show_detail\(\s*['""]?(?<mid>[0-9]{1,9})['""]?\s*\)")]
    private static partial Regex ShowDetail();
}
