using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Chantra.Domain.News;
using Chantra.Domain.Sources;
using ThaiText = Chantra.Domain.Text.ThaiText;

namespace Chantra.Sources.News;

/// <summary>What one read of the Senate's news XML holds.</summary>
/// <param name="Items">The items of the shown categories, in document order.</param>
/// <param name="ShownCategories">Categories with <c>status</c> 1, in document order.</param>
/// <param name="HiddenCategories">Categories with another status: their items are left out.</param>
/// <param name="SkippedItems">Items with an empty title or date (nothing to show or to identify them by).</param>
public sealed record SenateNewsFeed(
    IReadOnlyList<NewsEntry> Items,
    IReadOnlyList<string> ShownCategories,
    IReadOnlyList<string> HiddenCategories,
    int SkippedItems)
{
    public NewsRead ToRead() => new(Items, ShownCategories);
}

/// <summary>
/// Reads the Senate's mobile news XML (<c>web.senate.go.th/mobile/news/senatenews_xml.php</c>, SOURCES.md
/// "Senate news"): <c>senate_news &gt; category*</c>, each category with a <c>status</c> (1 = shown) and a
/// name (<c>news</c>) and <c>news_info</c> items. Every assumption about the layout is a named member of
/// this class. The structure is known from public scrapers only, not from a recorded page, so the parser
/// accepts both forms such feeds take: <c>status</c> and <c>news</c> as attributes or as child elements,
/// and one element or a list of them wherever elements repeat.
/// </summary>
/// <remarks>
/// Throws <see cref="SourceLayoutException"/> when the document is not well-formed XML, has another root,
/// has no category, or lacks an element this parser relies on (a category's status or name, an item's
/// title or date element), and when a date is in none of the known forms: a silently wrong feed is worse
/// than a source marked unhealthy that keeps its last good data.
/// </remarks>
public static partial class SenateNewsXmlParser
{
    /// <summary>The name this source goes by in health reports and layout errors.</summary>
    public const string SourceName = "senate-news";

    /// <summary>Where the feed lives; relative image addresses resolve against it.</summary>
    public static readonly Uri FeedUrl = new("http://web.senate.go.th/mobile/news/senatenews_xml.php");

    // ---- Layout ---------------------------------------------------------------------------

    /// <summary>Layout: the root element.</summary>
    private const string RootName = "senate_news";

    /// <summary>Layout: categories are children of the root, one or many.</summary>
    private const string CategoryName = "category";

    /// <summary>Layout: a category's status, an attribute or a child element; "1" (or "๑") means shown.</summary>
    private const string StatusName = "status";

    private const string ShownStatus = "1";

    /// <summary>Layout: a category's name is its <c>news</c> attribute or child element.</summary>
    private const string CategoryTitleName = "news";

    /// <summary>Layout: items are <c>news_info</c> children of their category, one or many.</summary>
    private const string ItemName = "news_info";

    private const string TitleName = "news_title";
    private const string DateName = "news_date";
    private const string DescriptionName = "news_desc";
    private const string TitleImageName = "news_imgtitle";

    /// <summary>Layout: up to three photos per item.</summary>
    private static readonly string[] PhotoNames = ["img_1", "img_2", "img_3"];

    // ---- Encoding -------------------------------------------------------------------------

    /// <summary>TIS-620 as .NET knows it: Windows code page 874 (a superset), from the code-pages provider, registered once.</summary>
    private static readonly Encoding Tis620 = CreateTis620();

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Names servers and documents give TIS-620 (and the code page that decodes it).</summary>
    private static readonly HashSet<string> Tis620Names =
        new(["tis-620", "tis620", "windows-874", "cp874", "x-cp874", "iso-8859-11", "iso8859-11", "dos-874"], StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex("""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""", RegexOptions.CultureInvariant)]
    private static partial Regex XmlDeclaredEncoding();

    // ---- Dates ----------------------------------------------------------------------------

