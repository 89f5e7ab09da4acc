using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Chantra.Domain.Events;
using Chantra.Domain.Text;

namespace Chantra.Domain.News;

/// <summary>
/// Turns what the source says of an item into the item we store, and compares it with what we stored:
/// <see cref="EventTypes.NewsPublished"/> once per item ever (its id depends only on the item), and
/// <see cref="EventTypes.NewsUpdated"/> per distinct later content. Pure apart from the time it is given,
/// so two overlapping scrapes compute the same events and the store's version check lets one land.
/// </summary>
public sealed class NewsChangeDetector
{
    /// <summary>The item as we keep it (first seen and updated now; the store keeps the first-seen time of an older copy).</summary>
    public static NewsItem Build(NewsEntry e, bool headline, DateTimeOffset now)
    {
        var item = new NewsItem(
            NewsItem.IdOf(e.Category, e.Title, e.PublishedAt), e.Category, e.Title, ThaiText.ToBangkok(e.PublishedAt), e.TimeGiven,
            e.Description, e.ImageUrl, e.Photos, headline, now, now, string.Empty);
        return item with { Fingerprint = Fingerprint(item) };
    }

    /// <summary>A hash of what the source says of an item (not when we saw it, nor the headline setting): equal hashes mean nothing to do.</summary>
    public static string Fingerprint(NewsItem i)
    {
        var sb = new StringBuilder()
            .Append(i.Category).Append('\u001F').Append(i.Title).Append('\u001F')
            .Append(i.PublishedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).Append('\u001F').Append(i.TimeGiven).Append('\u001F')
            .Append(i.Description).Append('\u001F').Append(i.ImageUrl?.AbsoluteUri);
        foreach (var photo in i.Photos)
        {
            sb.Append('\u001E').Append(photo.AbsoluteUri);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())).AsSpan(0, 16));
    }

    /// <summary>The change to write, or null when the stored item already says it all.</summary>
    /// <param name="backfill">
    /// The store held no item before this pass (a first load): new items are recorded and published, but
    /// marked so that nobody is pushed about the whole back catalogue at once.
    /// </param>
    public NewsChange? Detect(StoredNewsItem? stored, NewsItem seen, bool backfill)
    {
        var before = stored?.Item;
        if (before is not null && before.Fingerprint == seen.Fingerprint)
        {
            return null;
        }

        var subject = "news/" + seen.Id;
        if (before is null)
        {
            var published = new CloudEvent(
                CloudEvent.DeterministicId(subject, EventTypes.NewsPublished), EventTypes.Source, EventTypes.NewsPublished, subject, seen.UpdatedAt, Data(seen, backfill));
            return new NewsChange(seen, [published], null);
        }

        // Keep when we first saw it; the rest is what the source says now.
        var item = seen with { FirstSeenAt = before.FirstSeenAt };
        var updated = new CloudEvent(
            CloudEvent.DeterministicId(subject, EventTypes.NewsUpdated, seen.Fingerprint), EventTypes.Source, EventTypes.NewsUpdated, subject, seen.UpdatedAt, Data(item, backfill: false));
        return new NewsChange(item, [updated], stored!.Version);
    }

    private static JsonObject Data(NewsItem i, bool backfill) => new()
    {
        ["newsId"] = i.Id,
        ["category"] = i.Category,
        ["title"] = i.Title,
        ["publishedAt"] = ThaiText.ToBangkok(i.PublishedAt).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        ["headline"] = i.Headline,
        ["backfill"] = backfill,
        ["imageUrl"] = i.ImageUrl?.AbsoluteUri,
    };
}
