using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Chantra.Domain.Meetings;
using Chantra.Domain.Sources;
using ThaiText = Chantra.Domain.Text.ThaiText;

namespace Chantra.Sources.Meetings;

/// <summary>
/// Reads one MSBIS meeting page: the detail fragment
/// <c>parliament_report/main_warehouse_detail.php?mid=…</c> (TIS-620 on the wire) or the outer
/// page <c>main_warehouse.php?m_id=…</c> as a browser renders it, which holds the same table.
/// Every assumption about the page's layout is a named member of this class, with a comment.
/// </summary>
/// <remarks>
/// Returns null for the empty template MSBIS answers (with 200) for a <c>mid</c> it does not know;
/// throws <see cref="SourceLayoutException"/> when a page that is not empty lacks what this
/// parser relies on: the body heading, the sitting line (with a date in it) and the agenda row.
/// How the agenda is cut into items is told on <see cref="AgendaItem"/>.
/// </remarks>
public static partial class MsbisPageParser
{
    /// <summary>The name this source goes by in health reports and layout errors.</summary>
    public const string SourceName = "msbis";

    /// <summary>
    /// Where the fragment lives; its relative links (<c>../parliament_report/download/…pdf</c>,
    /// <c>main_warehouse_dll_x.php?aid=…</c>) resolve against it. The outer page sits in the same folder.
    /// </summary>
    public static readonly Uri PageBase =
        new("https://msbis.parliament.go.th/ewtadmin/ewt/parliament_report/main_warehouse_detail.php");

    // ---- Encoding -------------------------------------------------------------------------

