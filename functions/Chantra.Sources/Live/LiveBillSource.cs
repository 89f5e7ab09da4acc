using System.Globalization;
using System.Text.RegularExpressions;
using Chantra.Domain.Bills;
using Chantra.Domain.Sources;
using Chantra.Sources.Live.Http;
using Microsoft.Extensions.Logging;

namespace Chantra.Sources.Live;

/// <summary>Where the live bill source reads (configuration section <c>Sources:Bills:Live</c>).</summary>
public sealed class LiveBillOptions
{
    /// <summary>
    /// First pages of the LIS lists to follow, e.g.
    /// <c>https://lis.parliament.go.th/index/search_advance_detail.php?S_SYSTEM=3&amp;S_SAPA_NO=26&amp;SEARCH_DATA=Y&amp;offset=0</c>
    /// (bills of the 26th House; 4 budget bills, 5 emergency decrees). Later pages move <c>offset</c> by <see cref="LisPageSize"/>.
    /// </summary>
    public IList<Uri> LisListUrls { get; } = [];

    /// <summary>More of <see cref="LisListUrls"/> as one space-separated setting (<c>Sources__Bills__Live__LisListUrlList</c>).</summary>
    public string? LisListUrlList
    {
        get => null;
        set => SourceUrls.AddTo(LisListUrls, value);
    }

    /// <summary>Layout: LIS lists 50 bills a page.</summary>
    public int LisPageSize { get; set; } = 50;

    /// <summary>
    /// Detail pages of known bills, whose list row is unchanged, asked again each run (going round the list).
    /// The polite rate (one request a second per host) makes asking every one of ~1,500 bills' pages a
    /// 25-minute run; new bills and bills whose row changed are always read. Null: every detail, every run.
    /// </summary>
    public int? DetailRecheckPerRun { get; set; } = 200;

    /// <summary>
    /// At most this many LIS detail pages a run, so a run ends well within the function's timeout (host.json:
    /// 10 minutes) at the polite rate. A fresh instance reads the rest in the next runs; until then the
    /// read is partial (<see cref="IIncrementalBillSource"/>) and those bills wait, unchanged.
    /// </summary>
    public int MaxDetailReadsPerRun { get; set; } = 400;

    /// <summary>LIS is believed UTF-8; null lets the response's charset (or sniffing) decide.</summary>
    public string? LisEncoding { get; set; }

    /// <summary>The Senate's draft-bill list; <c>page={n}</c> is set for each page. Null or empty: the list is not read.</summary>
    public Uri? SenateListUrl { get; set; } = new("http://web.senate.go.th/w3c/senate/lawdraft/index.php?kw=&page=1&orby=&orrg=ASC");

    /// <summary>The Senate list's encoding is unknown: null lets the response's charset (or sniffing) decide.</summary>
    public string? SenateEncoding { get; set; }

    /// <summary>Royal Gazette monthly listings to check enacted bills against (the latest months). Empty: not read.</summary>
    public IList<Uri> GazetteListingUrls { get; } = [];

    /// <summary>More of <see cref="GazetteListingUrls"/> as one space-separated setting (<c>Sources__Bills__Live__GazetteListingUrlList</c>).</summary>
    public string? GazetteListingUrlList
    {
        get => null;
        set => SourceUrls.AddTo(GazetteListingUrls, value);
    }

    /// <summary>A bound on pages followed per list, should a site stop telling the last page.</summary>
    public int MaxListPages { get; set; } = 60;
}

