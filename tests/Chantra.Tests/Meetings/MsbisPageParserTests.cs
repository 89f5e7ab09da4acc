using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chantra.Domain.Meetings;
using Chantra.Domain.Sources;
using Chantra.Sources.Meetings;

namespace Chantra.Tests.Meetings;

/// <summary>
/// The MSBIS meeting-page parser on the shipped pages (Meetings/Data/msbis). The expected values
/// of <see cref="Every_page_gives_its_sitting_dates_and_agenda_count"/> were written by reading
/// each page (its &lt;strong&gt; line and its agenda cell), not from the parser's output.
/// </summary>
public sealed partial class MsbisPageParserTests
{
    private static readonly string DataDir = Path.Combine(AppContext.BaseDirectory, "Meetings", "Data", "msbis");

    private static readonly TimeSpan Bangkok = TimeSpan.FromHours(7);

    private static string Html(string file) => File.ReadAllText(Path.Combine(DataDir, file), Encoding.UTF8);

    private static byte[] Bytes(string file) => File.ReadAllBytes(Path.Combine(DataDir, file));

    private static MeetingPage Page(string mid) =>
        MsbisPageParser.Parse(mid, Bytes($"mid{mid}.html"), null) ?? throw new InvalidOperationException($"mid {mid} parsed to null");

    private static DateTimeOffset At(string local) =>
        new(DateTime.ParseExact(local, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), Bangkok);

    /// <summary>A real page with its sitting line (the text inside the &lt;strong&gt; of the sitting row) replaced.</summary>
    private static string WithSittingLine(string file, string line)
    {
        var html = Html(file);
        var replaced = SittingRow().Replace(html, $"<td><strong>{line}</strong></td>", 1);
        Assert.NotEqual(html, replaced);
        return replaced;
    }

    [GeneratedRegex(@"<td><strong>ครั้งที่[^<]*</strong></td>")]
    private static partial Regex SittingRow();