    /// <summary>TIS-620 as .NET knows it: Windows code page 874 (a superset), from the code-pages provider, registered once.</summary>
    private static readonly Encoding Tis620 = CreateTis620();

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Names servers and pages give TIS-620 (and the code page that decodes it).</summary>
    private static readonly HashSet<string> Tis620Names =
        new(["tis-620", "tis620", "windows-874", "cp874", "x-cp874", "iso-8859-11", "iso8859-11", "dos-874"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Layout: a page that names its charset does so in a meta tag near the top (the fragments name none).</summary>
    [GeneratedRegex("""<meta[^>]*charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();

    // ---- The page's frame -----------------------------------------------------------------

    /// <summary>
    /// Layout: the body heading is a span set in 17px type (<c>&lt;span style="font-family: tahoma;font-size: 17px;"&gt;</c>)
    /// in a table of its own at the top; it names the body ("ข้อมูลการประชุมสภาผู้แทนราษฎร"). The empty
    /// template keeps the span, empty.
    /// </summary>
    private const string HeadingSpanStyle = "font-size:17px";

    /// <summary>Layout: the breadcrumb (body › ชุดที่ › ปีที่ › session) is the first cell holding links and a rule (&lt;hr&gt;).</summary>
    private static bool IsBreadcrumbCell(IElement td) =>
        td.Children.Any(c => c.LocalName == "a") && td.Children.Any(c => c.LocalName == "hr");

    /// <summary>
    /// Layout: the sitting line ("ครั้งที่ ๒๙ วันพุธที่ … เวลา … น.") is the first cell whose only
    /// content is one &lt;strong&gt; and whose text is not one of the section labels below.
    /// The empty template keeps the cell with an empty &lt;strong&gt;.
    /// </summary>
    private static readonly string[] SectionLabels = ["เรื่องที่พิจารณา", "ใบประมวลผลการลงมติ", "ข้อมูลการประชุม"];

    /// <summary>Layout: the agenda (เรื่องที่พิจารณา) is free HTML in the one cell of the row with id <c>mydetail</c>.</summary>
    private const string AgendaCellSelector = "tr#mydetail > td";

    /// <summary>Layout: vote sheets (ใบประมวลผลการลงมติ) are list items in the row with id <c>mydetail_o</c> (optional).</summary>
    private const string VoteItemsSelector = "tr#mydetail_o li";

    /// <summary>Layout: the documents (บันทึกการประชุม, รายงานการประชุม, …) are links to the download script.</summary>
    private const string DocumentLinkSelector = "a[href*='main_warehouse_dll']";

    /// <summary>Bodies by what their heading says, the most specific first (the text is normalised: Arabic digits, ราษฏร spelled ราษฎร).</summary>
    private static readonly (string Says, string? AndSays, MeetingBody Body)[] BodyHeadings =
    [
        ("คณะกรรมาธิการ", "วุฒิสภา", MeetingBody.SenateCommittee),
        ("ร่วมกันของรัฐสภา", null, MeetingBody.JointSitting),
        ("สภานิติบัญญัติ", null, MeetingBody.NationalLegislativeAssembly),
        ("วุฒิสภา", null, MeetingBody.Senate),
        ("สภาผู้แทนราษฎร", null, MeetingBody.House),
    ];

    // ---- The breadcrumb --------------------------------------------------------------------

    /// <summary>Layout: breadcrumb links "ชุดที่ ๒๕", "ปีที่ ๑", or "ปี ๒๕๖๒" (joint sittings, the assembly); the session is the link that says สามัญ.</summary>
    [GeneratedRegex(@"^ชุดที่\s*([0-9]+)$")]
    private static partial Regex TermCrumb();

    [GeneratedRegex(@"^ปีที่\s*([0-9]+)$")]
    private static partial Regex YearCrumb();

    [GeneratedRegex(@"^ปี\s*([0-9]{4})$")]
    private static partial Regex BuddhistYearCrumb();

    // ---- The sitting line ------------------------------------------------------------------

    /// <summary>Layout: "ครั้งที่ ๒๘", "ครั้งที่ ๒๕/๒๔๘๒", then maybe "เป็นพิเศษ" or "(เป็นพิเศษ)". Matched on Arabic digits.</summary>
    [GeneratedRegex(@"ครั้งที่\s*(?<n>[0-9]+(?:\s*/\s*[0-9]+)?)")]
    private static partial Regex SittingNumberRx();

    [GeneratedRegex(@"\(?\s*เป็นพิเศษ\s*\)?")]
    private static partial Regex SpecialRx();

    /// <summary>
    /// Layout: a day is "วันพุธที่ ๒๒ กุมภาพันธ์ ๒๕๖๖" or "วันที่ ๑๐ กันยายน ๒๕๖๓"; the month and the year may be
    /// left for a later day to give ("วันจันทร์ที่ ๒๙ มิถุนายน ถึงวันพุธที่ ๑ กรกฎาคม ๒๕๖๙") and the end day may
    /// leave out the year ("ของวันพุธที่ ๑ กรกฎาคม"). Years are Buddhist era.
    /// </summary>
    [GeneratedRegex(@"วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์|อาทิตย์)?\s*ที่\s*(?<d>[0-9]{1,2})(?![0-9])(?:\s*(?<m>มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม|ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\.))?(?:\s*(?:พ\.ศ\.\s*)?(?<y>[0-9]{4})(?![0-9]))?")]
    private static partial Regex DayRx();

    /// <summary>Layout: the times follow "เวลา": "๐๙.๑๙ - ๑๗.๔๓ น.", "๐๙.๓๕ น. - ๑๗.๐๕ น.", "๑๐.๐๐ น.– ๑๖.๒๕ น.", "… นาฬิกา".</summary>
    private const string TimeWord = "เวลา";

    [GeneratedRegex(@"(?<h>[0-9]{1,2})\s*[.:]\s*(?<min>[0-9]{2})")]
    private static partial Regex TimeRx();

    /// <summary>Layout: an end after midnight names its day after the end time: "… ๐๑.๒๘ น. ของวันที่ ๓ มิถุนายน ๒๕๖๕".</summary>
    private const string EndDayWord = "ของ";

    // ---- The agenda ------------------------------------------------------------------------

    /// <summary>Elements that end a line of the agenda on both sides (besides &lt;br&gt;).</summary>
    private static readonly HashSet<string> BlockTags =
        new(["p", "div", "li", "ul", "ol", "table", "tbody", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "center"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Item markers, matched on Arabic digits: "๑." (an item), "๑)", "(๑)" and "๒.๑" (sub-points), "-" (a dash item).</summary>
    [GeneratedRegex(@"^(?<n>[0-9]+)\.(?![0-9])\s*")]
    private static partial Regex NumberedMarker();

    [GeneratedRegex(@"^[0-9]+\.(?<n>[0-9]+)\s*")]
    private static partial Regex SubNumberMarker();

    [GeneratedRegex(@"^(?<n>[0-9]+)\)\s*")]
    private static partial Regex ParenMarker();

    [GeneratedRegex(@"^\((?<n>[0-9]+)\)\s*")]
    private static partial Regex EnclosedMarker();

    [GeneratedRegex(@"^[-–—•]\s*")]
    private static partial Regex DashMarker();

    /// <summary>
    /// The House's standard agenda sections (ข้อบังคับการประชุม). Older pages set them without bold (the
    /// 2547 page: a coloured "กระทู้ถามสด"); a plain line that is one of them is a heading. Matched on the whole line.
    /// </summary>
    [GeneratedRegex(@"^(?:ระเบียบวาระ(?:ที่\s*[0-9]+)?\s*|วาระ\s*)?(?:เรื่องที่ประธาน(?:จะ)?แจ้ง(?:ต่อ)?ที่ประชุม|รับรองรายงานการประชุม\S{0,30}|กระทู้ถาม\S{0,20}|เรื่องด่วน|ญัตติด่วน|เรื่องที่คณะกรรมาธิการพิจารณาเสร็จแล้ว|เรื่องที่ค้างพิจารณา|เรื่องที่เสนอใหม่|เรื่องอื่น\s*ๆ|เรื่อง(?:ที่)?พิจารณา|เรื่องที่ที่ประชุมเห็นชอบให้เลื่อนขึ้นมาพิจารณาก่อน)\s*:?$")]
    private static partial Regex SectionHeading();

    /// <summary>A plain line longer than this is never taken for a heading by position alone.</summary>
    private const int ShortHeadingLength = 60;

    /// <summary>An item that announces its sub-points: "… จำนวน ๒ เรื่อง", "… จำนวน ๒ กระทู้ คือ", "… จำนวน ๗ ครั้ง ดังนี้".</summary>
    [GeneratedRegex(@"จำนวน\s*(?<n>[0-9]+)\s*(?:เรื่อง|กระทู้|ครั้ง)\s*(?:คือ|ดังนี้)?\s*:?$")]
    private static partial Regex CountAnnouncement();

    // ---- Vote sheets -----------------------------------------------------------------------

    /// <summary>Layout: what a sheet is (a quorum check or a result), as its link says; not part of what was voted on.</summary>
    private static readonly string[] SheetKindWords = ["การตรวจสอบองค์ประชุม", "ผลการลงมติ", "การนับองค์ประชุม", "ผลการนับคะแนน"];

    /// <summary>Layout: a part of the bill, at the start of a header or a link: "มาตรา ๑๖/๑ …", "ชื่อร่าง", "คำปรารภ", "ข้อสังเกต".</summary>
    [GeneratedRegex(@"^(?:มาตรา\s*[0-9]+(?:\s*/\s*[0-9]+)?|ชื่อร่าง|คำปรารภ|ข้อสังเกต)")]
    private static partial Regex SectionStart();

    [GeneratedRegex(@"วาระที่\s*(?<n>[0-9]+)")]
    private static partial Regex ReadingRx();

    [GeneratedRegex(@"\([^()]*\)")]
    private static partial Regex Parenthesised();

    [GeneratedRegex(@"\s*\((?<inner>[^()]*)\)\s*$")]
    private static partial Regex TrailingParenthesised();

    /// <summary>Layout: a bill header may be numbered "๑." or "๑ " (mid 4367). Here \d matches Thai digits too, on purpose.</summary>
    [GeneratedRegex(@"^\d+\.?\s+(?=\D)")]
    private static partial Regex LeadingNumber();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // =======================================================================================

    /// <summary>Reads a page as the server sent it.</summary>
    /// <param name="mid">The page's id (<c>mid</c>, or <c>m_id</c> of the outer page).</param>
    /// <param name="content">The bytes of the response.</param>
    /// <param name="contentTypeCharset">The charset of the Content-Type header, if any.</param>
    /// <returns>The sitting, or null when the page is the empty template ("no such meeting").</returns>
    public static MeetingPage? Parse(string mid, byte[] content, string? contentTypeCharset) =>
        Parse(mid, Decode(content, contentTypeCharset));

    /// <summary>Reads a page already decoded to text.</summary>
    public static MeetingPage? Parse(string mid, string html)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mid);
        ArgumentNullException.ThrowIfNull(html);
        var document = new HtmlParser().ParseDocument(html);

        var headingSpan = document.QuerySelectorAll("span")
            .FirstOrDefault(s => (s.GetAttribute("style") ?? "").Replace(" ", "", StringComparison.Ordinal)
                .Contains(HeadingSpanStyle, StringComparison.OrdinalIgnoreCase))
            ?? throw Layout(mid, "no body heading (the 17px span) on the page");
        var heading = ThaiText.Normalize(headingSpan.TextContent);

        var sittingCell = document.QuerySelectorAll("td").FirstOrDefault(IsSittingCell);
        var sittingLine = sittingCell is null ? "" : Collapse(sittingCell.TextContent);

        if (heading.Length == 0)
        {
            if (sittingLine.Length == 0)
            {
                return null; // The empty template: MSBIS knows no meeting by this id.
            }

            throw Layout(mid, "the body heading is empty but the sitting line is not");
        }

        var body = BodyOf(heading) ?? throw Layout(mid, $"the heading '{heading}' names no body this parser knows");
        if (sittingLine.Length == 0)
        {
            throw Layout(mid, sittingCell is null
                ? "no sitting line (the <strong> row with the sitting's number and date)"
                : "the sitting line is empty");
        }

        var agendaCell = document.QuerySelector(AgendaCellSelector)
            ?? throw Layout(mid, "no agenda row (tr#mydetail)");

        var (term, year, beYear, session, sessionKind) = ReadBreadcrumb(document);
        var sitting = ReadSittingLine(mid, sittingLine);
        var agendaVotes = new List<MeetingVote>();
        var agenda = ReadAgenda(agendaCell, agendaVotes);
        var votes = ReadVotes(document);
        votes.InsertRange(0, agendaVotes);
        var documents = document.QuerySelectorAll(DocumentLinkSelector)
            .Select(a => new MeetingDocument(Collapse(a.TextContent), Resolve(a.GetAttribute("href"))))
            .Where(d => d.Title.Length > 0)
            .ToList();

        return new MeetingPage(
            mid, body, term, year, beYear, session, sessionKind,
            sitting.Number, sitting.Special, sittingLine,
            sitting.Start, sitting.End, sitting.TimesGiven,
            agenda, votes, documents);
    }

    /// <summary>
    /// The page's text: the charset the server names, else the one a meta tag names, else UTF-8 if
    /// the bytes are valid UTF-8, else TIS-620 (what MSBIS sends, naming nothing).
    /// </summary>
    public static string Decode(byte[] content, string? contentTypeCharset)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.AsSpan().StartsWith(Utf8Bom))
        {
            return Encoding.UTF8.GetString(content, 3, content.Length - 3); // A BOM settles it.
        }

        var named = EncodingNamed(contentTypeCharset) ?? EncodingNamed(SniffMetaCharset(content));
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
            // Named UTF-8 or named nothing, but not UTF-8: the site's own encoding.
            return Tis620.GetString(content);
        }
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
            return null; // A name .NET does not know: sniff as if none were given.
        }
    }

    private static string? SniffMetaCharset(byte[] content)
    {
        var head = Encoding.ASCII.GetString(content, 0, Math.Min(content.Length, 2048));
        var m = MetaCharset().Match(head);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static SourceLayoutException Layout(string mid, string what) => new(SourceName, $"mid {mid}: {what}");

    private static bool IsSittingCell(IElement td)
    {
        if (td.Children.Length != 1 || td.Children[0].LocalName != "strong")
        {
            return false;
        }

        var outside = string.Concat(td.ChildNodes.Where(n => n is IText).Select(n => n.TextContent));
        if (!string.IsNullOrWhiteSpace(outside.Replace('\u00A0', ' ')))
        {
            return false;
        }

        var text = Collapse(td.TextContent);
        return !SectionLabels.Contains(text, StringComparer.Ordinal);
    }

    private static MeetingBody? BodyOf(string heading)
    {
        foreach (var (says, andSays, body) in BodyHeadings)
        {
            if (heading.Contains(says, StringComparison.Ordinal) && (andSays is null || heading.Contains(andSays, StringComparison.Ordinal)))
            {
                return body;
            }
        }

        return null;
    }

    private static (int? Term, int? Year, int? BuddhistEraYear, string? Session, SessionKind Kind) ReadBreadcrumb(IDocument document)
    {
        var cell = document.QuerySelectorAll("td").FirstOrDefault(IsBreadcrumbCell);
        int? term = null, year = null, beYear = null;
        string? session = null;
        if (cell is not null)
        {
            foreach (var link in cell.Children.Where(c => c.LocalName == "a"))
            {
                var shown = Collapse(link.TextContent);
                var text = ThaiText.Normalize(shown);
                if (TermCrumb().Match(text) is { Success: true } t)
                {
                    term = int.Parse(t.Groups[1].Value, CultureInfo.InvariantCulture);
                }
                else if (YearCrumb().Match(text) is { Success: true } y)
                {
                    year = int.Parse(y.Groups[1].Value, CultureInfo.InvariantCulture);
                }
                else if (BuddhistYearCrumb().Match(text) is { Success: true } b)
                {
                    beYear = int.Parse(b.Groups[1].Value, CultureInfo.InvariantCulture);
                }
                else if (text.Contains("สามัญ", StringComparison.Ordinal) || text.StartsWith("สมัย", StringComparison.Ordinal))
                {
                    session = shown;
                }
            }
        }

        var kind = session is null ? SessionKind.Unknown
            : session.Contains("วิสามัญ", StringComparison.Ordinal) ? SessionKind.Extraordinary
            : session.Contains("สามัญ", StringComparison.Ordinal) ? SessionKind.Ordinary
            : SessionKind.Unknown;
        return (term, year, beYear, session, kind);
    }

    // ---- The sitting line ------------------------------------------------------------------

    private readonly record struct Sitting(string? Number, bool Special, DateTimeOffset Start, DateTimeOffset? End, bool TimesGiven);

    private readonly record struct Day(int D, int? M, int? Y);

    private static Sitting ReadSittingLine(string mid, string line)
    {
        var text = ThaiText.Normalize(line);
        var timeAt = text.IndexOf(TimeWord, StringComparison.Ordinal);
        var datePart = timeAt < 0 ? text : text[..timeAt];
        var timePart = timeAt < 0 ? "" : text[(timeAt + TimeWord.Length)..];
        var endDayAt = timePart.IndexOf(EndDayWord, StringComparison.Ordinal);
        var endDayPart = endDayAt < 0 ? "" : timePart[(endDayAt + EndDayWord.Length)..];
        if (endDayAt >= 0)
        {
            timePart = timePart[..endDayAt];
        }

        var days = DayRx().Matches(datePart).Select(ToDay).ToList();
        if (days.Count == 0)
        {
            throw Layout(mid, $"the sitting line '{line}' has no date");
        }

        var firstDayAt = DayRx().Match(datePart).Index;
        var head = datePart[..firstDayAt];
        string? number = null;
        if (SittingNumberRx().Match(head) is { Success: true } n)
        {
            number = n.Groups["n"].Value.Replace(" ", "", StringComparison.Ordinal);
        }

        var special = SpecialRx().IsMatch(head);

        // Fill a day's month and year from the day after it; a month after the next day's month is in the year before.
        for (var i = days.Count - 1; i >= 0; i--)
        {
            var next = i + 1 < days.Count ? days[i + 1] : (Day?)null;
            var d = days[i];
            var m = d.M ?? next?.M ?? throw Layout(mid, $"the sitting line '{line}' gives no month");
            int y;
            if (d.Y is { } own)
            {
                y = own;
            }
            else if (next is { Y: { } ny, M: { } nm })
            {
                y = m > nm ? ny - 1 : ny; // "๓๐ ธันวาคม ถึงวันที่ ๒ มกราคม ๒๕๖๖": December of the year before.
            }
            else
            {
                throw Layout(mid, $"the sitting line '{line}' gives no year");
            }

            days[i] = new Day(d.D, m, y);
        }

        var first = ToDate(mid, line, days[0]);
        var last = ToDate(mid, line, days[^1]);

        DateOnly? endDay = null;
        if (DayRx().Match(endDayPart) is { Success: true } e)
        {
            var ed = ToDay(e);
            var m = ed.M ?? days[^1].M!.Value;
            var y = ed.Y ?? (m < days[^1].M ? days[^1].Y!.Value + 1 : days[^1].Y!.Value);
            endDay = ToDate(mid, line, new Day(ed.D, m, y));
        }

        var times = TimeRx().Matches(timePart).Select(t => ToTime(mid, line, t)).ToList();
        var start = At(first, times.Count > 0 ? times[0] : TimeOnly.MinValue);
        DateTimeOffset? end = null;
        if (times.Count > 1)
        {
            end = At(endDay ?? last, times[1]);
            if (endDay is null && end < start)
            {
                end = end.Value.AddDays(1); // Past midnight, with no day named: the next day.
            }
        }

        return new Sitting(number, special, start, end, times.Count > 0);
    }

    private static Day ToDay(Match m) => new(
        int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture),
        m.Groups["m"].Success ? MonthOf(m.Groups["m"].Value) : null,
        m.Groups["y"].Success ? int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture) : null);

    private static int? MonthOf(string word) => ThaiText.MonthNumber(word) is var m and > 0 ? m : null;

    /// <summary>A Buddhist-era date as a Gregorian one (<see cref="ThaiText.FromBuddhistEra"/>); an impossible day is a layout error.</summary>
    private static DateOnly ToDate(string mid, string line, Day day) =>
        ThaiText.FromBuddhistEra(day.D, day.M!.Value, day.Y!.Value)
        ?? throw new SourceLayoutException(SourceName, $"mid {mid}: the sitting line '{line}' has an impossible date");

    private static TimeOnly ToTime(string mid, string line, Match m)
    {
        var h = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var min = int.Parse(m.Groups["min"].Value, CultureInfo.InvariantCulture);
        if (h > 24 || min > 59)
        {
            throw Layout(mid, $"the sitting line '{line}' has an impossible time");
        }

        return h == 24 ? TimeOnly.MaxValue : new TimeOnly(h, min);
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly time) =>
        new(day.ToDateTime(time), ThaiText.BangkokOffset);

    // ---- The agenda ------------------------------------------------------------------------

    private enum Marker
    {
        None,
        Numbered,
        Dash,
        SubPoint,
    }

    /// <summary>One line of the agenda: its text, whether all of it is bold, and the PDF links in it.</summary>
    private sealed class AgendaLine
    {
        public StringBuilder Text { get; } = new();

        public bool AnyBold { get; set; }

        public bool AnyPlain { get; set; }

        public List<(string Label, Uri? Url)> Links { get; } = [];
    }

    private readonly record struct Classified(string Text, bool Bold, Marker Marker, int? Number, string Rest, List<(string Label, Uri? Url)> Links);

    private sealed class ItemBuilder(int? number, string? heading, Marker marker, string first)
    {
        public int? Number { get; } = number;

        public string? Heading { get; } = heading;

        public Marker Marker { get; } = marker;

        public StringBuilder Title { get; } = new(first);

        public List<(string Label, Uri? Url)> Links { get; } = [];

        public void Add(string text)
        {
            if (text.Length == 0)
            {
                return;
            }

            if (Title.Length > 0)
            {
                Title.Append(' ');
            }

            Title.Append(text);
        }
    }

    private static List<AgendaItem> ReadAgenda(IElement cell, List<MeetingVote> votes)
    {
        var raw = new List<AgendaLine> { new() };
        Walk(cell, bold: false, raw);
        var lines = raw.Select(Classify).Where(l => l.Text.Length > 0).ToList();

        var items = new List<ItemBuilder>();
        string? heading = null;
        var headingHasItems = false;
        var headingIsFresh = false; // The last line was a heading: a heading line now continues it.
        ItemBuilder? current = null;
        var absorb = 0;

        void CloseHeadingWithoutItems()
        {
            if (heading is not null && !headingHasItems)
            {
                items.Add(new ItemBuilder(null, null, Marker.None, heading)); // A heading with nothing under it is business itself.
            }
        }

        void StartHeading(string text)
        {
            if (headingIsFresh && heading is not null)
            {
                heading = heading + " " + text;
                return;
            }

            CloseHeadingWithoutItems();
            heading = text;
            headingHasItems = false;
            headingIsFresh = true;
            current = null;
            absorb = 0;
        }

        void StartItem(int? number, Marker marker, string text, Classified line)
        {
            current = new ItemBuilder(number, heading, marker, text);
            current.Links.AddRange(line.Links);
            items.Add(current);
            headingHasItems = true;
            headingIsFresh = false;
        }

        void Continue(string text, Classified line)
        {
            current!.Add(text);
            current.Links.AddRange(line.Links);
            headingIsFresh = false;
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var next = i + 1 < lines.Count ? lines[i + 1] : (Classified?)null;

            if (line.Marker == Marker.None)
            {
                if (line.Bold || IsPlainHeading(line, next, current))
                {
                    StartHeading(line.Text);
                }
                else if (current is null)
                {
                    StartItem(null, Marker.None, line.Text, line);
                }
                else
                {
                    Continue(line.Text, line);
                }

                continue;
            }

            if (line.Marker == Marker.Dash && line.Rest.Length == 0)
            {
                continue; // "-" alone: the archive's "nothing".
            }

            if (absorb > 0 && current is not null)
            {
                absorb--;
                Continue(line.Text, line);
                continue;
            }

            var startsItem = line.Marker switch
            {
                Marker.Numbered => true,
                Marker.Dash => current is null || current.Marker != Marker.Numbered,
                _ => current is null,
            };
            if (startsItem)
            {
                StartItem(line.Marker == Marker.Dash ? null : line.Number, line.Marker, line.Rest, line);
                if (CountAnnouncement().Match(ThaiText.ToArabicDigits(line.Text)) is { Success: true } c && next is { } nx && StartsList(nx))
                {
                    absorb = int.Parse(c.Groups["n"].Value, CultureInfo.InvariantCulture);
                }
            }
            else
            {
                Continue(line.Text, line);
            }
        }

        CloseHeadingWithoutItems();

        var result = new List<AgendaItem>(items.Count);
        foreach (var item in items)
        {
            var title = Collapse(item.Title.ToString());
            result.Add(new AgendaItem(item.Number, item.Heading, title));
            foreach (var (label, url) in item.Links)
            {
                var arabic = ThaiText.ToArabicDigits(label);
                votes.Add(new MeetingVote(title, null, ReadingOf(arabic), url, label));
            }
        }

        return result;
    }

    /// <summary>A plain line is a heading when it is a standard section, or short and followed by the start of a new list.</summary>
    private static bool IsPlainHeading(Classified line, Classified? next, ItemBuilder? current)
    {
        if (SectionHeading().IsMatch(ThaiText.Normalize(line.Text)))
        {
            return true;
        }

        if (line.Text.Length > ShortHeadingLength || next is not { } n)
        {
            return false;
        }

        return (n.Marker == Marker.Numbered && n.Number == 1)
            || (n.Marker == Marker.Dash && (current is null || current.Marker == Marker.Numbered));
    }

    /// <summary>A line that begins a list: a dash, or a number one ("๑.", "๑)", "(๑)", "๒.๑").</summary>
    private static bool StartsList(Classified line) =>
        line.Marker == Marker.Dash || (line.Marker is Marker.Numbered or Marker.SubPoint && line.Number == 1);

    private static Classified Classify(AgendaLine line)
    {
        var text = Collapse(line.Text.ToString());
        var arabic = ThaiText.ToArabicDigits(text); // Same length as text: one digit for one digit.
        var bold = line.AnyBold && !line.AnyPlain;

        (Marker marker, Match m) = NumberedMarker().Match(arabic) is { Success: true } a ? (Marker.Numbered, a)
            : SubNumberMarker().Match(arabic) is { Success: true } s ? (Marker.SubPoint, s)
            : ParenMarker().Match(arabic) is { Success: true } p ? (Marker.SubPoint, p)
            : EnclosedMarker().Match(arabic) is { Success: true } e ? (Marker.SubPoint, e)
            : DashMarker().Match(arabic) is { Success: true } d ? (Marker.Dash, d)
            : (Marker.None, Match.Empty);

        int? number = marker != Marker.None && m.Groups["n"].Success
            ? int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture)
            : null;
        var rest = marker == Marker.None ? text : text[m.Length..].Trim();
        return new Classified(text, bold, marker, number, rest, line.Links);
    }

    /// <summary>Flattens the agenda cell into lines, keeping whether each stretch of text is bold.</summary>
    private static void Walk(INode node, bool bold, List<AgendaLine> lines)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                {
                    var value = text.Data.Replace('\u00A0', ' ');
                    lines[^1].Text.Append(value);
                    if (!string.IsNullOrWhiteSpace(value))
                    {
                        if (bold)
                        {
                            lines[^1].AnyBold = true;
                        }
                        else
                        {
                            lines[^1].AnyPlain = true;
                        }
                    }

                    break;
                }

                case IElement element:
                {
                    var tag = element.LocalName;
                    if (tag is "script" or "style")
                    {
                        break;
                    }

                    if (tag == "br")
                    {
                        lines.Add(new AgendaLine());
                        break;
                    }

                    if (tag == "a" && element.GetAttribute("href") is { } href && href.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
                    {
                        // A vote sheet linked from the agenda (older pages: "(ดูผลการลงมติ)"): a vote, not text.
                        lines[^1].Links.Add((Collapse(element.TextContent), Resolve(href)));
                        break;
                    }

                    var block = BlockTags.Contains(tag);
                    if (block)
                    {
                        lines.Add(new AgendaLine());
                    }

                    Walk(element, IsBold(element, bold), lines);
                    if (block)
                    {
                        lines.Add(new AgendaLine());
                    }

                    break;
                }
            }
        }
    }

    /// <summary>Layout: bold is &lt;b&gt;, &lt;strong&gt; or a style "font-weight: bold" (or 600–900); "font-weight: normal" ends it.</summary>
    private static bool IsBold(IElement element, bool inherited)
    {
        if (element.LocalName is "b" or "strong")
        {
            return true;
        }

        var style = (element.GetAttribute("style") ?? "").Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        var at = style.IndexOf("font-weight:", StringComparison.Ordinal);
        if (at < 0)
        {
            return inherited;
        }

        var value = style[(at + "font-weight:".Length)..].Split(';')[0];
        return value switch
        {
            "bold" or "bolder" or "600" or "700" or "800" or "900" => true,
            "normal" or "lighter" or "400" or "300" or "100" or "200" or "500" => false,
            _ => inherited,
        };
    }

    // ---- Vote sheets -----------------------------------------------------------------------

    /// <summary>
    /// Vote sheets, in page order. A list item with a link is a sheet; one without is a header: a
    /// bill or motion ("ร่างพระราชบัญญัติ…"), a part of it ("มาตรา ๘", "ชื่อร่าง") or a reading
    /// ("วาระที่ ๓") that the sheets below it belong to. A sheet whose link names its own subject
    /// ("- ญัตติ เรื่อง … (ผลการลงมติ)") stands on its own.
    /// </summary>
    private static List<MeetingVote> ReadVotes(IDocument document)
    {
        var votes = new List<MeetingVote>();
        string? title = null, section = null;
        int? reading = null;
        foreach (var li in document.QuerySelectorAll(VoteItemsSelector))
        {
            var link = li.QuerySelectorAll("a[href]").FirstOrDefault(a => !string.IsNullOrWhiteSpace(a.GetAttribute("href")));
            if (link is null)
            {
                var header = Collapse(DashMarker().Replace(Collapse(li.TextContent), ""));
                header = LeadingNumber().Replace(header, "", 1);
                if (header.Trim('-', '–', '—', ' ').Length == 0)
                {
                    continue; // A rule of dashes between bills.
                }

                var arabicHeader = ThaiText.Normalize(header);
                if (SectionStart().IsMatch(arabicHeader))
                {
                    section = arabicHeader;
                    reading = null;
                }
                else if (ReadingRx().Match(arabicHeader) is { Success: true, Index: 0 } r && arabicHeader.Length <= r.Length + 2)
                {
                    reading = int.Parse(r.Groups["n"].Value, CultureInfo.InvariantCulture);
                    section = null;
                }
                else
                {
                    title = header;
                    section = null;
                    reading = null;
                }

                continue;
            }

            var label = Collapse(link.TextContent);
            if (label.Length == 0)
            {
                label = Collapse(li.TextContent);
            }

            var core = Collapse(DashMarker().Replace(label, ""));
            var arabic = ThaiText.Normalize(core);
            var url = Resolve(link.GetAttribute("href"));
            var labelReading = ReadingOf(arabic);

            if (SectionStart().Match(arabic) is { Success: true } s)
            {
                votes.Add(new MeetingVote(title ?? TrimNotes(core), Spaces().Replace(s.Value, " "), labelReading ?? reading, url, label));
            }
            else if (arabic.StartsWith("วาระที่", StringComparison.Ordinal))
            {
                votes.Add(new MeetingVote(title ?? TrimNotes(core), null, labelReading, url, label));
            }
            else if (IsSheetKindOnly(core))
            {
                votes.Add(new MeetingVote(title ?? core, section, reading, url, label));
            }
            else
            {
                votes.Add(new MeetingVote(TrimNotes(core), null, labelReading, url, label));
            }
        }

        return votes;
    }

    private static int? ReadingOf(string arabic) =>
        ReadingRx().Match(arabic) is { Success: true } r ? int.Parse(r.Groups["n"].Value, CultureInfo.InvariantCulture) : null;

    /// <summary>A link that says only what kind of sheet it is: "(การตรวจสอบองค์ประชุม)", "(เห็นด้วยให้มีการแก้ไข) ผลการลงมติ".</summary>
    private static bool IsSheetKindOnly(string core)
    {
        var rest = Parenthesised().Replace(core, " ");
        foreach (var word in SheetKindWords)
        {
            rest = rest.Replace(word, " ", StringComparison.Ordinal);
        }

        return rest.Trim(' ', '-', '–').Length == 0;
    }

    /// <summary>The subject of a sheet without its trailing notes: "(วาระที่ ๑ ผลการลงมติ)", "(เห็นด้วยกับกรรมาธิการเสียงข้างมาก)".</summary>
    private static string TrimNotes(string core)
    {
        var text = core;
        while (TrailingParenthesised().Match(text) is { Success: true } m
               && (SheetKindWords.Any(w => m.Groups["inner"].Value.Contains(w, StringComparison.Ordinal))
                   || m.Groups["inner"].Value.Contains("วาระที่", StringComparison.Ordinal)
                   || m.Groups["inner"].Value.Contains("เห็นด้วย", StringComparison.Ordinal)))
        {
            text = text[..m.Index];
        }

        foreach (var word in SheetKindWords)
        {
            if (text.EndsWith(word, StringComparison.Ordinal) && text.Length > word.Length)
            {
                text = text[..^word.Length];
            }
        }

        return Collapse(text);
    }

    // ---- Text ------------------------------------------------------------------------------

    private static Uri? Resolve(string? href) =>
        string.IsNullOrWhiteSpace(href) ? null : Uri.TryCreate(PageBase, href.Trim(), out var uri) ? uri : null;

    /// <summary>Whitespace (and no-break spaces) collapsed to single spaces, trimmed, composed (NFC); digits as typed.</summary>
    private static string Collapse(string text) =>
        Spaces().Replace(text.Replace('\u00A0', ' ').Replace('\u200B', ' '), " ").Trim().Normalize(NormalizationForm.FormC);
}
