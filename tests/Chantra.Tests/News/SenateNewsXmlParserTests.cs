using System.Globalization;
using System.Text;
using Chantra.Domain.News;
using Chantra.Domain.Sources;
using Chantra.Sources.News;

namespace Chantra.Tests.News;

/// <summary>
/// The Senate news XML parser on the shipped hand-written fixtures (News/Data, see its README) and on
/// broken copies. Expected values were written from reading the fixtures, not from the parser's output.
/// </summary>
public sealed class SenateNewsXmlParserTests
{
    internal static readonly string DataDir = Path.Combine(AppContext.BaseDirectory, "News", "Data");

    private static readonly TimeSpan Bangkok = TimeSpan.FromHours(7);

    internal static byte[] Bytes(string file) => File.ReadAllBytes(Path.Combine(DataDir, file));

    internal static SenateNewsFeed Fixture(string file) => SenateNewsXmlParser.Parse(Bytes(file), null);

    private static DateTimeOffset At(string local) =>
        new(DateTime.ParseExact(local, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), Bangkok);

    private const string Site = "http://web.senate.go.th";

    // ---- both shapes ---------------------------------------------------------------------------

    [Fact]
    public void A_list_of_categories_each_with_a_list_of_items_gives_every_shown_item_in_document_order()
    {
        var feed = Fixture("senatenews.xml");

        Assert.Equal(["ข่าวประชาสัมพันธ์", "ข่าวกิจกรรมคณะกรรมาธิการ"], feed.ShownCategories);
        Assert.Equal(["ข่าวภายในสำนักงาน"], feed.HiddenCategories);
        Assert.Equal(0, feed.SkippedItems);
        Assert.Equal(
            [
                ("ข่าวประชาสัมพันธ์", "วุฒิสภาเปิดให้ประชาชนเข้าชมการประชุมผ่านช่องทางออนไลน์", At("2019-05-10T09:30"), true),
                ("ข่าวประชาสัมพันธ์", "การประชุมวุฒิสภา ครั้งแรก", At("2019-05-24T10:00"), true),
                ("ข่าวประชาสัมพันธ์", "วุฒิสภารับฟังความคิดเห็นประชาชนต่อร่างพระราชบัญญัติ", At("2019-06-12T13:30"), true),
                ("ข่าวประชาสัมพันธ์", "วุฒิสภาจัดกิจกรรมรัฐสภาสัญจรพบประชาชน", At("2019-08-02T00:00"), false),
                ("ข่าวกิจกรรมคณะกรรมาธิการ", "คณะกรรมาธิการการศึกษาประชุมพิจารณาร่างพระราชบัญญัติการศึกษาแห่งชาติ", At("2019-05-30T14:00"), true),
                ("ข่าวกิจกรรมคณะกรรมาธิการ", "คณะกรรมาธิการศึกษาดูงานด้านการบริหารจัดการน้ำ", At("2019-07-15T08:00"), true),
                ("ข่าวกิจกรรมคณะกรรมาธิการ", "คณะกรรมาธิการการเงินการคลังรับฟังการชี้แจงงบประมาณ", At("2019-11-05T10:00"), true),
            ],
            feed.Items.Select(i => (i.Category, i.Title, i.PublishedAt, i.TimeGiven)));
        Assert.All(feed.Items, i => Assert.Equal(Bangkok, i.PublishedAt.Offset));
    }

