using Chantra.Domain.News;
using Chantra.Domain.Text;

namespace Chantra.Functions.News;

/// <summary>
/// A news item as the API shows it. The list carries the summary; one item also its full text
/// (<see cref="Description"/>, plain text with a blank line between paragraphs). Dates carry +07:00;
/// the <c>…Thai</c> fields are the Buddhist-era forms people read. The source is in Thai only.
/// </summary>
public sealed record NewsDto(
    string Id,
    string Category,
    string Title,
    DateTimeOffset PublishedAt,
    string PublishedAtThai,
    bool TimeGiven,
    string Summary,
    string? Description,
    string? ImageUrl,
    IReadOnlyList<string> Photos,
    bool Headline,
    DateTimeOffset UpdatedAt,
    string DeepLink)
{
    public static NewsDto From(NewsItem i, bool withDescription = false)
    {
        var published = Wire(i.PublishedAt);
        return new NewsDto(
            i.Id, i.Category, i.Title,
            published,
            i.TimeGiven ? ThaiText.ToBuddhistEraDateTime(published) : ThaiText.ToBuddhistEraDate(DateOnly.FromDateTime(published.DateTime)),
            i.TimeGiven,
            i.Summary(),
            withDescription ? i.Description : null,
            i.ImageUrl?.AbsoluteUri,
            i.Photos.Select(p => p.AbsoluteUri).ToList(),
            i.Headline,
            Wire(i.UpdatedAt),
            AppLink(i.Id));
    }

    /// <summary>The app's own link to an item.</summary>
    public static string AppLink(string newsId) => "chantra://news/" + Uri.EscapeDataString(newsId);

    /// <summary>Bangkok offset, whole seconds: the one form of a moment on the wire.</summary>
    private static DateTimeOffset Wire(DateTimeOffset moment)
    {
        var local = ThaiText.ToBangkok(moment);
        return local.AddTicks(-(local.Ticks % TimeSpan.TicksPerSecond));
    }
}