    /// <summary>Dates: <c>22/02/2566</c> (or with '-'), then maybe a time <c>10:30</c> / <c>10.30</c>. Matched on Arabic digits.</summary>
    [GeneratedRegex(@"^(?<d>[0-9]{1,2})[/\-](?<mo>[0-9]{1,2})[/\-](?<y>[0-9]{4}|[0-9]{2})(?:\s+(?<h>[0-9]{1,2})[:.](?<min>[0-9]{2})(?:[:.](?<s>[0-9]{2}))?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SlashDate();

    /// <summary>Dates: <c>22 กุมภาพันธ์ 2566</c>, <c>22 ก.พ. 66</c>, then maybe a time.</summary>
    [GeneratedRegex(@"^(?<d>[0-9]{1,2})\s*(?<m>[^0-9\s/]+)\s*(?<y>[0-9]{4}|[0-9]{2})(?:\s+(?<h>[0-9]{1,2})[:.](?<min>[0-9]{2})(?:[:.](?<s>[0-9]{2}))?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthNameDate();

    /// <summary>Dates: ISO <c>2023-02-22</c> or <c>2566-02-22 10:30:00</c> (what a database column prints).</summary>
    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<mo>[0-9]{1,2})-(?<d>[0-9]{1,2})(?:[ T](?<h>[0-9]{1,2}):(?<min>[0-9]{2})(?::(?<s>[0-9]{2}))?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    /// <summary>Words around a date that carry nothing: "วันพุธที่", "วันที่", "พ.ศ.", "เวลา", "น.".</summary>
    [GeneratedRegex(@"^วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์|อาทิตย์)?\s*(?:ที่)?\s*", RegexOptions.CultureInvariant)]
    private static partial Regex DayPrefix();

    [GeneratedRegex(@"พ\.ศ\.|เวลา", RegexOptions.CultureInvariant)]
    private static partial Regex DateNoise();

    [GeneratedRegex(@"\s*(?:น\.|นาฬิกา)$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeSuffix();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    /// <summary>Whether a description holds markup (a tag), or is plain text whose line breaks are its own.</summary>
    [GeneratedRegex(@"<\s*[A-Za-z!/]", RegexOptions.CultureInvariant)]
    private static partial Regex HasTag();

    // ---- Parsing --------------------------------------------------------------------------

    /// <summary>Parses the feed's bytes, decoded by <see cref="Decode"/>.</summary>
    /// <param name="contentTypeCharset">The charset of the response's Content-Type, if it named one.</param>
    /// <param name="baseUrl">Where the feed was read from (default <see cref="FeedUrl"/>), for relative image addresses.</param>
    public static SenateNewsFeed Parse(byte[] content, string? contentTypeCharset, Uri? baseUrl = null) =>
        Parse(Decode(content, contentTypeCharset), baseUrl);

    /// <summary>Parses the feed's text.</summary>
    public static SenateNewsFeed Parse(string xml, Uri? baseUrl = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var root = Load(xml).Root;
        if (root is null || root.Name.LocalName != RootName)
        {
            throw Layout($"the root element is <{root?.Name.LocalName}>, not <{RootName}>");
        }

        var categories = root.Elements().Where(e => e.Name.LocalName == CategoryName).ToList();
        if (categories.Count == 0)
        {
            throw Layout($"<{RootName}> holds no <{CategoryName}>");
        }

        var items = new List<NewsEntry>();
        var shown = new List<string>();
        var hidden = new List<string>();
        var skipped = 0;
        foreach (var (category, position) in categories.Select((c, i) => (c, i + 1)))
        {
            var status = ThaiText.Normalize(Value(category, StatusName) ?? throw Layout($"category {position} has no {StatusName}"));
            var name = Collapse(Value(category, CategoryTitleName) ?? throw Layout($"category {position} has no name ({CategoryTitleName})"));
            if (status != ShownStatus)
            {
                hidden.Add(name);
                continue;
            }

            if (name.Length == 0)
            {
                throw Layout($"shown category {position} has an empty name");
            }

            shown.Add(name);
            foreach (var (item, n) in category.Elements().Where(e => e.Name.LocalName == ItemName).Select((e, i) => (e, i + 1)))
            {
                var where = $"category '{name}', item {n}";
                var title = InlineText(Value(item, TitleName) ?? throw Layout($"{where} has no <{TitleName}>"));
                var date = Value(item, DateName) ?? throw Layout($"{where} has no <{DateName}>");
                if (title.Length == 0 || string.IsNullOrWhiteSpace(date))
                {
                    skipped++;
                    continue;
                }

                var (publishedAt, timeGiven) = ParseDate(date) ?? throw Layout($"{where}: '{Collapse(date)}' is not a date in a known form");
                var baseUri = baseUrl ?? FeedUrl;
                var photos = PhotoNames
                    .Select(p => Url(Value(item, p), baseUri))
                    .OfType<Uri>()
                    .DistinctBy(u => u.AbsoluteUri)
                    .ToList();
                items.Add(new NewsEntry(
                    name, title, publishedAt, timeGiven,
                    ToText(Value(item, DescriptionName) ?? string.Empty),
                    Url(Value(item, TitleImageName), baseUri),
                    photos));
            }
        }

        return new SenateNewsFeed(items, shown, hidden, skipped);
    }

    /// <summary>
    /// The feed's text: a BOM settles it; else the response's charset; else the XML declaration's encoding;
    /// else UTF-8 when the bytes are valid UTF-8, and TIS-620 (the site's own encoding) when they are not.
    /// </summary>
    public static string Decode(byte[] content, string? contentTypeCharset)
    {
        ArgumentNullException.ThrowIfNull(content);
        var span = content.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(span[3..]);
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            var unicode = span[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            return unicode.GetString(span[2..]);
        }

        var named = EncodingNamed(contentTypeCharset) ?? EncodingNamed(DeclaredEncoding(content));
        if (named is not null && named.CodePage != Encoding.UTF8.CodePage)
        {
            return named.GetString(content);
        }

        try
        {
            return StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return Tis620.GetString(content);
        }
    }

    /// <summary>
    /// A date in one of the forms Thai sources write (SOURCES.md): <c>dd/mm/yyyy</c> in the Buddhist era,
    /// a Thai month name (full or abbreviated) with a 4- or 2-digit Buddhist-era year, or ISO; Thai or
    /// Arabic digits; optionally a time. A 4-digit year from 2400 on is Buddhist era, an earlier one
    /// Christian era; a 2-digit year is 25xx B.E. Bangkok time. Null when the text is none of these.
    /// </summary>
    public static (DateTimeOffset At, bool TimeGiven)? ParseDate(string text)
    {
        var s = ThaiText.Normalize(text);
        s = DayPrefix().Replace(s, string.Empty);
        s = DateNoise().Replace(s, " ");
        s = TimeSuffix().Replace(s.Trim(), string.Empty);
        s = Spaces().Replace(s, " ").Trim();

        var m = SlashDate().Match(s);
        int month;
        if (m.Success)
        {
            month = Number(m.Groups["mo"]);
        }
        else if ((m = MonthNameDate().Match(s)).Success)
        {
            var name = m.Groups["m"].Value;
            month = ThaiText.MonthNumber(name);
            if (month == 0 && !name.EndsWith('.'))
            {
                month = ThaiText.MonthNumber(name + "."); // "ก.พ" for "ก.พ."
            }
        }
        else if ((m = IsoDate().Match(s)).Success)
        {
            month = Number(m.Groups["mo"]);
        }
        else
        {
            return null;
        }

        var day = Number(m.Groups["d"]);
        var yearText = m.Groups["y"].Value;
        var year = Number(m.Groups["y"]);
        DateOnly? date = yearText.Length == 2 ? ThaiText.FromBuddhistEra(day, month, 2500 + year)
            : year >= 2400 ? ThaiText.FromBuddhistEra(day, month, year)
            : month is >= 1 and <= 12 && year >= 1 && day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day)
            : null;
        if (date is not { } d)
        {
            return null;
        }

        var time = TimeOnly.MinValue;
        var timeGiven = m.Groups["h"].Success;
        if (timeGiven)
        {
            var (h, min, sec) = (Number(m.Groups["h"]), Number(m.Groups["min"]), m.Groups["s"].Success ? Number(m.Groups["s"]) : 0);
            if (h > 23 || min > 59 || sec > 59)
            {
                return null;
            }

            time = new TimeOnly(h, min, sec);
        }

        return (new DateTimeOffset(d.ToDateTime(time), ThaiText.BangkokOffset), timeGiven);
    }

    /// <summary>
    /// A description as plain text: markup parsed by an HTML parser (never by pattern), scripts and styles
    /// dropped, entities decoded, a blank line between paragraphs (p, div, headings, list items, table rows),
    /// a line break for &lt;br&gt;, spaces collapsed within lines. Text without markup keeps its own line breaks.
    /// </summary>
    public static string ToText(string description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return string.Empty;
        }

        string raw;
        if (HasTag().IsMatch(description))
        {
            var document = new HtmlParser().ParseDocument("<!DOCTYPE html><html><body>" + description);
            var sb = new StringBuilder(description.Length);
            AppendText(document.Body!, sb);
            raw = sb.ToString();
        }
        else
        {
            raw = WebUtility.HtmlDecode(description);
        }

        var result = new StringBuilder(raw.Length);
        var blank = false;
        foreach (var line in raw.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n'))
        {
            var text = Collapse(line);
            if (text.Length == 0)
            {
                blank = result.Length > 0;
                continue;
            }

            if (result.Length > 0)
            {
                result.Append(blank ? "\n\n" : "\n");
            }

            result.Append(text);
            blank = false;
        }

        return result.ToString();
    }

    /// <summary>Block elements: each starts a paragraph of its own.</summary>
    private static readonly HashSet<string> Blocks = new(
        ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table", "blockquote", "section", "article", "header", "footer", "pre", "hr", "dl", "dt", "dd", "figure", "figcaption"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Elements whose content is never text to read.</summary>
    private static readonly HashSet<string> Skipped = new(["script", "style", "noscript", "template", "head", "iframe", "object"], StringComparer.OrdinalIgnoreCase);

    private static void AppendText(INode node, StringBuilder sb)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    // Line breaks in markup are spaces.
                    sb.Append(text.Data.Replace('\n', ' ').Replace('\r', ' '));
                    break;
                case IElement e when Skipped.Contains(e.LocalName):
                    break;
                case IElement e when e.LocalName == "br":
                    sb.Append('\n');
                    break;
                case IElement e when Blocks.Contains(e.LocalName):
                    sb.Append("\n\n");
                    AppendText(e, sb);
                    sb.Append("\n\n");
                    break;
                case IElement e:
                    AppendText(e, sb);
                    break;
            }
        }
    }

    // ---- Helpers --------------------------------------------------------------------------

    private static XDocument Load(string xml)
    {
        // No DTD (and so no entity expansion), no external resources: the feed is data, nothing more.
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            MaxCharactersInDocument = 64L * 1024 * 1024,
        };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            return XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException ex)
        {
            throw new SourceLayoutException(SourceName, $"the feed is not well-formed XML: {ex.Message}", ex);
        }
    }

    /// <summary>A value given as an attribute or as a child element (the first one, when several).</summary>
    private static string? Value(XElement e, string name) =>
        e.Attributes().FirstOrDefault(a => a.Name.LocalName == name)?.Value
        ?? e.Elements().FirstOrDefault(c => c.Name.LocalName == name)?.Value;

    /// <summary>Inline text (titles): markup stripped, on one line.</summary>
    private static string InlineText(string text) => ToText(text).Replace("\n\n", " ", StringComparison.Ordinal).Replace('\n', ' ');

    /// <summary>Whitespace (with no-break spaces and zero-width spaces) collapsed to single spaces, trimmed.</summary>
    private static string Collapse(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsWhiteSpace(c) || c is '\u00A0' or '\u200B')
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>An absolute http(s) address, resolved against the feed; null for an empty or unusable one.</summary>
    private static Uri? Url(string? raw, Uri baseUri)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text) || !Uri.TryCreate(baseUri, text, out var url))
        {
            return null;
        }

        return url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps ? url : null;
    }

    private static int Number(Group g) => int.Parse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string? DeclaredEncoding(byte[] content)
    {
        var head = Encoding.ASCII.GetString(content, 0, Math.Min(content.Length, 256));
        var m = XmlDeclaredEncoding().Match(head);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static Encoding CreateTis620()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(874);
    }

    private static Encoding? EncodingNamed(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        name = name.Trim().Trim('"', '\'');
        if (Tis620Names.Contains(name))
        {
            return Tis620;
        }

        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null; // A name .NET does not know: decide by the bytes.
        }
    }

    private static SourceLayoutException Layout(string message) => new(SourceName, message);
}
