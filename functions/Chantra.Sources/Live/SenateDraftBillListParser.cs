using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Chantra.Domain.Sources;

namespace Chantra.Sources.Live;

/// <summary>The documents a row of the Senate's draft-bill list links to, in the list's column order.</summary>
public enum SenateBillDocument
{
    DraftFirstReading,
    FirstReadingResult,
    CommitteeReport,
    DraftAsApproved,
    CommitteeObservations,
    ActionOnObservations,
    RoyalGazette,
}

/// <summary>One row of the list: a bill before the Senate and the PDFs published for it so far.</summary>
/// <param name="Id">The PDF file name before its first <c>-</c> or <c>.</c> (the site's own id), from the first link.</param>
public sealed record SenateDraftBill(string? Id, string Title, string Proposer, string Status, IReadOnlyDictionary<SenateBillDocument, Uri> Documents)
{
    /// <summary>A committee report link means the Senate committee has finished.</summary>
    public bool CommitteeFinished => Documents.ContainsKey(SenateBillDocument.CommitteeReport);

    /// <summary>A Gazette link means the law was published.</summary>
    public bool Published => Documents.ContainsKey(SenateBillDocument.RoyalGazette);
}

/// <summary>One page of the list and how many pages there are.</summary>
public sealed record SenateDraftBillPage(IReadOnlyList<SenateDraftBill> Bills, int LastPage);

/// <summary>
/// Reads a page of <c>web.senate.go.th/w3c/senate/lawdraft/index.php?kw=&amp;page={n}</c>. Built from
/// the structure documented in shared/SOURCES.md (no real page held yet); every assumption is a named
/// member here. Throws <see cref="SourceLayoutException"/> when the table or a row's cells are missing.
/// </summary>
public static partial class SenateDraftBillListParser
{
    public const string SourceName = "senate-lawdraft";

    public static readonly Uri PageBase = new("http://web.senate.go.th/w3c/senate/lawdraft/index.php");

    /// <summary>Layout: the bills are the rows of <c>table.table &gt; tbody</c>.</summary>
    private const string RowSelector = "table.table > tbody > tr";

    /// <summary>Layout: title, proposer, status, then one cell per document in <see cref="SenateBillDocument"/> order.</summary>
    private const int TextCells = 3;

    /// <summary>Layout: page links live in <c>ul.pagination</c>; the largest number is the last page.</summary>
    private const string PaginationSelector = "ul.pagination a";

    public static SenateDraftBillPage Parse(string html, Uri? pageUrl = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = new HtmlParser().ParseDocument(html);
        if (document.QuerySelector("table.table") is null)
        {
            throw new SourceLayoutException(SourceName, "no table.table on the page");
        }

        var baseUrl = pageUrl ?? PageBase;
        var bills = new List<SenateDraftBill>();
        foreach (var row in document.QuerySelectorAll(RowSelector))
        {
            var cells = row.Children.Where(c => c.LocalName == "td").ToList();
            if (cells.Count == 0)
            {
                continue; // A header row set in tbody.
            }

            if (cells.Count < TextCells)
            {
                throw new SourceLayoutException(SourceName, $"a row has {cells.Count} cells; title, proposer and status were expected");
            }

            var documents = new Dictionary<SenateBillDocument, Uri>();
            var kinds = Enum.GetValues<SenateBillDocument>();
            for (var i = 0; i < kinds.Length && TextCells + i < cells.Count; i++)
            {
                if (cells[TextCells + i].QuerySelector("a[href]")?.GetAttribute("href") is { Length: > 0 } href
                    && Uri.TryCreate(baseUrl, href.Trim(), out var url))
                {
                    documents[kinds[i]] = url;
                }
            }

            var title = Text(cells[0]);
            if (title.Length == 0)
            {
                throw new SourceLayoutException(SourceName, "a row has an empty title cell");
            }

            bills.Add(new SenateDraftBill(IdOf(documents.Values.FirstOrDefault()), title, Text(cells[1]), Text(cells[2]), documents));
        }

        var lastPage = document.QuerySelectorAll(PaginationSelector)
            .Select(a => int.TryParse(Text(a), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(1)
            .Max();
        return new SenateDraftBillPage(bills, Math.Max(1, lastPage));
    }

    /// <summary>The PDF file name before its first <c>-</c> or <c>.</c>: <c>…/1234-draft.pdf</c> → <c>1234</c>.</summary>
    internal static string? IdOf(Uri? pdf)
    {
        if (pdf is null)
        {
            return null;
        }

        var name = Uri.UnescapeDataString(pdf.Segments[^1]);
        var cut = name.IndexOfAny(['-', '.']);
        var id = cut > 0 ? name[..cut] : name;
        return id.Length > 0 ? id : null;
    }

    private static string Text(IElement e) => Spaces().Replace(Chantra.Domain.Text.ThaiText.Normalize(e.TextContent), " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