/// <summary>
/// The live bills: LIS (list, then each bill's detail page) merged with the Senate's draft-bill list,
/// enactments confirmed by the Royal Gazette listing. One bill per real bill, whichever source shows it
/// (<see cref="BillSourceMerger"/>, ids kept in <see cref="IBillIdentityStore"/>); each step names its source.
/// </summary>
/// <remarks>
/// <para>Every page goes through <see cref="ParsedPageReader"/>: an unchanged page (304) costs neither a
/// parse nor a write. LIS is the primary source: when its lists cannot be read or have changed layout the
/// whole read fails, so the scrape keeps the last good data and removes nothing. A bill's detail page that
/// fails is replaced by its last parse. The Senate list and the Gazette listing each fail on their own: the
/// read goes on with their last good result and their health row says what is wrong; with no good result
/// yet in this instance the read fails, rather than publish bills without their Senate steps.</para>
/// </remarks>
public sealed partial class LiveBillSource : IIncrementalBillSource
{
    public const string SenateStatusSource = SenateDraftBillListParser.SourceName;
    public const string GazetteSource = RoyalGazetteListingParser.SourceName;

    /// <summary>The step each Senate-list document stands for, in the words the classifier and LIS use.</summary>
    internal static readonly IReadOnlyDictionary<SenateBillDocument, string> DocumentSteps = new Dictionary<SenateBillDocument, string>
    {
        [SenateBillDocument.FirstReadingResult] = LisBillDetailParser.SenateAcceptedText,
        [SenateBillDocument.CommitteeReport] = LisBillDetailParser.SenateCommitteeDoneText,
        [SenateBillDocument.DraftAsApproved] = LisBillDetailParser.SenateApprovedText,
        [SenateBillDocument.RoyalGazette] = LisBillDetailParser.GazetteText,
    };

    private static readonly BillStatusClassifier Classifier = new();

    private readonly LiveBillOptions _options;
    private readonly IBillIdentityStore _identities;
    private readonly BillSourceMerger _merger;
    private readonly ISourceHealthStore _health;
    private readonly TimeProvider _time;
    private readonly ILogger<LiveBillSource> _logger;
    private readonly ParsedPageReader _lis;
    private readonly ParsedPageReader _senate;
    private readonly ParsedPageReader _gazette;
    private readonly Dictionary<string, SubSourceState> _subSources = new(StringComparer.Ordinal);

    /// <summary>Each LIS bill's list row and the last parse of its detail page.</summary>
    private readonly Dictionary<string, (LisBillRow Row, LisBillDetail? Detail)> _lisDetails = new(StringComparer.Ordinal);
    private int _recheckCursor;

    public LiveBillSource(
        LiveBillOptions options,
        ISourcePageFetcher fetcher,
        IBillIdentityStore identities,
        BillSourceMerger merger,
        TimeProvider time,
        ILogger<LiveBillSource> logger,
        ISourceHealthStore health)
    {
        _options = options;
        _identities = identities;
        _merger = merger;
        _health = health;
        _time = time;
        _logger = logger;
        // LIS is the primary source: its page counts go on the row the bill scrape keeps (bills-live).
        _lis = new ParsedPageReader(SourceName, fetcher, time, logger, health);
        _senate = new ParsedPageReader(SenateStatusSource, fetcher, time, logger, health);
        _gazette = new ParsedPageReader(GazetteSource, fetcher, time, logger, health);
    }

    public const string SourceName = "bills-live";

    public string Name => SourceName;

    /// <summary>Whether the last read left out LIS bills whose detail page is not read yet.</summary>
    public bool LastReadWasPartial { get; private set; }

    /// <summary>Pages parsed across LIS, the Senate list and the Gazette since start: what a 304 saves.</summary>
    public long ParseCount => _lis.ParseCount + _senate.ParseCount + _gazette.ParseCount;