    // mid, body, sitting number, special, start (Bangkok), end (Bangkok, null when the page gives none), agenda items.
    [Theory]
    [InlineData("4132", MeetingBody.House, "2", false, "2019-05-26T09:19", "2019-05-26T17:43", 4)]
    [InlineData("4136", MeetingBody.House, "4", false, "2019-06-06T13:37", "2019-06-06T15:16", 4)]
    [InlineData("4142", MeetingBody.House, "9", false, "2019-07-04T09:30", "2019-07-04T18:28", 11)]
    [InlineData("4148", MeetingBody.House, "13", false, "2019-08-07T13:34", "2019-08-07T22:44", 11)]
    [InlineData("4153", MeetingBody.House, "17", false, "2019-08-21T13:02", "2019-08-21T21:16", 11)]
    [InlineData("4161", MeetingBody.House, "24", false, "2019-09-18T09:42", "2019-09-18T18:20", 5)]
    [InlineData("4181", MeetingBody.House, "18", false, "2020-01-15T14:08", "2020-01-15T20:28", 22)]
    [InlineData("4193", MeetingBody.House, "30", false, "2020-02-20T10:40", "2020-02-20T16:34", 7)]
    [InlineData("4196", MeetingBody.House, "32", false, "2020-02-28T09:48", "2020-02-28T10:24", 3)]
    [InlineData("4207", MeetingBody.JointSitting, "3", false, "2019-07-25T09:32", "2019-07-26T01:35", 2)]
    [InlineData("4213", MeetingBody.House, "14", false, "2020-07-22T10:39", "2020-07-22T19:20", 22)]
    [InlineData("4214", MeetingBody.House, "15", false, "2020-07-23T10:38", "2020-07-23T18:44", 10)]
    [InlineData("4228", MeetingBody.JointSitting, "3", false, "2020-09-01T10:14", "2020-09-01T18:28", 3)]
    [InlineData("4230", MeetingBody.House, "28", true, "2020-09-09T09:51", "2020-09-10T01:28", 2)]
    [InlineData("4243", MeetingBody.House, "5", false, "2020-11-25T10:43", "2020-11-25T19:44", 23)]
    [InlineData("4265", MeetingBody.NationalLegislativeAssembly, null, false, "1977-11-23T00:00", null, 1)]
    [InlineData("4296", MeetingBody.JointSitting, "12", false, "1982-07-28T09:35", "1982-07-28T17:05", 1)]
    [InlineData("4297", MeetingBody.JointSitting, "12", false, "1982-07-29T10:02", "1982-07-29T17:52", 1)]
    [InlineData("4314", MeetingBody.House, "13", false, "2021-01-21T11:09", "2021-01-21T19:11", 23)]
    [InlineData("4317", MeetingBody.House, "1", true, "2021-05-27T09:44", "2021-05-27T19:33", 3)]
    [InlineData("4330", MeetingBody.House, "11", true, "2021-08-18T09:33", "2021-08-18T20:15", 5)]
    [InlineData("4334", MeetingBody.JointSitting, "4", false, "2021-08-24T09:48", "2021-08-24T18:23", 2)]
    [InlineData("4350", MeetingBody.House, "5", false, "2021-11-11T10:43", "2021-11-11T22:00", 21)]
    [InlineData("4357", MeetingBody.House, "10", true, "2021-11-26T10:39", "2021-11-26T17:37", 3)]
    [InlineData("4367", MeetingBody.JointSitting, "4", false, "2021-12-21T09:30", "2021-12-21T16:36", 7)]
    [InlineData("4378", MeetingBody.House, "29", true, "2022-02-04T10:46", "2022-02-04T14:51", 3)]
    [InlineData("4381", MeetingBody.JointSitting, "5", false, "2022-02-08T09:43", "2022-02-08T17:03", 5)]
    [InlineData("4389", MeetingBody.House, "4", true, "2022-05-31T09:46", "2022-06-03T01:28", 5)]
    [InlineData("4392", MeetingBody.House, "5", false, "2022-06-08T10:39", "2022-06-08T20:33", 7)]
    [InlineData("4395", MeetingBody.JointSitting, "4", false, "2022-06-17T09:54", "2022-06-17T16:25", 1)]
    [InlineData("4432", MeetingBody.House, "2", false, "2022-11-03T10:37", "2022-11-03T19:47", 16)]
    [InlineData("4439", MeetingBody.JointSitting, "1", false, "2022-11-29T09:52", "2022-11-29T21:30", 7)]
    [InlineData("4444", MeetingBody.House, "11", false, "2022-12-08T10:38", "2022-12-08T17:23", 25)]
    [InlineData("4449", MeetingBody.House, "16", false, "2022-12-22T10:40", "2022-12-22T16:15", 20)]
    [InlineData("4452", MeetingBody.House, "19", false, "2023-01-04T10:38", "2023-01-04T15:04", 2)]
    [InlineData("4453", MeetingBody.House, "20", false, "2023-01-05T10:41", "2023-01-05T18:38", 28)]
    [InlineData("4462", MeetingBody.House, "25", false, "2023-02-01T10:41", "2023-02-01T17:22", 6)]
    [InlineData("4493", MeetingBody.House, "25/2482", false, "1939-10-11T00:00", null, 0)]
    [InlineData("4494", MeetingBody.House, "26/2482", false, "1939-10-12T00:00", null, 0)]
    public void Every_page_gives_its_sitting_dates_and_agenda_count(
        string mid, MeetingBody body, string? sitting, bool special, string start, string? end, int items)
    {
        var page = Page(mid);

        Assert.Equal(mid, page.SourceId);
        Assert.Equal(body, page.Body);
        Assert.Equal(sitting, page.SittingNumber);
        Assert.Equal(special, page.Special);
        Assert.Equal(At(start), page.Start);
        Assert.Equal(Bangkok, page.Start.Offset);
        Assert.Equal(end is null ? null : At(end), page.End);
        Assert.Equal(end is not null, page.TimesGiven);
        Assert.Equal(items, page.AgendaItems.Count);
        Assert.All(page.AgendaItems, i => Assert.False(string.IsNullOrWhiteSpace(i.Title)));
    }

    [Fact]
    public void The_empty_template_in_the_data_set_is_no_meeting()
    {
        // mid 4313 is what MSBIS answers for a mid it does not know: empty heading, empty sitting line
        // (this one still carries vote-sheet links).
        Assert.Null(MsbisPageParser.Parse("4313", Bytes("mid4313.html"), null));
    }

