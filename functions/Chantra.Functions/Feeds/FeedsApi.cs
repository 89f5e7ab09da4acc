using Chantra.Domain.Bills;
using Chantra.Domain.Devices;
using Chantra.Domain.Events;
using Chantra.Domain.News;
using Chantra.Functions.Bills;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Chantra.Functions.Feeds;

/// <summary>
/// Atom feeds for portals and feed readers: every bill change, one bill's timeline, the bill changes of
/// one ministry, and the news. Bill changes come from the change log (its newest-first streams), so a
/// change has the same entry id here as its event has in <c>GET /api/v1/changes</c>.
/// </summary>
public sealed class FeedsApi(IChangeLog changes, IBillCatalog bills, INewsCatalog news)
{
    // Readers poll every few minutes; a minute of caching spares storage when many poll at once.
    private const string FeedCache = "public, max-age=60, must-revalidate";

    [Function(nameof(GetBillsFeed))]
    public async Task<IActionResult> GetBillsFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/feeds/bills")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var events = await changes.ReadLatestAsync(ChangeStreams.Bills, AtomFeeds.MaxEntries, cancellationToken);
        var api = AtomFeeds.ApiBase(req);
        var feed = AtomFeeds.Feed(
            AtomFeeds.TagAuthority + "feeds/bills",
            "ความเคลื่อนไหวของร่างกฎหมาย – จันทรา",
            AtomFeeds.Self(req, api),
            events.Select(e => AtomFeeds.BillEventEntry(e, api)).ToList(),
            DateTimeOffset.UnixEpoch);
        return new ContentApiResult(AtomFeeds.Write(feed), AtomFeeds.ContentType, FeedCache);
    }

    [Function(nameof(GetBillFeed))]
    public async Task<IActionResult> GetBillFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/feeds/bills/{id}")] HttpRequest req,
        string id,
        CancellationToken cancellationToken)
    {
        var bill = BillQueryParser.IsPlausibleId(id) ? await bills.GetAsync(id, cancellationToken) : null;
        if (bill is null)
        {
            return ProblemResult.NotFound($"There is no bill '{Shorten(id)}'.", $"ไม่พบร่างกฎหมาย '{Shorten(id)}'");
        }

        var api = AtomFeeds.ApiBase(req);
        var entries = bill.Timeline
            .OrderByDescending(s => s.Sequence)
            .Take(AtomFeeds.MaxEntries)
            .Select(s => AtomFeeds.TimelineEntry(bill.State, s, api))
            .ToList();
        var feed = AtomFeeds.Feed(
            $"{AtomFeeds.TagAuthority}feeds/bills/{Uri.EscapeDataString(bill.State.Id)}",
            bill.State.Title,
            AtomFeeds.Self(req, api),
            entries,
            bill.State.UpdatedAt);
        return new ContentApiResult(AtomFeeds.Write(feed), AtomFeeds.ContentType, FeedCache);
    }

    [Function(nameof(GetMinistryBillsFeed))]
    public async Task<IActionResult> GetMinistryBillsFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/feeds/ministries/{code}/bills")] HttpRequest req,
        string code,
        CancellationToken cancellationToken)
    {
        if (code is null || !Ministries.All.TryGetValue(code, out var ministry))
        {
            return ProblemResult.NotFound($"There is no ministry '{Shorten(code ?? string.Empty)}'.", $"ไม่พบกระทรวง '{Shorten(code ?? string.Empty)}'");
        }

        var events = await changes.ReadLatestAsync(ChangeStreams.Ministry(code), AtomFeeds.MaxEntries, cancellationToken);
        var api = AtomFeeds.ApiBase(req);
        var feed = AtomFeeds.Feed(
            $"{AtomFeeds.TagAuthority}feeds/ministries/{code}/bills",
            $"ร่างกฎหมายของ{ministry.Thai} – จันทรา",
            AtomFeeds.Self(req, api),
            events.Select(e => AtomFeeds.BillEventEntry(e, api)).ToList(),
            DateTimeOffset.UnixEpoch);
        return new ContentApiResult(AtomFeeds.Write(feed), AtomFeeds.ContentType, FeedCache);
    }

    [Function(nameof(GetNewsFeed))]
    public async Task<IActionResult> GetNewsFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/feeds/news")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var page = await news.QueryAsync(new NewsQuery(PageSize: AtomFeeds.MaxEntries), cancellationToken);
        var api = AtomFeeds.ApiBase(req);
        var feed = AtomFeeds.Feed(
            AtomFeeds.TagAuthority + "feeds/news",
            "ข่าววุฒิสภา – จันทรา",
            AtomFeeds.Self(req, api),
            page.Items.Select(i => AtomFeeds.NewsEntry(i, api)).ToList(),
            DateTimeOffset.UnixEpoch);
        return new ContentApiResult(AtomFeeds.Write(feed), AtomFeeds.ContentType, FeedCache);
    }

    private static string Shorten(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
