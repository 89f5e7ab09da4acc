using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.News;
using Chantra.Domain.Text;
using Microsoft.AspNetCore.Http;

namespace Chantra.Functions.Feeds;

/// <summary>
/// Atom feeds (RFC 4287) of bill changes and news, for portals and feed readers. Every value comes from
/// the data, never from the clock, so the same data gives the same bytes (and the same ETag) and a poll
/// that finds nothing new costs a 304. Each entry links to its JSON in the API and to the app.
/// </summary>
public static class AtomFeeds
{
    public const string ContentType = "application/atom+xml; charset=utf-8";

    /// <summary>The media type of the app's deep links (<c>chantra://…</c>), so a reader can tell them from the API link.</summary>
    public const string AppLinkType = "application/x-chantra";

    public const string JsonType = "application/json";

    /// <summary>Entries per feed: what a reader shows usefully, and a bound on the answer's size.</summary>
    public const int MaxEntries = 50;

    /// <summary>The tag URI authority (RFC 4151) of ids that are not event ids: ours, dated from when the name was ours.</summary>
    public const string TagAuthority = "tag:chantra.senate.go.th,2026:";

    private const string Author = "จันทรา – วุฒิสภา";

    /// <summary>Where the API lives as the reader reached it: <c>https://host/api/</c>.</summary>
    public static Uri ApiBase(HttpRequest req)
    {
        var path = req.PathBase.Add(req.Path).Value ?? string.Empty;
        var at = path.IndexOf("/v1/", StringComparison.Ordinal);
        var root = at >= 0 ? path[..(at + 1)] : "/api/";
        var host = req.Host.HasValue ? req.Host.Value : "chantra.senate.go.th";
        var scheme = string.IsNullOrEmpty(req.Scheme) ? "https" : req.Scheme;
        return new Uri($"{scheme}://{host}{(root.StartsWith('/') ? root : "/" + root)}");
    }

    /// <summary>The feed's own address, as the reader reached it.</summary>
    public static Uri Self(HttpRequest req, Uri apiBase) =>
        new(apiBase, "/" + (req.PathBase.Add(req.Path).Value ?? string.Empty).TrimStart('/'));

    /// <summary>
    /// An entry id from an event id: <c>urn:uuid:…</c> when the id is 128 bits in hex (ours always are), so the
    /// same change has the same id in every feed; otherwise a tag URI naming the event.
    /// </summary>
    public static string EntryId(string eventId) =>
        eventId.Length == 32 && Guid.TryParseExact(eventId, "N", out var guid)
            ? "urn:uuid:" + guid.ToString("D")
            : TagAuthority + "events/" + Uri.EscapeDataString(eventId);

