using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Chantra.Domain.Sources;
using ThaiText = Chantra.Domain.Text.ThaiText;

namespace Chantra.Sources.Live;

/// <summary>One row of an LIS search list: a bill and the link to its detail page.</summary>
/// <param name="AcceptanceNumber">The House's acceptance number (เลขรับ), Arabic digits.</param>
public sealed record LisBillRow(int? Year, string AcceptanceNumber, string Title, string Proposer, string Status, string DocId, Uri DetailUrl);

/// <summary>One page of the list and the total the site reports.</summary>
public sealed record LisBillListPage(IReadOnlyList<LisBillRow> Rows, int? Total);

/// <summary>
/// Reads a page of <c>lis.parliament.go.th/index/search_advance_detail.php?S_SYSTEM=…&amp;offset=…</c>,
/// built from the structure documented in shared/SOURCES.md (no real page held yet). Throws
/// <see cref="SourceLayoutException"/> when the table, or a row's cells or detail link, is missing.
/// </summary>
public static partial class LisBillListParser
{
    public const string SourceName = "lis";

    public static readonly Uri PageBase = new("https://lis.parliament.go.th/index/search_advance_detail.php");

    /// <summary>Layout: rows of <c>table.table</c>; cells year, acceptance no., title, proposer, result/status, then the link.</summary>
    private const string RowSelector = "table.table tr";

    private const int MinCells = 5;

    /// <summary>Layout: the detail link carries <c>DOC_ID={n}</c>.</summary>
    [GeneratedRegex(@"DOC_ID=(?<id>[0-9]+)", RegexOptions.IgnoreCase)]
    private static partial Regex DocIdRx();

    /// <summary>Layout: the total sits in <c>div#dt_d_info</c> ("… ทั้งหมด 1,234 รายการ"); the largest number there is it.</summary>
    private const string TotalSelector = "div#dt_d_info";

    [GeneratedRegex(@"[0-9][0-9,]*")]
    private static partial Regex NumberRx();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    public static LisBillListPage Parse(string html, Uri? pageUrl = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = new HtmlParser().ParseDocument(html);
        if (document.QuerySelector("table.table") is null)
        {
            throw new SourceLayoutException(SourceName, "no table.table on the list page");
        }

        var rows = new List<LisBillRow>();
        foreach (var tr in document.QuerySelectorAll(RowSelector))
        {
            var cells = tr.Children.Where(c => c.LocalName == "td").ToList();
            if (cells.Count == 0)
            {
                continue; // The header row (th cells).
            }

            if (cells.Count < MinCells)
            {
                throw new SourceLayoutException(SourceName, $"a row has {cells.Count} cells; at least {MinCells} were expected");
            }

            var link = tr.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!).FirstOrDefault(h => DocIdRx().IsMatch(h))
                ?? throw new SourceLayoutException(SourceName, $"the row '{Text(cells[2])}' has no DOC_ID link");
            var year = int.TryParse(Text(cells[0]), NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : (int?)null;
            rows.Add(new LisBillRow(year, Text(cells[1]), Text(cells[2]), Text(cells[3]), Text(cells[4]),
                DocIdRx().Match(link).Groups["id"].Value, new Uri(pageUrl ?? PageBase, link.Trim())));
        }

        int? total = document.QuerySelector(TotalSelector) is { } info
            ? NumberRx().Matches(Text(info)).Select(m => int.Parse(m.Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)).DefaultIfEmpty().Max()
            : null;
        return new LisBillListPage(rows, total);
    }

    /// <summary>Normalised text: Arabic digits, one spelling, single spaces.</summary>
    private static string Text(IElement e) => Spaces().Replace(ThaiText.Normalize(e.TextContent), " ").Trim();
}