    [Fact]
    public void One_category_with_one_item_given_as_child_elements_is_read_like_a_list()
    {
        var feed = Fixture("senatenews-single.xml");

        Assert.Equal(["ข่าวประชาสัมพันธ์"], feed.ShownCategories);
        Assert.Empty(feed.HiddenCategories);
        var item = Assert.Single(feed.Items);
        Assert.Equal("ข่าวประชาสัมพันธ์", item.Category);
        Assert.Equal("วุฒิสภาเชิญชวนประชาชนร่วมแสดงความคิดเห็นต่อร่างกฎหมาย", item.Title);
        Assert.Equal(At("2023-03-01T11:15"), item.PublishedAt);
        Assert.True(item.TimeGiven);
        Assert.Equal(
            "ประชาชนสามารถแสดงความคิดเห็นต่อร่างกฎหมายที่อยู่ระหว่างการพิจารณาของวุฒิสภาได้ทางเว็บไซต์\n\nความคิดเห็นจะส่งถึงคณะกรรมาธิการที่พิจารณาร่างนั้น",
            item.Description);
        Assert.Equal($"{Site}/w3c/senate/pictures/news/2566/0301-01.jpg", item.ImageUrl?.AbsoluteUri);
        Assert.Equal([$"{Site}/mobile/pictures/news/2566/0301-02.jpg"], item.Photos.Select(p => p.AbsoluteUri)); // "../" from /mobile/news/
    }

    [Fact]
    public void One_item_and_a_list_mixed_in_one_document_are_both_read()
    {
        const string xml = """
            <senate_news>
              <category status="1" news="ก">
                <news_info><news_title>หนึ่ง</news_title><news_date>01/01/2567</news_date></news_info>
              </category>
              <category status="1" news="ข">
                <news_info><news_title>สอง</news_title><news_date>02/01/2567</news_date></news_info>
                <news_info><news_title>สาม</news_title><news_date>03/01/2567</news_date></news_info>
              </category>
            </senate_news>
            """;

        var feed = SenateNewsXmlParser.Parse(xml);

        Assert.Equal(["หนึ่ง", "สอง", "สาม"], feed.Items.Select(i => i.Title));
        Assert.Equal(["ก", "ข", "ข"], feed.Items.Select(i => i.Category));
        Assert.All(feed.Items, i => Assert.Equal(string.Empty, i.Description));
        Assert.All(feed.Items, i => Assert.Null(i.ImageUrl));
        Assert.All(feed.Items, i => Assert.Empty(i.Photos));
    }

    // ---- categories ----------------------------------------------------------------------------

    [Fact]
    public void A_hidden_category_is_skipped_with_its_items_and_the_shown_one_after_it_is_read()
    {
        var feed = Fixture("senatenews-hidden.xml");

        Assert.Equal(["ข่าวภายในสำนักงาน"], feed.HiddenCategories);
        Assert.Equal(["ข่าวกิจกรรมคณะกรรมาธิการ"], feed.ShownCategories);
        var item = Assert.Single(feed.Items);
        Assert.Equal("คณะกรรมาธิการประชุมรับฟังความคิดเห็นของภาคประชาชน", item.Title);
        Assert.Equal("คณะกรรมาธิการเชิญผู้แทนภาคประชาชนมาให้ความเห็น\n\nโดยจะนำความเห็นไปประกอบการพิจารณา", item.Description);
        Assert.DoesNotContain(feed.Items, i => i.Description.Contains("ข่าวภายใน", StringComparison.Ordinal));
    }

    [Fact]
    public void The_main_fixtures_hidden_category_leaves_no_item_behind()
    {
        var feed = Fixture("senatenews.xml");

        Assert.DoesNotContain(feed.Items, i => i.Category == "ข่าวภายในสำนักงาน");
        Assert.DoesNotContain(feed.Items, i => i.Title is "ประกาศวันหยุดของสำนักงาน" or "การอบรมบุคลากร");
    }

    // ---- text and addresses --------------------------------------------------------------------