    /// <summary>A bill event (created, stage changed, updated) as an entry.</summary>
    public static SyndicationItem BillEventEntry(CloudEvent e, Uri apiBase)
    {
        var data = e.Data;
        var billId = Text(data, "billId") ?? e.Subject.Split('/', 2)[^1];
        var title = Text(data, "title") ?? billId;
        var knownStage = BillStageNames.TryParseStage(Text(data, "stage"), out var stage);
        var heading = e.Type switch
        {
            EventTypes.BillCreated => "ร่างกฎหมายใหม่",
            EventTypes.BillUpdated => "ปรับปรุงข้อมูล",
            _ when knownStage => stage.ToThai(),
            _ => "ความคืบหน้า",
        };
        var summary = Text(data, "statusText") ?? string.Empty;
        if (DateOnly.TryParseExact(Text(data, "occurredOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var on))
        {
            summary = $"{summary} ({ThaiText.ToBuddhistEraDate(on)})".Trim();
        }

        var item = Entry(EntryId(e.Id), $"{heading}: {title}", e.Time, summary);
        BillLinks(item, billId, apiBase);
        if (knownStage && Text(data, "stage") is { } wire)
        {
            item.Categories.Add(new SyndicationCategory(wire, "https://chantra.senate.go.th/stages", stage.ToThai()));
        }

        return item;
    }

    /// <summary>One step of a bill's timeline as an entry; its id names the bill and the step's place in the timeline.</summary>
    public static SyndicationItem TimelineEntry(BillState bill, TimelineStep step, Uri apiBase)
    {
        var summary = step.OccurredOn is { } on ? $"{step.StatusText} ({ThaiText.ToBuddhistEraDate(on)})" : step.StatusText;
        var item = Entry(
            $"{TagAuthority}bills/{Uri.EscapeDataString(bill.Id)}/steps/{step.Sequence.ToString(CultureInfo.InvariantCulture)}",
            $"{step.Stage.ToThai()}: {bill.Title}",
            step.ObservedAt,
            summary);
        if (step.OccurredOn is { } day)
        {
            item.PublishDate = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ThaiText.BangkokOffset);
        }

        BillLinks(item, bill.Id, apiBase);
        item.Categories.Add(new SyndicationCategory(step.Stage.ToWire(), "https://chantra.senate.go.th/stages", step.Stage.ToThai()));
        return item;
    }

    /// <summary>A news item as an entry: its summary, its full text, and its title image as an enclosure.</summary>
    public static SyndicationItem NewsEntry(NewsItem news, Uri apiBase)
    {
        var item = Entry($"{TagAuthority}news/{news.Id}", news.Title, news.UpdatedAt, news.Summary());
        item.PublishDate = Whole(news.PublishedAt);
        item.Content = new TextSyndicationContent(news.Description);
        item.Links.Add(Alternate(new Uri(apiBase, "v1/news/" + Uri.EscapeDataString(news.Id)), JsonType));
        item.Links.Add(Alternate(new Uri("chantra://news/" + Uri.EscapeDataString(news.Id)), AppLinkType));
        if (news.ImageUrl is { } image)
        {
            item.Links.Add(new SyndicationLink(image, "enclosure", null, ImageType(image), 0));
        }

        item.Categories.Add(new SyndicationCategory(news.Category));
        return item;
    }

    /// <summary>A feed of entries, newest first; updated when its newest entry was (or <paramref name="emptyUpdated"/> when it has none).</summary>
    public static SyndicationFeed Feed(string id, string title, Uri self, IReadOnlyList<SyndicationItem> items, DateTimeOffset emptyUpdated)
    {
        var feed = new SyndicationFeed(items)
        {
            Id = id,
            Title = new TextSyndicationContent(title),
            Language = "th",
            Generator = "Chantra",
            LastUpdatedTime = items.Count > 0 ? items.Max(i => i.LastUpdatedTime) : Whole(emptyUpdated),
        };
        feed.Authors.Add(new SyndicationPerson { Name = Author });
        feed.Links.Add(SyndicationLink.CreateSelfLink(self, "application/atom+xml"));
        return feed;
    }

    /// <summary>The feed's bytes: UTF-8 without a BOM.</summary>
    public static byte[] Write(SyndicationFeed feed)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }

        return buffer.ToArray();
    }

    private static SyndicationItem Entry(string id, string title, DateTimeOffset updated, string summary)
    {
        var item = new SyndicationItem
        {
            Id = id,
            Title = new TextSyndicationContent(title),
            LastUpdatedTime = Whole(updated),
        };
        if (summary.Length > 0)
        {
            item.Summary = new TextSyndicationContent(summary);
        }

        return item;
    }

    /// <summary>The bill's JSON in the API and the bill in the app, both alternates of the entry (of different types, as RFC 4287 allows).</summary>
    private static void BillLinks(SyndicationItem item, string billId, Uri apiBase)
    {
        item.Links.Add(Alternate(new Uri(apiBase, "v1/bills/" + Uri.EscapeDataString(billId)), JsonType));
        item.Links.Add(Alternate(new Uri("chantra://bills/" + Uri.EscapeDataString(billId)), AppLinkType));
    }

    private static SyndicationLink Alternate(Uri href, string type) => new(href, "alternate", null, type, 0);

    /// <summary>Bangkok time, whole seconds: the one form of a moment in the feeds.</summary>
    private static DateTimeOffset Whole(DateTimeOffset moment)
    {
        var local = ThaiText.ToBangkok(moment);
        return local.AddTicks(-(local.Ticks % TimeSpan.TicksPerSecond));
    }

    private static string? ImageType(Uri image) => Path.GetExtension(image.AbsolutePath).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        _ => null,
    };

    private static string? Text(JsonObject data, string name) =>
        data[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;
}