    public async Task<IReadOnlyList<BillSnapshot>> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var lis = await ReadLisAsync(cancellationToken);
            var senate = await ReadOnItsOwnAsync(SenateStatusSource, _options.SenateListUrl is not { IsAbsoluteUri: true }, ReadSenateAsync, cancellationToken);
            var gazette = await ReadOnItsOwnAsync(GazetteSource, _options.GazetteListingUrls.Count == 0, ReadGazetteAsync, cancellationToken);
            return await MergeAsync(lis, senate ?? [], gazette ?? [], cancellationToken);
        }
        finally
        {
            await _lis.ReportCountsAsync(cancellationToken);
            await _senate.ReportCountsAsync(cancellationToken);
            await _gazette.ReportCountsAsync(cancellationToken);
        }
    }

    private async Task<IReadOnlyList<BillSnapshot>> MergeAsync(
        IReadOnlyList<SourcedBill> lis, IReadOnlyList<SourcedBill> senate, IReadOnlyList<GazetteEntry> gazette, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var aliases = await _identities.GetAliasesAsync(cancellationToken);
            var merge = _merger.Merge(lis, senate, aliases);
            try
            {
                if (merge.NewAliases.Count > 0)
                {
                    await _identities.AddAliasesAsync(merge.NewAliases, cancellationToken);
                }
            }
            catch (BillIdentityConflictException) when (attempt < 3)
            {
                continue; // Another scrape named some of these bills meanwhile: its names win.
            }

            if (merge.Unmatched.Count > 0)
            {
                _logger.LogInformation("{Count} bills of the Senate's list match no LIS bill; they are bills of their own", merge.Unmatched.Count);
            }

            // Bills with no step at all are LIS bills waiting for their detail page: left out until it is read.
            var bills = merge.Bills.Where(b => b.Steps.Count > 0);
            return (gazette.Count == 0 ? bills : bills.Select(b => ConfirmEnactment(b, gazette))).ToList();
        }
    }

    /// <summary>
    /// A bill that passed Parliament whose act the Gazette listing shows: the Gazette step, dated and
    /// linked to the act, unless LIS gave it with its day already. Only bills past Parliament are checked:
    /// competing drafts share one title, and only the one that passed can have become the act.
    /// </summary>
    private BillSnapshot ConfirmEnactment(BillSnapshot bill, IReadOnlyList<GazetteEntry> gazette)
    {
        var stages = bill.Steps.Select(s => (Step: s, Classifier.Classify(s.StatusText).Stage)).ToList();
        if (stages.Any(s => s.Stage == BillStage.Gazette && s.Step.OccurredOn is not null))
        {
            // LIS has the publication with its day already: the listing confirms it, and a day's difference
            // between the two must not make a second step (and a second push).
            return bill;
        }

        var passed = stages.Where(s => s.Stage is BillStage.RoyalAssent or BillStage.Gazette).Select(s => s.Step).ToList();
        // An act published before Parliament passed the bill is an earlier amendment of the same law.
        var passedOn = passed.Select(s => s.OccurredOn).Where(d => d is not null).DefaultIfEmpty().Min();
        if (passed.Count == 0 || RoyalGazetteListingParser.FindEnactment(gazette, bill.Title, passedOn) is not { } act)
        {
            return bill;
        }

        var step = new SourceStep(LisBillDetailParser.GazetteText, act.PublishedOn, act.Url.AbsoluteUri, Source: GazetteSource);
        return bill with { Steps = BillSourceMerger.MergeSteps(bill.Steps, [step]) };
    }

    private async Task<IReadOnlyList<SourcedBill>> ReadLisAsync(CancellationToken cancellationToken)
    {
        if (_options.LisListUrls.Count == 0)
        {
            throw new SourceUnavailableException(LisBillListParser.SourceName, "no LIS lists are configured (Sources__Bills__Live__LisListUrlList)");
        }

        var rows = new List<LisBillRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var list in _options.LisListUrls)
        {
            for (var page = 0; page < _options.MaxListPages; page++)
            {
                var url = SourceUrls.WithQuery(list, "offset", page * _options.LisPageSize);
                var parsed = await _lis.ReadAsync(url, _options.LisEncoding, html => LisBillListParser.Parse(html, url), p => p.Rows.Count, PageFailurePolicy.Fail, cancellationToken);
                if (page == 0 && parsed.Rows.Count == 0)
                {
                    // Layout: a configured list always has bills; none at all means the rows changed shape.
                    throw new SourceLayoutException(LisBillListParser.SourceName, $"{url}: no bills on the first page of the list");
                }

                rows.AddRange(parsed.Rows.Where(r => seen.Add(r.DocId)));
                if (parsed.Rows.Count < _options.LisPageSize || (parsed.Total is { } total && (page + 1) * _options.LisPageSize >= total))
                {
                    break;
                }
            }
        }

        // New bills first, then changed rows, then the ones whose turn it is, within the run's budget.
        var recheck = DetailsToRecheck(rows);
        var toRead = rows
            .Select(r => (Row: r, Priority: !_lisDetails.TryGetValue(r.DocId, out var k) ? 0 : k.Row != r ? 1 : recheck.Contains(r.DocId) ? 2 : 3))
            .Where(r => r.Priority < 3)
            .OrderBy(r => r.Priority)
            .Select(r => r.Row)
            .Take(_options.MaxDetailReadsPerRun)
            .ToList();
        foreach (var row in toRead)
        {
            var detail = await _lis.ReadAsync(row.DetailUrl, _options.LisEncoding, html => LisBillDetailParser.Parse(row.DocId, html, row.DetailUrl),
                d => d is null ? 0 : 1, PageFailurePolicy.UseLastParse, cancellationToken);
            _lisDetails[row.DocId] = (row, detail);
        }

        // A bill whose detail was never read (a fresh instance, beyond the budget) takes part in matching by its
        // title but is left out of this read: a step from its list row would not be the step LIS's detail gives.
        var bills = new List<SourcedBill>(rows.Count);
        var unread = 0;
        foreach (var row in rows)
        {
            if (_lisDetails.TryGetValue(row.DocId, out var known))
            {
                bills.Add(FromLis(row, known.Detail));
            }
            else
            {
                unread++;
                bills.Add(FromLis(row, null) with { Steps = [] });
            }
        }

        LastReadWasPartial = unread > 0;
        if (unread > 0)
        {
            _logger.LogInformation("{Count} LIS bills wait for their detail page to be read in a later run", unread);
        }

        return bills;
    }

    /// <summary>
    /// Which known bills whose list row is unchanged get their detail page asked again this run: the next
    /// <see cref="LiveBillOptions.DetailRecheckPerRun"/> in list order, going round, so every detail is
    /// asked again every few runs (a vote can be added without the list's status changing). New bills
    /// and bills whose row changed are read anyway.
    /// </summary>
    private HashSet<string> DetailsToRecheck(IReadOnlyList<LisBillRow> rows)
    {
        if (_options.DetailRecheckPerRun is not { } perRun || perRun >= rows.Count)
        {
            return [.. rows.Select(r => r.DocId)];
        }

        var picked = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < perRun; i++)
        {
            picked.Add(rows[(_recheckCursor + i) % rows.Count].DocId);
        }

        _recheckCursor = (_recheckCursor + perRun) % rows.Count;
        return picked;
    }

    internal static SourcedBill FromLis(LisBillRow row, LisBillDetail? detail)
    {
        // Without a detail (LIS's empty template) the list's status is all there is: a step with no day.
        IReadOnlyList<SourceStep> steps = detail is { Steps.Count: > 0 }
            ? detail.Steps.Select(s => s with { Source = LisBillListParser.SourceName }).ToList()
            : NullIfEmpty(row.Status) is { } status && status != "-"
                ? [new SourceStep(status, null, row.DetailUrl.AbsoluteUri, Source: LisBillListParser.SourceName)]
                : [];
        return new SourcedBill(LisBillListParser.SourceName, row.DocId, detail?.AcceptanceNumber ?? NullIfEmpty(row.AcceptanceNumber),
            detail?.Title is { Length: > 0 } title ? title : row.Title, detail?.Proposer ?? NullIfEmpty(row.Proposer), row.DetailUrl.AbsoluteUri, steps);
    }

    private async Task<IReadOnlyList<SourcedBill>> ReadSenateAsync(CancellationToken cancellationToken)
    {
        var bills = new List<SourcedBill>();
        var lastPage = 1;
        for (var page = 1; page <= lastPage && page <= _options.MaxListPages; page++)
        {
            var url = SourceUrls.WithQuery(_options.SenateListUrl!, "page", page);
            var parsed = await _senate.ReadAsync(url, _options.SenateEncoding, html => SenateDraftBillListParser.Parse(html, url), p => p.Bills.Count, PageFailurePolicy.Fail, cancellationToken);
            if (page == 1 && parsed.Bills.Count == 0)
            {
                throw new SourceLayoutException(SenateStatusSource, $"{url}: no bills on the first page of the list");
            }

            lastPage = parsed.LastPage;
            bills.AddRange(parsed.Bills.Select(b => FromSenate(b, url)));
        }

        return bills;
    }

    internal static SourcedBill FromSenate(SenateDraftBill bill, Uri page)
    {
        var steps = new List<SourceStep>();
        foreach (var (document, text) in DocumentSteps)
        {
            if (bill.Documents.TryGetValue(document, out var pdf))
            {
                steps.Add(new SourceStep(text, null, pdf.AbsoluteUri, Source: SenateStatusSource));
            }
        }

        if (bill.Status.Length > 0)
        {
            steps.Add(new SourceStep(bill.Status, null, page.AbsoluteUri, Source: SenateStatusSource));
        }

        // Keyed by its title, which every row has from the start (its PDF id comes with its first document, and
        // a key that changed would make a second bill); named after the PDF id when there is one.
        var key = "t" + BillSourceMerger.SafeId("title:" + BillTitleKey.Of(bill.Title));
        return new SourcedBill(SenateStatusSource, key, null, bill.Title, NullIfEmpty(bill.Proposer), page.AbsoluteUri, steps, IdHint: bill.Id);
    }

    private async Task<IReadOnlyList<GazetteEntry>> ReadGazetteAsync(CancellationToken cancellationToken)
    {
        var entries = new List<GazetteEntry>();
        foreach (var url in _options.GazetteListingUrls)
        {
            entries.AddRange(await _gazette.ReadAsync(url, null, html => RoyalGazetteListingParser.Parse(html, url), e => e.Count, PageFailurePolicy.Fail, cancellationToken));
        }

        return entries;
    }

    /// <summary>
    /// Reads a secondary source through its own <see cref="SourcePass"/> (the scrapes' shared guard: unhealthy on
    /// a layout change, an unreachable site or far fewer items; health written when due). When it fails its last
    /// good result stands in; with none in this instance, the whole read fails.
    /// </summary>
    private async Task<IReadOnlyList<T>?> ReadOnItsOwnAsync<T>(
        string name, bool disabled, Func<CancellationToken, Task<IReadOnlyList<T>>> read, CancellationToken cancellationToken)
    {
        if (disabled)
        {
            return null;
        }

        if (!_subSources.TryGetValue(name, out var state))
        {
            _subSources[name] = state = new SubSourceState(new SourcePass(name, _health, _time, _logger));
        }

        if (await state.Pass.ReadAsync(read, r => r.Count, static () => false, cancellationToken) is not { } result)
        {
            return state.LastGood as IReadOnlyList<T>
                ?? throw new SourceUnavailableException(Name, $"{name} has no good read yet in this instance: {state.Pass.LastFailure}");
        }

        await state.Pass.SucceededAsync(result.Count, changed: false, partial: false, cancellationToken);
        state.LastGood = result;
        // The words the unhealthy-source alert (bicep/modules/alerts.bicep) counts as a pass of this source.
        _logger.LogInformation("Scrape of {Source}: {Count} items read", name, result.Count);
        return result;
    }

    /// <param name="Pass">Reading the secondary source and keeping its health row.</param>
    private sealed record SubSourceState(SourcePass Pass)
    {
        public object? LastGood { get; set; }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
