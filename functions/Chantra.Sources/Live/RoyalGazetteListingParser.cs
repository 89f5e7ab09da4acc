using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Chantra.Domain.Bills;
using Chantra.Domain.Sources;
using Chantra.Sources.News;
using ThaiText = Chantra.Domain.Text.ThaiText;

namespace Chantra.Sources.Live;

/// <summary>One row of a Royal Gazette monthly listing: one published document.</summary>
/// <param name="PublishedOn">The publication date (the listing gives it in the Buddhist era).</param>
/// <param name="Title">The document's title, normalised (Arabic digits, single spaces).</param>
/// <param name="Volume">เล่ม, e.g. <c>142</c>.</param>
/// <param name="Issue">ตอน, e.g. <c>12</c>.</param>
/// <param name="Section">The part of the Gazette: <c>ก</c> (acts and other laws), <c>ข</c>, <c>ค</c>, <c>ง</c>, <c>ง พิเศษ</c>, …</param>
/// <param name="Page">หน้า, when the listing gives one.</param>
/// <param name="Url">The document (<c>https://ratchakitcha.soc.go.th/documents/{doc_id}.pdf</c>), absolute.</param>
public sealed record GazetteEntry(DateOnly PublishedOn, string Title, string Volume, string Issue, string Section, string? Page, Uri Url);

/// <summary>
/// Reads a monthly listing of the Royal Gazette (ราชกิจจานุเบกษา, <c>ratchakitcha.soc.go.th</c>), built from
/// the structure documented in shared/SOURCES.md (no real page held yet): one row per document with the
/// columns date, title, volume (เล่ม), issue (ตอน), type (ก / ง / ง พิเศษ), page and the document's URL.
/// Columns are found by their header, not by position. Throws <see cref="SourceLayoutException"/> when no
/// table has the expected headers, or a row lacks a required cell, a readable date or its document link.
/// </summary>
/// <remarks>
/// <see cref="FindEnactment"/> matches an enacted bill's draft title to the act in such a listing, which
/// confirms the bill's <c>gazette</c> stage.
/// </remarks>
public static partial class RoyalGazetteListingParser
{
    public const string SourceName = "royal-gazette";

    /// <summary>Where relative document links resolve when the listing's own address is not given.</summary>
    public static readonly Uri PageBase = new("https://ratchakitcha.soc.go.th/");

    /// <summary>Layout: the listing is a <c>table</c>; its rows are <c>tr</c>, the header row in <c>th</c> cells, the others in <c>td</c>.</summary>
    private const string TableSelector = "table";

    /// <summary>Layout: the header of the date column contains วันที่ ("วันที่", "วันที่ประกาศ").</summary>
    private const string DateHeader = "วันที่";

    /// <summary>Layout: the header of the title column contains เรื่อง.</summary>
    private const string TitleHeader = "เรื่อง";

    /// <summary>Layout: the header of the volume column contains เล่ม.</summary>
    private const string VolumeHeader = "เล่ม";

    /// <summary>Layout: the header of the issue column contains ตอน.</summary>
    private const string IssueHeader = "ตอน";

    /// <summary>Layout: the header of the type (section) column contains ประเภท.</summary>
    private const string SectionHeader = "ประเภท";

    /// <summary>Layout: the header of the page column contains หน้า. The only column the parser does without.</summary>
    private const string PageHeader = "หน้า";

    /// <summary>Layout: a row's document is its first link (in the URL column, or the title itself as a link).</summary>
    private const string DocumentLinkSelector = "a[href]";

    /// <summary>Layout: acts (พระราชบัญญัติ) are published in section ก (ภาค ก, "เล่ม 142 ตอนที่ 12 ก").</summary>
    public const string ActsSection = "ก";

    /// <summary>An empty page cell, or one saying there is none.</summary>
    private static readonly HashSet<string> NoPage = new(["", "-", "–"], StringComparer.Ordinal);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // ---- Titles (FindEnactment) -----------------------------------------------------------

