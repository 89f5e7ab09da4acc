using System.Globalization;
using Chantra.Domain.Library;
using Chantra.Search;

namespace Chantra.Functions.Library;

/// <summary>One library document as the API shows it (publishedOn: yyyy-MM-dd, Christian era).</summary>
public sealed record LibraryDocumentDto(
    string Id,
    string TitleTh,
    string? TitleEn,
    string Type,
    IReadOnlyList<string> Authors,
    string PublishedOn,
    string AbstractTh,
    string? AbstractEn,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> RelatedBills,
    string FileUrl,
    DateTimeOffset UpdatedAt)
{
    public static LibraryDocumentDto From(LibraryDocument d) => new(
        d.Id, d.TitleTh, d.TitleEn, d.Type, d.Authors, Day(d.PublishedOn), d.AbstractTh, d.AbstractEn, d.Tags, d.RelatedBills, d.FileUrl.AbsoluteUri, d.UpdatedAt);

    internal static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>One search result: the document's summary and a snippet of its abstract with «matches» marked; score only when searched.</summary>
public sealed record LibraryHitDto(
    string Id,
    string TitleTh,
    string? TitleEn,
    string Type,
    IReadOnlyList<string> Authors,
    string PublishedOn,
    IReadOnlyList<string> Tags,
    string FileUrl,
    string Snippet,
    float? Score)
{
    public static LibraryHitDto From(LibrarySearchHit h) => new(
        h.Document.Id, h.Document.TitleTh, h.Document.TitleEn, h.Document.Type, h.Document.Authors, LibraryDocumentDto.Day(h.Document.PublishedOn),
        h.Document.Tags, h.Document.FileUrl.AbsoluteUri, h.Snippet, h.Score);
}