    [Fact]
    public void The_40_utf8_pages_are_all_in_the_theory()
    {
        var files = Directory.GetFiles(DataDir, "mid*.html").Select(Path.GetFileName).Where(f => !f!.Contains(".tis620", StringComparison.Ordinal)).ToList();
        Assert.Equal(40, files.Count);
        var inTheory = typeof(MsbisPageParserTests).GetMethod(nameof(Every_page_gives_its_sitting_dates_and_agenda_count))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => $"mid{a.GetData(null!).Single()[0]}.html").Append("mid4313.html");
        Assert.Equal(files.Order(StringComparer.Ordinal), inTheory.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("4132")]
    [InlineData("4136")]
    public void A_tis620_page_parses_to_what_its_utf8_twin_does(string mid)
    {
        var tis = Bytes($"mid{mid}.tis620.html");
        var utf8 = Bytes($"mid{mid}.html");
        Assert.NotEqual(utf8, tis);

        var fromUtf8 = MsbisPageParser.Parse(mid, utf8, null);
        var sniffed = MsbisPageParser.Parse(mid, tis, null);
        var named = MsbisPageParser.Parse(mid, tis, "TIS-620");
        var namedWindows = MsbisPageParser.Parse(mid, tis, "windows-874");
        var misnamed = MsbisPageParser.Parse(mid, tis, "utf-8");

        Assert.NotNull(fromUtf8);
        var expected = JsonSerializer.Serialize(fromUtf8);
        Assert.Equal(expected, JsonSerializer.Serialize(sniffed));
        Assert.Equal(expected, JsonSerializer.Serialize(named));
        Assert.Equal(expected, JsonSerializer.Serialize(namedWindows));
        Assert.Equal(expected, JsonSerializer.Serialize(misnamed));
        Assert.Contains("<span style=\"font-family: tahoma;font-size: 17px;\">ข้อมูลการประชุมสภาผู้แทนราษฎร</span>", MsbisPageParser.Decode(tis, null), StringComparison.Ordinal);
    }

    [Fact]
    public void A_meta_charset_is_honoured()
    {
        var tis = Bytes("mid4132.tis620.html");
        var withMeta = Encoding.ASCII.GetBytes("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=tis-620\">").Concat(tis).ToArray();

        var page = MsbisPageParser.Parse("4132", withMeta, null);

        Assert.Equal(JsonSerializer.Serialize(Page("4132")), JsonSerializer.Serialize(page));
    }

    /// <summary>
    /// An empty template made from a real page the way MSBIS serves an unknown mid (compare mid 4313):
    /// mid4132's heading span and sitting &lt;strong&gt; emptied, its breadcrumb cut to "หน้าหลัก", its agenda
    /// cell emptied and its vote sheets and documents left out.
    /// </summary>
    [Fact]
    public void An_empty_template_made_from_a_real_page_is_no_meeting()
    {
        var html = Html("mid4132.html");
        html = Regex.Replace(html, "(font-size: 17px;\">)[^<]*(</span>)", "$1$2");
        html = Regex.Replace(html, "<td><a href=\"#G\" onClick=\"show_datawarehouse_list.*?<hr", "<td><a href=\"#G\" onClick=\"show_datawarehouse_list('','','');\" >หน้าหลัก</a>&nbsp; <hr");
        html = SittingRow().Replace(html, "<td><strong></strong></td>");
        html = Regex.Replace(html, "(<tr id=\"mydetail\" style=\"display:none\">\\s*<td>).*?(</td>)", "$1\n\t<br />\n\t$2", RegexOptions.Singleline);
        html = Regex.Replace(html, "<tr>\\s*<td><a href=\"#detail\" onClick=\"if\\(document.all.mydetail_o.*?</ul>\\s*</td>\\s*</tr>", "", RegexOptions.Singleline);
        html = Regex.Replace(html, "<tr>\\s*<td><strong>ข้อมูลการประชุม</strong>.*?(<tr>\\s*<td>&nbsp;</td>)", "$1", RegexOptions.Singleline);
        Assert.DoesNotContain("ครั้งที่", html, StringComparison.Ordinal);
        Assert.DoesNotContain("main_warehouse_dll_x", html, StringComparison.Ordinal);

        Assert.Null(MsbisPageParser.Parse("999999", Encoding.UTF8.GetBytes(html), "utf-8"));
    }