    /// <summary>The edition "(ฉบับที่ 26)", or "(ฉบับที่ ..)" in a draft whose number is not known yet.</summary>
    [GeneratedRegex(@"\(\s*ฉบับที่\s*(?<n>[0-9]+|[.…\s]+)\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Edition();

    /// <summary>What an edition becomes when the draft leaves its number open: any number then matches.</summary>
    private const string OpenEdition = "(ฉบับที่..)";

    public static IReadOnlyList<GazetteEntry> Parse(string html, Uri? pageUrl = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = new HtmlParser().ParseDocument(html);
        var (table, columns) = document.QuerySelectorAll(TableSelector)
            .Select(t => (Table: t, Columns: Columns(t)))
            .FirstOrDefault(t => t.Columns is not null);
        if (table is null || columns is not { } c)
        {
            throw new SourceLayoutException(SourceName,
                $"no table with the columns {DateHeader}, {TitleHeader}, {VolumeHeader}, {IssueHeader}, {SectionHeader} on the listing");
        }

        var baseUri = pageUrl ?? PageBase;
        var entries = new List<GazetteEntry>();
        foreach (var tr in Rows(table))
        {
            var cells = tr.Children.Where(e => e.LocalName == "td").ToList();
            if (cells.Count == 0)
            {
                continue; // The header row (th cells).
            }

            if (cells.Count <= c.Required)
            {
                throw new SourceLayoutException(SourceName, $"a row has {cells.Count} cells; at least {c.Required + 1} were expected");
            }

            var title = Text(cells[c.Title]);
            var where = title.Length > 0 ? $"the row '{title}'" : $"row {entries.Count + 1}";
            if (title.Length == 0)
            {
                throw new SourceLayoutException(SourceName, $"{where} has an empty title");
            }

            var dateText = Text(cells[c.Date]);
            var date = SenateNewsXmlParser.ParseDate(dateText) is ({ } at, _)
                ? DateOnly.FromDateTime(at.DateTime)
                : throw new SourceLayoutException(SourceName, $"{where}: '{dateText}' is not a date in a known form");
            var volume = Required(cells[c.Volume], VolumeHeader, where);
            var issue = Required(cells[c.Issue], IssueHeader, where);
            var section = Required(cells[c.Section], SectionHeader, where);
            var page = c.Page is { } p && p < cells.Count && Text(cells[p]) is var pageText && !NoPage.Contains(pageText) ? pageText : null;
            var href = tr.QuerySelector(DocumentLinkSelector)?.GetAttribute("href")?.Trim();
            if (string.IsNullOrEmpty(href) || !Uri.TryCreate(baseUri, href, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                throw new SourceLayoutException(SourceName, $"{where} has no document link");
            }

            entries.Add(new GazetteEntry(date, title, volume, issue, section, page, url));
        }

        return entries;
    }

    /// <summary>
    /// The act a draft became, in section <see cref="ActsSection"/> of <paramref name="entries"/>: the entry whose
    /// title equals the draft's once both are reduced to a key (<see cref="BillTitleKey"/>: ThaiText.Normalize, a leading
    /// ร่าง dropped, the พ.ศ. year dropped, all spacing dropped). When the draft leaves its edition open ("(ฉบับที่ ..)"), any
    /// edition number of an act matches; when it names one, only that number does. No fuzzy matching: a wrong
    /// enactment is worse than a late one. Of several matches, the earliest published.
    /// </summary>
    /// <param name="notBefore">
    /// Entries published before this day are ignored. An open edition and a dropped year also match an older
    /// amendment of the same act, so a caller holding listings from before the bill passed should pass its passage day.
    /// </param>
    public static GazetteEntry? FindEnactment(IEnumerable<GazetteEntry> entries, string billTitle, DateOnly? notBefore = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var draft = ThaiText.Normalize(billTitle);
        if (draft.Length == 0)
        {
            return null;
        }

        var openEdition = Edition().Match(BillTitleKey.Of(draft)) is { Success: true } m && !char.IsAsciiDigit(m.Groups["n"].Value[0]);
        var key = TitleKey(draft, openEdition);
        return entries
            .Where(e => ThaiText.Normalize(e.Section) == ActsSection && (notBefore is not { } since || e.PublishedOn >= since))
            .Where(e => TitleKey(e.Title, openEdition) == key)
            .OrderBy(e => e.PublishedOn)
            .FirstOrDefault();
    }

    /// <summary>
    /// A title as <see cref="FindEnactment"/> compares it: <see cref="BillTitleKey.Of"/> (normalised, no ร่าง, no
    /// spacing, nothing from the พ.ศ. year clause on), with the edition's number blanked when the draft leaves it open.
    /// </summary>
    internal static string TitleKey(string title, bool openEdition) =>
        Edition().Replace(BillTitleKey.Of(title), e => openEdition ? OpenEdition : $"(ฉบับที่{e.Groups["n"].Value})");

    /// <summary>Column indexes, found by header; null when the table lacks a required header.</summary>
    private sealed record ColumnMap(int Date, int Title, int Volume, int Issue, int Section, int? Page)
    {
        /// <summary>The highest index a row must have.</summary>
        public int Required => new[] { Date, Title, Volume, Issue, Section }.Max();
    }

    private static ColumnMap? Columns(IElement table)
    {
        var header = Rows(table).FirstOrDefault(tr => tr.Children.Any(e => e.LocalName == "th"));
        if (header is null)
        {
            return null;
        }

        var labels = header.Children.Where(e => e.LocalName is "th" or "td").Select(Text).ToList();
        int? Find(string label) => labels.FindIndex(l => l.Contains(label, StringComparison.Ordinal)) is var i and >= 0 ? i : null;
        return (Find(DateHeader), Find(TitleHeader), Find(VolumeHeader), Find(IssueHeader), Find(SectionHeader)) is ({ } d, { } t, { } v, { } i, { } s)
            ? new ColumnMap(d, t, v, i, s, Find(PageHeader))
            : null;
    }

    /// <summary>The table's own rows (not those of a table nested in a cell).</summary>
    private static IEnumerable<IElement> Rows(IElement table) =>
        table.QuerySelectorAll("tr").Where(tr => tr.Closest(TableSelector) == table);

    private static string Required(IElement cell, string column, string where)
    {
        var text = Text(cell);
        return text.Length > 0 ? text : throw new SourceLayoutException(SourceName, $"{where} has an empty {column} cell");
    }

    /// <summary>Normalised text: Arabic digits, one spelling, single spaces.</summary>
    private static string Text(IElement e) => Spaces().Replace(ThaiText.Normalize(e.TextContent), " ").Trim();
}