    [Fact]
    public void Descriptions_become_plain_text_with_paragraphs_line_breaks_and_no_script()
    {
        var items = Fixture("senatenews.xml").Items;

        Assert.Equal(
            "สำนักงานเลขาธิการวุฒิสภาเปิดช่องทางให้ประชาชนติดตามการประชุมวุฒิสภาผ่านการถ่ายทอดสดทางอินเทอร์เน็ต\n\n"
            + "ผู้สนใจสามารถรับชมได้ทุกวันที่มีการประชุม ตั้งแต่เวลา ๑๐.๐๐ น. เป็นต้นไป", // &nbsp; is a space; Thai digits as typed
            items[0].Description);
        Assert.Equal(
            "วุฒิสภาจัดการประชุมครั้งแรกที่อาคารรัฐสภา\n\nที่ประชุมพิจารณาวาระต่าง ๆ ตามระเบียบวาระ\nและรับทราบรายงานของสำนักงาน",
            items[1].Description);
        Assert.Equal(
            "คณะกรรมาธิการเปิดรับฟังความคิดเห็นของประชาชนต่อร่างพระราชบัญญัติที่อยู่ระหว่างการพิจารณา\n\nทางเว็บไซต์ของวุฒิสภา\n\nทางไปรษณีย์",
            items[2].Description);
        Assert.Equal("สมาชิกวุฒิสภาลงพื้นที่พบประชาชนเพื่อรับฟังปัญหาและข้อเสนอแนะ & ชี้แจงบทบาทของวุฒิสภา", items[3].Description);
        Assert.Equal("คณะกรรมาธิการเดินทางศึกษาดูงานโครงการบริหารจัดการน้ำ\nและรับฟังความเห็นของเกษตรกรในพื้นที่", items[5].Description);
        Assert.All(items, i => Assert.DoesNotContain("alert", i.Description, StringComparison.Ordinal));
        Assert.All(items, i => Assert.DoesNotContain("<", i.Description, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<p>a</p><script>document.write('x')</script><style>p{}</style><p>b &amp; c</p>", "a\n\nb & c")]
    [InlineData("one<br>two<br/><br/>three", "one\ntwo\n\nthree")]
    [InlineData("  plain   text \r\n\r\n\r\n second  ", "plain text\n\nsecond")]
    [InlineData("plain &quot;quoted&quot;", "plain \"quoted\"")]
    [InlineData("<div><b>ตัวหนา</b> และ <a href='x'>ลิงก์</a></div>", "ตัวหนา และ ลิงก์")]
    [InlineData("", "")]
    public void Markup_is_stripped_by_an_html_parser_keeping_paragraphs(string html, string text) =>
        Assert.Equal(text, SenateNewsXmlParser.ToText(html));

    [Fact]
    public void Image_addresses_are_made_absolute_and_repeated_or_empty_photos_are_dropped()
    {
        var items = Fixture("senatenews.xml").Items;

        Assert.Equal($"{Site}/w3c/senate/pictures/news/2562/0510-01.jpg", items[0].ImageUrl?.AbsoluteUri);
        Assert.Equal(
            [$"{Site}/w3c/senate/pictures/news/2562/0510-02.jpg", "https://www.senate.go.th/w3c/senate/pictures/news/2562/0510-03.jpg"],
            items[0].Photos.Select(p => p.AbsoluteUri));
        Assert.Null(items[3].ImageUrl); // <news_imgtitle></news_imgtitle>
        Assert.Equal($"{Site}/mobile/news/images/committee/0530-01.jpg", items[4].ImageUrl?.AbsoluteUri);
        Assert.Equal(
            [$"{Site}/mobile/news/images/committee/0715-02.jpg", $"{Site}/mobile/news/images/committee/0715-03.jpg"],
            items[5].Photos.Select(p => p.AbsoluteUri));
    }

    // ---- dates ---------------------------------------------------------------------------------

    [Fact]
    public void Thai_digit_dates_in_every_documented_form_are_read_in_the_Buddhist_era()
    {
        var feed = Fixture("senatenews-thai-digits.xml");

        Assert.Equal(["ข่าวประชาสัมพันธ์"], feed.ShownCategories); // status ๑
        Assert.Equal(
            [(At("2023-02-22T10:30"), true), (At("2023-03-15T00:00"), false), (At("2023-04-03T09:00"), true), (At("2023-05-10T00:00"), false)],
            feed.Items.Select(i => (i.PublishedAt, i.TimeGiven)));
        Assert.Equal("วุฒิสภาประชุมครั้งที่ ๒๕ พิจารณาร่างพระราชบัญญัติงบประมาณ", feed.Items[0].Title); // digits as typed
    }

    [Theory]
    [InlineData("22/02/2566", "2023-02-22T00:00", false)]
    [InlineData("2/2/2566 9.05", "2023-02-02T09:05", true)]
    [InlineData("22-02-2566 10:30:15", "2023-02-22T10:30", true)]
    [InlineData("๒๒/๐๒/๒๕๖๖ ๑๐:๓๐", "2023-02-22T10:30", true)]
    [InlineData("22 กุมภาพันธ์ 2566", "2023-02-22T00:00", false)]
    [InlineData("22 ก.พ. 66", "2023-02-22T00:00", false)]
    [InlineData("22 ก.พ 2566", "2023-02-22T00:00", false)]
    [InlineData("วันพุธที่ ๒๒ กุมภาพันธ์ พ.ศ. ๒๕๖๖ เวลา ๑๐.๓๐ น.", "2023-02-22T10:30", true)]
    [InlineData("วันที่ 1 มกราคม 2567", "2024-01-01T00:00", false)]
    [InlineData("2566-02-22 10:30:00", "2023-02-22T10:30", true)]
    [InlineData("2023-02-22", "2023-02-22T00:00", false)]
    public void Dates_are_read_in_every_known_form(string text, string local, bool timeGiven)
    {
        var parsed = SenateNewsXmlParser.ParseDate(text);

        Assert.NotNull(parsed);
        Assert.Equal(At(local).AddSeconds(text.EndsWith(":15", StringComparison.Ordinal) ? 15 : 0), parsed.Value.At);
        Assert.Equal(Bangkok, parsed.Value.At.Offset);
        Assert.Equal(timeGiven, parsed.Value.TimeGiven);
    }

    [Theory]
    [InlineData("31/02/2566")]
    [InlineData("22/13/2566")]
    [InlineData("22/02/2566 25:00")]
    [InlineData("22 ไม่มีเดือน 2566")]
    [InlineData("yesterday")]
    [InlineData("22/02")]
    public void Text_that_is_no_date_is_refused(string text) => Assert.Null(SenateNewsXmlParser.ParseDate(text));

    // ---- encoding ------------------------------------------------------------------------------

    [Fact]
    public void The_TIS620_copy_decodes_to_the_same_feed_as_the_UTF8_one()
    {
        var utf8 = Fixture("senatenews.xml");
        var declared = Fixture("senatenews.tis620.xml"); // the declaration says TIS-620
        var fromCharset = SenateNewsXmlParser.Parse(Bytes("senatenews.tis620.xml"), "tis-620"); // and so does the response

        Assert.NotEqual(Bytes("senatenews.xml"), Bytes("senatenews.tis620.xml"));
        Assert.Equal(Describe(utf8), Describe(declared));
        Assert.Equal(Describe(utf8), Describe(fromCharset));
        Assert.Contains("วุฒิสภา", declared.Items[0].Title, StringComparison.Ordinal);
    }

    [Fact]
    public void TIS620_bytes_that_name_no_encoding_are_told_from_UTF8_by_their_bytes()
    {
        var text = Encoding.UTF8.GetString(Bytes("senatenews.xml")).Replace(" encoding=\"UTF-8\"", string.Empty, StringComparison.Ordinal);
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var tis = Encoding.GetEncoding(874).GetBytes(text);

        Assert.Equal(Describe(Fixture("senatenews.xml")), Describe(SenateNewsXmlParser.Parse(tis, null)));
    }

    private static string Describe(SenateNewsFeed feed) => string.Join("\n---\n",
        feed.Items.Select(i => string.Join("|", i.Category, i.Title, i.PublishedAt.ToString("O", CultureInfo.InvariantCulture), i.TimeGiven,
            i.Description, i.ImageUrl?.AbsoluteUri, string.Join(",", i.Photos.Select(p => p.AbsoluteUri)))))
        + "\n" + string.Join(",", feed.ShownCategories) + "/" + string.Join(",", feed.HiddenCategories);

    // ---- layout changes ------------------------------------------------------------------------

    public static TheoryData<string, string> BrokenLayouts => new()
    {
        { "<news><category status=\"1\" news=\"ก\"/></news>", "root element" },
        { "<senate_news></senate_news>", "no <category>" },
        { "<senate_news><category news=\"ก\"><news_info><news_title>t</news_title><news_date>01/01/2567</news_date></news_info></category></senate_news>", "no status" },
        { "<senate_news><category status=\"1\"><news_info><news_title>t</news_title><news_date>01/01/2567</news_date></news_info></category></senate_news>", "no name" },
        { "<senate_news><category status=\"1\" news=\"ก\"><news_info><headline>t</headline><news_date>01/01/2567</news_date></news_info></category></senate_news>", "no <news_title>" },
        { "<senate_news><category status=\"1\" news=\"ก\"><news_info><news_title>t</news_title><published>01/01/2567</published></news_info></category></senate_news>", "no <news_date>" },
        { "<senate_news><category status=\"1\" news=\"ก\"><news_info><news_title>t</news_title><news_date>last Tuesday</news_date></news_info></category></senate_news>", "not a date" },
        { "<senate_news><category status=\"1\" news=\"ก\">", "not well-formed" },
        { "<html><body>Service unavailable</body></html>", "root element" },
    };

    [Theory]
    [MemberData(nameof(BrokenLayouts))]
    public void A_layout_change_is_a_source_layout_exception_that_says_what_is_missing(string xml, string says)
    {
        var ex = Assert.Throws<SourceLayoutException>(() => SenateNewsXmlParser.Parse(xml));

        Assert.Equal(SenateNewsXmlParser.SourceName, ex.SourceName);
        Assert.Contains(says, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_type_declaration_is_refused_so_no_entity_is_ever_expanded()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE senate_news [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <senate_news><category status="1" news="ก"><news_info><news_title>&b;</news_title><news_date>01/01/2567</news_date></news_info></category></senate_news>
            """;

        var ex = Assert.Throws<SourceLayoutException>(() => SenateNewsXmlParser.Parse(xml));

        Assert.Contains("not well-formed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_item_with_an_empty_title_is_skipped_and_counted_not_a_layout_change()
    {
        const string xml = """
            <senate_news><category status="1" news="ก">
              <news_info><news_title>  </news_title><news_date>01/01/2567</news_date></news_info>
              <news_info><news_title>มีชื่อ</news_title><news_date>02/01/2567</news_date></news_info>
            </category></senate_news>
            """;

        var feed = SenateNewsXmlParser.Parse(xml);

        Assert.Equal(1, feed.SkippedItems);
        Assert.Equal("มีชื่อ", Assert.Single(feed.Items).Title);
    }

    [Fact]
    public void Every_fixture_parses_and_every_item_has_a_distinct_id()
    {
        foreach (var file in Directory.GetFiles(DataDir, "*.xml"))
        {
            var feed = SenateNewsXmlParser.Parse(File.ReadAllBytes(file), null);
            Assert.NotEmpty(feed.Items);
            var ids = feed.Items.Select(i => NewsItem.IdOf(i.Category, i.Title, i.PublishedAt)).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.All(ids, id => Assert.Matches("^[0-9a-f]{16}$", id));
        }
    }

    [Fact]
    public void An_items_id_does_not_change_with_the_digits_it_is_typed_in_nor_with_its_time_of_day()
    {
        var id = NewsItem.IdOf("ข่าวประชาสัมพันธ์", "ประชุมครั้งที่ ๒๕", At("2023-02-22T10:30"));

        Assert.Equal(id, NewsItem.IdOf("ข่าวประชาสัมพันธ์", "ประชุมครั้งที่  25", At("2023-02-22T14:00")));
        Assert.NotEqual(id, NewsItem.IdOf("ข่าวประชาสัมพันธ์", "ประชุมครั้งที่ 26", At("2023-02-22T10:30")));
        Assert.NotEqual(id, NewsItem.IdOf("ข่าวกิจกรรม", "ประชุมครั้งที่ 25", At("2023-02-22T10:30")));
        Assert.NotEqual(id, NewsItem.IdOf("ข่าวประชาสัมพันธ์", "ประชุมครั้งที่ 25", At("2023-02-23T10:30")));
    }
}