    [Fact]
    public void A_page_with_its_heading_but_no_sitting_line_is_a_layout_change()
    {
        var html = Regex.Replace(Html("mid4132.html"), @"<tr>\s*<td><strong>ครั้งที่[^<]*</strong></td>\s*</tr>", "");
        Assert.DoesNotContain("<strong>ครั้งที่", html, StringComparison.Ordinal);

        var ex = Assert.Throws<SourceLayoutException>(() => MsbisPageParser.Parse("4132", Encoding.UTF8.GetBytes(html), null));

        Assert.Equal(MsbisPageParser.SourceName, ex.SourceName);
        Assert.Contains("sitting line", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_with_its_heading_and_an_empty_sitting_line_is_a_layout_change()
    {
        var html = SittingRow().Replace(Html("mid4132.html"), "<td><strong></strong></td>");

        Assert.Throws<SourceLayoutException>(() => MsbisPageParser.Parse("4132", html));
    }

    [Fact]
    public void A_page_without_the_heading_span_or_the_agenda_row_is_a_layout_change()
    {
        var noHeading = Html("mid4132.html").Replace("font-size: 17px;", "font-size: 18px;", StringComparison.Ordinal);
        var noAgenda = Html("mid4132.html").Replace("id=\"mydetail\"", "id=\"detail\"", StringComparison.Ordinal);

        Assert.Throws<SourceLayoutException>(() => MsbisPageParser.Parse("4132", noHeading));
        Assert.Throws<SourceLayoutException>(() => MsbisPageParser.Parse("4132", noAgenda));
        Assert.Throws<SourceLayoutException>(() => MsbisPageParser.Parse("4132", "<html><body>Service unavailable</body></html>"));
    }

    [Fact]
    public void A_heading_that_names_no_known_body_is_a_layout_change()
    {
        var html = Html("mid4132.html").Replace("font-size: 17px;\">ข้อมูลการประชุมสภาผู้แทนราษฎร", "font-size: 17px;\">ข้อมูลการสัมมนา", StringComparison.Ordinal);

        Assert.Throws<SourceLayoutException>(() => MsbisPageParser.Parse("4132", html));
    }

    [Fact]
    public void A_sitting_line_with_no_date_is_a_layout_change()
    {
        var html = WithSittingLine("mid4132.html", "ครั้งที่ ๒ (วันที่จะแจ้งภายหลัง)");

        Assert.Throws<SourceLayoutException>(() => MsbisPageParser.Parse("4132", html));
    }

    [Fact]
    public void Thai_and_Arabic_digits_in_the_sitting_line_read_the_same()
    {
        // Synthetic: mid4132 with the sitting line of SOURCES.md typed in both kinds of digits.
        var thai = MsbisPageParser.Parse("4132", WithSittingLine("mid4132.html", "ครั้งที่ ๒๙ วันพุธที่ ๒๒ กุมภาพันธ์ ๒๕๖๖ เวลา ๑๐.๔๓ - ๑๔.๔๒ น."))!;
        var arabic = MsbisPageParser.Parse("4132", WithSittingLine("mid4132.html", "ครั้งที่ 29 วันพุธที่ 22 กุมภาพันธ์ 2566 เวลา 10.43 - 14.42 น."))!;

        Assert.Equal("29", thai.SittingNumber);
        Assert.Equal(At("2023-02-22T10:43"), thai.Start);
        Assert.Equal(At("2023-02-22T14:42"), thai.End);
        Assert.Equal((thai.SittingNumber, thai.Start, thai.End), (arabic.SittingNumber, arabic.Start, arabic.End));
    }

    [Fact]
    public void Special_sittings_are_flagged_with_or_without_brackets()
    {
        // In the data: "ครั้งที่ ๒๘ เป็นพิเศษ …" (mid 4230). Synthetic: the bracketed "(เป็นพิเศษ)".
        var real = Page("4230");
        var bracketed = MsbisPageParser.Parse("4132", WithSittingLine("mid4132.html", "ครั้งที่ ๗ (เป็นพิเศษ) วันศุกร์ที่ ๔ กุมภาพันธ์ ๒๕๖๕ เวลา ๑๐.๔๖ - ๑๔.๕๑ น."))!;
        var plain = Page("4243");

        Assert.Equal(("28", true), (real.SittingNumber, real.Special));
        Assert.Equal(("7", true), (bracketed.SittingNumber, bracketed.Special));
        Assert.Equal(At("2022-02-04T10:46"), bracketed.Start);
        Assert.Equal(("5", false), (plain.SittingNumber, plain.Special));
    }

    [Fact]
    public void A_sitting_over_several_days_starts_on_the_first_and_ends_on_the_day_named_after_the_end_time()
    {
        // In the data: "วันอังคารที่ ๓๑ พฤษภาคม ถึงวันพฤหัสบดีที่ ๒ มิถุนายน ๒๕๖๕ เวลา ๐๙.๔๖ - ๐๑.๒๘ น. ของวันที่ ๓ มิถุนายน ๒๕๖๕".
        var page = Page("4389");

        Assert.Equal(At("2022-05-31T09:46"), page.Start);
        Assert.Equal(At("2022-06-03T01:28"), page.End);
    }

    [Fact]
    public void A_range_without_an_end_day_ends_on_its_last_day_and_a_range_over_new_year_takes_the_year_before()
    {
        // Synthetic lines (the data has no such range).
        var range = MsbisPageParser.Parse("4132", WithSittingLine("mid4132.html", "ครั้งที่ ๓ วันอังคารที่ ๑๐ ถึงวันพฤหัสบดีที่ ๑๒ ธันวาคม ๒๕๖๗ เวลา ๐๙.๓๐ - ๒๑.๐๐ น."))!;
        var newYear = MsbisPageParser.Parse("4132", WithSittingLine("mid4132.html", "ครั้งที่ ๔ วันพุธที่ ๓๐ ธันวาคม ถึงวันเสาร์ที่ ๒ มกราคม ๒๕๖๔ เวลา ๐๙.๓๐ - ๑๗.๐๐ น."))!;

        Assert.Equal(At("2024-12-10T09:30"), range.Start);
        Assert.Equal(At("2024-12-12T21:00"), range.End);
        Assert.Equal(At("2020-12-30T09:30"), newYear.Start);
        Assert.Equal(At("2021-01-02T17:00"), newYear.End);
    }

    [Fact]
    public void Times_in_nalika_and_past_midnight_without_a_day_are_read()
    {
        // Synthetic: "นาฬิกา" in a fragment (the UTF-8 fragments have it only in agenda text; the 2569
        // outer page has it in its sitting line, see the rendered-page test), and an end past midnight
        // with no day named after it.
        var nalika = MsbisPageParser.Parse("4132", WithSittingLine("mid4132.html", "ครั้งที่ ๗ วันพุธที่ ๒๒ กุมภาพันธ์ ๒๕๖๖ เวลา ๐๙.๓๐ นาฬิกา - ๑๖.๔๕ นาฬิกา"))!;
        var late = MsbisPageParser.Parse("4132", WithSittingLine("mid4132.html", "ครั้งที่ ๘ วันพุธที่ ๒๒ กุมภาพันธ์ ๒๕๖๖ เวลา ๒๑.๐๐ - ๐๑.๑๕ น."))!;

        Assert.Equal((At("2023-02-22T09:30"), At("2023-02-22T16:45")), (nalika.Start, nalika.End!.Value));
        Assert.Equal((At("2023-02-22T21:00"), At("2023-02-23T01:15")), (late.Start, late.End!.Value));
    }

    [Fact]
    public void Dates_before_2484_in_January_to_March_use_the_old_new_year()
    {
        // Synthetic: until B.E. 2483 the Thai year began on 1 April, so January 2482 is 1940.
        var page = MsbisPageParser.Parse("4493", Html("mid4493.html").Replace("วันพุธที่ ๑๑ ตุลาคม ๒๔๘๒", "วันพุธที่ ๑๐ มกราคม ๒๔๘๒", StringComparison.Ordinal))!;

        Assert.Equal(At("1940-01-10T00:00"), page.Start);
        Assert.Equal(At("1939-10-11T00:00"), Page("4493").Start);
    }

    [Fact]
    public void The_breadcrumb_gives_term_year_and_session()
    {
        var house = Page("4181");
        var joint = Page("4207");
        var assembly = Page("4265");
        var older = Page("4296");

        Assert.Equal((25, 1, (int?)null, "สมัยสามัญประจำปีครั้งที่สอง", SessionKind.Ordinary), (house.Term, house.Year, house.BuddhistEraYear, house.Session, house.SessionKind));
        Assert.Equal(((int?)null, (int?)null, 2562, "สมัยสามัญประจำปีครั้งที่หนึ่ง", SessionKind.Ordinary), (joint.Term, joint.Year, joint.BuddhistEraYear, joint.Session, joint.SessionKind));
        Assert.Equal(((int?)null, (int?)null, 2520, (string?)null, SessionKind.Unknown), (assembly.Term, assembly.Year, assembly.BuddhistEraYear, assembly.Session, assembly.SessionKind));
        Assert.Equal(("สามัญ", SessionKind.Ordinary), (older.Session, older.SessionKind));
        Assert.Equal((4, 2), (Page("4493").Term!.Value, Page("4493").Year!.Value));
        Assert.Equal("พิธีเปิดประชุมสภานิติบัญญัติแห่งชาติ วันพุธที่ ๒๓ พฤศจิกายน ๒๕๒๐", assembly.SittingLine);
    }

    [Fact]
    public void Agenda_items_keep_their_number_heading_and_whole_text()
    {
        var page = Page("4132");

        Assert.Equal(
            [
                new AgendaItem(1, "เรื่องที่ประธานแจ้งต่อที่ประชุม", "การถ่ายทอดการประชุมสภาผู้แทนราษฎร ทางสถานีวิทยุกระจายเสียงรัฐสภาและสถานีวิทยุโทรทัศน์รัฐสภา"),
                new AgendaItem(2, "เรื่องที่ประธานแจ้งต่อที่ประชุม", "พลเอก เปรม ติณสูลานนท์ ประธานองคมนตรีและรัฐบุรุษ ถึงแก่อสัญกรรม"),
                new AgendaItem(null, "เลือกประธานสภาผู้แทนราษฎร", "เลือกรองประธานสภาผู้แทนราษฎรคนที่หนึ่ง (นายสุชาติ ตันเจริญ)"),
                new AgendaItem(null, "เลือกรองประธานสภาผู้แทนราษฎร", "เลือกรองประธานสภาผู้แทนราษฎรคนที่สอง (นายศุภชัย โพธิ์สุ)"),
            ],
            page.AgendaItems);
    }

    [Fact]
    public void Plain_headings_sub_points_and_heading_only_business_are_cut_as_the_rule_says()
    {
        // mid 4196: "เรื่องที่ประธานแจ้งต่อที่ประชุม" is bold by a style (font-weight: 700), not by <b>.
        Assert.Equal(
            ["เรื่องด่วน", "เรื่องที่ประธานแจ้งต่อที่ประชุม", "เรื่องที่ประธานแจ้งต่อที่ประชุม"],
            Page("4196").AgendaItems.Select(i => i.Heading));

        // mid 4161: the closing decree, a bold line with nothing under it, is business itself.
        var closing = Page("4161").AgendaItems[^1];
        Assert.Equal((null, null), (closing.Number, closing.Heading));
        Assert.StartsWith("เชิญพระบรมราชโองการประกาศพระราชกฤษฎีกาปิดประชุมรัฐสภา", closing.Title, StringComparison.Ordinal);

        // mid 4243: "- รับทราบ… จำนวน ๔ เรื่อง" keeps its four "๑)" points; "เรื่องอื่น ๆ" (plain) starts a group.
        var p4243 = Page("4243").AgendaItems;
        var senate = Assert.Single(p4243, i => i.Heading == "เรื่องที่ประธานแจ้งต่อที่ประชุม");
        Assert.Contains("๔) รายงานการพัฒนาระบบราชการไทย ประจำปี พ.ศ. ๒๕๖๑", senate.Title, StringComparison.Ordinal);
        Assert.Equal(3, p4243.Count(i => i.Heading == "เรื่องอื่น ๆ"));
        Assert.Single(p4243, i => i.Heading == "รับรองรายงานการประชุม");

        // mid 4392: "- รับทราบการพิจารณาของวุฒิสภา จำนวน ๒ เรื่อง" takes "๑." and "๒." as its points; "๓." stands alone.
        var announcements = Page("4392").AgendaItems.Where(i => i.Heading == "เรื่องที่ประธานจะแจ้งต่อที่ประชุม").ToList();
        Assert.Equal(2, announcements.Count);
        Assert.Contains("๒. ลงมติเห็นชอบ", announcements[0].Title, StringComparison.Ordinal);
        Assert.Equal(3, announcements[1].Number);
        Assert.StartsWith("คำวินิจฉัยศาลรัฐธรรมนูญ", announcements[1].Title, StringComparison.Ordinal);

        // mid 4153: an item before any heading.
        Assert.Null(Page("4153").AgendaItems[0].Heading);

        // mid 4181: "รับรองรายงานการประชุม" with a plain line and seven "ครั้งที่ …" lines is one item.
        var minutes = Assert.Single(Page("4181").AgendaItems, i => i.Heading == "รับรองรายงานการประชุม");
        Assert.Null(minutes.Number);
        Assert.EndsWith("ครั้งที่ ๑๖ วันพฤหัสบดีที่ ๑๕ สิงหาคม ๒๕๖๒", minutes.Title, StringComparison.Ordinal);
    }

    // Pages whose group headings are bold by a style ("font-weight: 700", "font-weight: bold") or split
    // by a line break inside the bold; groups as "heading×items", read from the pages.
    [Theory]
    [InlineData("4317", "เรื่องที่ประธานแจ้งต่อที่ประชุม×1|เรื่องด่วน×2")]
    [InlineData("4389", "เรื่องที่ประธานจะแจ้งต่อที่ประชุม×4|เรื่องด่วน×1")]
    [InlineData("4452", "เรื่องที่ประธานจะแจ้งต่อที่ประชุม×1|เรื่องที่ที่ประชุมเห็นชอบให้เลื่อนขึ้นมาพิจารณาก่อน×1")]
    [InlineData("4462", "เรื่องที่ประธานแจ้งต่อที่ประชุม×3|ญัตติด่วน×2|เรื่องที่ที่ประชุมเห็นชอบให้เลื่อนขึ้นมาพิจารณาก่อน×1")]
    [InlineData("4439", "เรื่องที่ประธานจะแจ้งต่อที่ประชุม×2|รับรองรายงานการประชุม×2|เรื่องที่คณะกรรมาธิการพิจารณาเสร็จแล้ว×1|เรื่องด่วน×2")]
    [InlineData("4350", "กระทู้ถามสดด้วยวาจา×3|กระทู้ถามทั่วไป×5|กระทู้ถามแยกเฉพาะ×5|เรื่องที่ประธานจะแจ้งต่อที่ประชุม×3|เรื่องอื่น ๆ×4|ญัตติด่วน×1")]
    [InlineData("4243", "กระทู้ถามสดด้วยวาจา×3|กระทู้ถามทั่วไป×6|กระทู้ถามแยกเฉพาะ×7|เรื่องที่ประธานแจ้งต่อที่ประชุม×1|เรื่องอื่น ๆ×3|รับรองรายงานการประชุม×1|เรื่องที่คณะกรรมาธิการพิจารณาเสร็จแล้ว×2")]
    [InlineData("4213", "กระทู้ถามสดด้วยวาจา×3|กระทู้ถามทั่วไป×6|กระทู้ถามแยกเฉพาะ×6|เรื่องที่ประธานแจ้งต่อที่ประชุม×2|ระเบียบวาระที่ ๗ เรื่องอื่น ๆ×4|ระเบียบวาระเรื่องด่วน×1")]
    public void Groups_follow_the_headings(string mid, string groups)
    {
        var actual = new List<string>();
        foreach (var item in Page(mid).AgendaItems)
        {
            var heading = item.Heading ?? "(none)";
            if (actual.Count > 0 && actual[^1].StartsWith(heading + "×", StringComparison.Ordinal))
            {
                var n = int.Parse(actual[^1][(heading.Length + 1)..], CultureInfo.InvariantCulture);
                actual[^1] = $"{heading}×{n + 1}";
            }
            else
            {
                actual.Add($"{heading}×1");
            }
        }

        Assert.Equal(groups, string.Join("|", actual));
    }

    [Fact]
    public void Vote_sheets_carry_their_bill_section_reading_and_absolute_pdf()
    {
        var p4132 = Page("4132").Votes;
        Assert.Equal(2, p4132.Count);
        Assert.Equal("การพิจารณาเลือกรองประธานสภาผู้แทนราษฎรคนที่หนึ่ง", p4132[0].Title);
        Assert.Equal(new Uri("https://msbis.parliament.go.th/ewtadmin/ewt/parliament_report/download/vote_detail/20190527114556A0.pdf"), p4132[0].PdfUrl);

        var p4439 = Page("4439").Votes;
        Assert.Equal(46, p4439.Count);
        Assert.Equal("ร่างพระราชบัญญัติส่งเสริมการเรียนรู้ พ.ศ. .... ซึ่งคณะกรรมาธิการวิสามัญพิจารณาเสร็จแล้ว", p4439[0].Title);
        Assert.Equal("มาตรา 4", p4439[0].Section);
        var third = Assert.Single(p4439, v => v.PdfUrl!.AbsolutePath.EndsWith("20221129184954A58.pdf", StringComparison.Ordinal));
        Assert.Equal((3, (string?)null), (third.Reading!.Value, third.Section));
        Assert.StartsWith("ความตกลงกรุงเฮก", p4439[^1].Title, StringComparison.Ordinal);
        Assert.Null(p4439[^1].Section);

        var p4181 = Page("4181").Votes;
        Assert.Equal(("ร่างพระราชบัญญัติกองทุนฟื้นฟูและพัฒนาเกษตรกร (ฉบับที่ ..) พ.ศ. ....", 1), (p4181[0].Title, p4181[0].Reading!.Value));

        // mid 4334: the last two sheets name their own motion, not the bill above them.
        var p4334 = Page("4334").Votes;
        Assert.Equal(58, p4334.Count);
        Assert.StartsWith("ญัตติ เรื่อง ขอให้รัฐสภาวินิจฉัยตีความข้อบังคับ", p4334[^1].Title, StringComparison.Ordinal);
        Assert.Equal("ร่างประมวลกฎหมายยาเสพติด", p4334[0].Title);
        Assert.Equal("มาตรา 84", p4334[0].Section);
    }

    [Fact]
    public void Documents_are_listed_with_absolute_links()
    {
        var docs = Page("4132").Documents;

        Assert.Equal(["บันทึกการประชุม", "บันทึกการออกเสียงและลงคะแนน", "รายงานการประชุม", "สรุปการประชุม", "ประมวลคำวินิจฉัย"], docs.Select(d => d.Title));
        Assert.Equal(new Uri("https://msbis.parliament.go.th/ewtadmin/ewt/parliament_report/main_warehouse_dll_x.php?aid=9053&mid=4132"), docs[0].Url);
    }

    [Fact]
    public void The_rendered_outer_page_of_2569_has_the_same_structure()
    {
        // "ครั้งที่ ๒๕ เป็นพิเศษ วันจันทร์ที่ ๒๙ มิถุนายน ถึงวันพุธที่ ๑ กรกฎาคม ๒๕๖๙ เวลา ๐๙.๒๐ - ๒๑.๒๙ นาฬิกา ของวันพุธที่ ๑ กรกฎาคม"
        var page = MsbisPageParser.Parse("4732", Bytes("m_id4732.rendered.html"), null)!;

        Assert.Equal((MeetingBody.House, 27, 1, "สมัยสามัญประจำปีครั้งที่หนึ่ง"), (page.Body, page.Term!.Value, page.Year!.Value, page.Session));
        Assert.Equal(("25", true), (page.SittingNumber, page.Special));
        Assert.Equal(At("2026-06-29T09:20"), page.Start);
        Assert.Equal(At("2026-07-01T21:29"), page.End);
        // "เรื่องด่วน": the budget bill; then a bold motion (two bold lines) with nothing under it.
        Assert.Equal(2, page.AgendaItems.Count);
        Assert.Equal("เรื่องด่วน", page.AgendaItems[0].Heading);
        Assert.StartsWith("ญัตติตามข้อบังคับฯ ข้อ ๕๔ (๒)", page.AgendaItems[1].Title, StringComparison.Ordinal);
        Assert.EndsWith("เพื่อขอเปลี่ยน ระเบียบวาระการประชุม", page.AgendaItems[1].Title, StringComparison.Ordinal);
        Assert.Equal(4, page.Votes.Count);
        Assert.Equal(("ร่างพระราชบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. ๒๕๗๐", 1), (page.Votes[0].Title, page.Votes[0].Reading!.Value));
        Assert.StartsWith("การของดใช้ข้อบังคับฯ ข้อ ๕๔", page.Votes[3].Title, StringComparison.Ordinal);
        Assert.Null(page.Votes[3].Reading);
        Assert.Equal(2, page.Documents.Count);
    }

    [Fact]
    public void The_rendered_outer_page_of_2547_has_the_same_frame_and_an_older_agenda()
    {
        // "ครั้งที่ ๒๐ วันพฤหัสบดีที่ ๘ เมษายน  ๒๕๔๗ เวลา   ๑๐.๐๐ น.– ๑๖.๒๕ น."; the agenda is a list whose
        // groups are not bold: "การพิจารณาญัตติ" plain (a short line before a dash list), "กระทู้ถามสด"
        // coloured (a standard section name). The only page in the set with headings not in bold.
        var page = MsbisPageParser.Parse("796", Bytes("m_id796.rendered.html"), null)!;

        Assert.Equal((MeetingBody.House, 21, 4, "สามัญทั่วไป", SessionKind.Ordinary), (page.Body, page.Term!.Value, page.Year!.Value, page.Session, page.SessionKind));
        Assert.Equal(("20", false), (page.SittingNumber, page.Special));
        Assert.Equal(At("2004-04-08T10:00"), page.Start);
        Assert.Equal(At("2004-04-08T16:25"), page.End);
        Assert.Equal(7, page.AgendaItems.Count);
        Assert.Equal(4, page.AgendaItems.Count(i => i.Heading == "การพิจารณาญัตติ"));
        Assert.Equal(3, page.AgendaItems.Count(i => i.Heading == "กระทู้ถามสด"));
        var vote = Assert.Single(page.Votes);
        Assert.Equal("ญัตติด่วน เรื่อง สถานการณ์จังหวัดชายแดนภาคใต้", vote.Title);
        Assert.Equal(new Uri("https://msbis.parliament.go.th/ewtadmin/ewt/parliament_report/vote/21_4g/20/1529.pdf"), vote.PdfUrl);
        Assert.Equal(3, page.Documents.Count);
    }
}
