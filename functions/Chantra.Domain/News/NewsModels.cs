using System.Security.Cryptography;
using System.Text;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.Text;

namespace Chantra.Domain.News;

/// <summary>What the source says of one news item, cleaned by its parser.</summary>
/// <param name="Category">The category's name as the source gives it (<c>news</c>), whitespace collapsed.</param>
/// <param name="Title">The title, tags stripped, whitespace collapsed, digits as typed.</param>
/// <param name="PublishedAt">The item's date (and time when given), Bangkok time (+07:00).</param>
/// <param name="TimeGiven">The source gave a time of day (false: <see cref="PublishedAt"/> is at midnight only to carry the date).</param>
/// <param name="Description">Plain text: tags stripped, entities decoded, paragraphs separated by a blank line.</param>
/// <param name="ImageUrl">The title image (<c>news_imgtitle</c>), absolute; null when there is none.</param>
/// <param name="Photos">The photos <c>img_1..3</c>, absolute, in order, without repeats.</param>
public sealed record NewsEntry(
    string Category,
    string Title,
    DateTimeOffset PublishedAt,
    bool TimeGiven,
    string Description,
    Uri? ImageUrl,
    IReadOnlyList<Uri> Photos);

/// <summary>One read of a news source: the items of the shown categories, and those categories in the source's order.</summary>
public sealed record NewsRead(IReadOnlyList<NewsEntry> Items, IReadOnlyList<string> ShownCategories);

/// <summary>A news item as we store and serve it.</summary>
/// <param name="Id">
/// The source gives items no id, so ours is a hash of category, title and day (<see cref="IdOf"/>): stable across
/// scrapes, and a retitled item is a new item.
/// </param>
/// <param name="Headline">Whether the item's category was a headline category when it was last stored (<see cref="NewsOptions"/>).</param>
/// <param name="FirstSeenAt">When a scrape first stored the item.</param>
/// <param name="UpdatedAt">When a scrape last changed it.</param>
public sealed record NewsItem(
    string Id,
    string Category,
    string Title,
    DateTimeOffset PublishedAt,
    bool TimeGiven,
    string Description,
    Uri? ImageUrl,
    IReadOnlyList<Uri> Photos,
    bool Headline,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset UpdatedAt,
    string Fingerprint)
{
    /// <summary>
    /// The id of an item: the first 8 bytes of SHA-256 over the normalised category, title and Bangkok day, in hex.
    /// Normalised (Arabic digits, single spaces) so that a source retyping ๒๕ as 25 does not make a new item;
    /// the day, not the time, so a corrected time of day is an update, not a new item.
    /// </summary>
    public static string IdOf(string category, string title, DateTimeOffset publishedAt)
    {
        var day = ThaiText.ToBangkok(publishedAt).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var text = ThaiText.Normalize(category) + "\u001F" + ThaiText.Normalize(title) + "\u001F" + day;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
    }

    /// <summary>The first lines of the description, cut at a word boundary near <paramref name="max"/> characters.</summary>
    public string Summary(int max = 200)
    {
        var text = Description.Replace("\n\n", " ", StringComparison.Ordinal).Replace('\n', ' ');
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max - 1);
        return string.Concat(text.AsSpan(0, cut > max / 2 ? cut : max - 1), "…");
    }
}

/// <summary>A stored item, with the ids of its events not yet published and its version (ETag).</summary>
public sealed record StoredNewsItem(NewsItem Item, IReadOnlyList<string> PendingEventIds, string Version);

/// <summary>What one scrape changes of an item.</summary>
/// <param name="ExpectedVersion">The version the change was computed from (null: the item is new).</param>
public sealed record NewsChange(NewsItem Item, IReadOnlyList<CloudEvent> Events, string? ExpectedVersion);

/// <summary>Settings of news (configuration section <c>News</c>).</summary>
public sealed class NewsOptions
{
    public const string Section = "News";

    /// <summary>
    /// Categories whose new items are pushed to the <c>news</c> tag, by name as the source gives them
    /// (compared with digits and spaces normalised). Empty (the default): the first shown category of the
    /// feed. The documented structure names no categories, only their order, and a feed of this kind
    /// lists its main category first; set this once the live category names are known.
    /// </summary>
    public string[] HeadlineCategories { get; set; } = [];

    /// <summary>Whether a category is a headline one, given the shown categories of the read in order.</summary>
    public bool IsHeadline(string category, IReadOnlyList<string> shownCategories)
    {
        var name = ThaiText.Normalize(category);
        if (HeadlineCategories.Length > 0)
        {
            return HeadlineCategories.Any(h => ThaiText.Normalize(h) == name);
        }

        return shownCategories.Count > 0 && ThaiText.Normalize(shownCategories[0]) == name;
    }
}

/// <summary>
/// A source of news: the replay of a news XML file now; the Senate's mobile news XML later.
/// Throws <see cref="Sources.SourceLayoutException"/> when the feed no longer has the layout its parser knows.
/// </summary>
public interface INewsSource
{
    /// <summary>A short stable name for logs and source health (e.g. <c>news-replay</c>).</summary>
    string Name { get; }

    Task<NewsRead> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The write side of news storage: one partition per item holding its state and its outbox, changed
/// together in one transaction guarded by the state's version, so an event is never lost.
/// </summary>
public interface INewsStore : IOutboxStore
{
    /// <summary>Every item's fingerprint, so a scrape skips unchanged items without reading them.</summary>
    Task<IReadOnlyDictionary<string, string>> GetFingerprintsAsync(CancellationToken cancellationToken);

    Task<StoredNewsItem?> GetAsync(string newsId, CancellationToken cancellationToken);

    Task<CommitOutcome> CommitAsync(NewsChange change, CancellationToken cancellationToken);

    /// <summary>Brings the read model (list, by category) up to the item's stored state.</summary>
    Task RefreshReadModelAsync(string newsId, CancellationToken cancellationToken);
}

/// <summary>Filters of the news list; all optional.</summary>
/// <param name="Category">Only this category (by name, compared normalised).</param>
public sealed record NewsQuery(string? Category = null, int PageSize = 25, string? ContinuationToken = null);

/// <summary>One page of items, newest first, and the token for the next (null on the last page).</summary>
public sealed record NewsPage(IReadOnlyList<NewsItem> Items, string? ContinuationToken);

/// <summary>The read side of news storage, for the HTTP API and the feed.</summary>
public interface INewsCatalog
{
    /// <summary>Items newest first. Throws <see cref="InvalidContinuationTokenException"/> for a token we did not issue for these filters.</summary>
    Task<NewsPage> QueryAsync(NewsQuery query, CancellationToken cancellationToken);

    Task<NewsItem?> GetAsync(string newsId, CancellationToken cancellationToken);
}
