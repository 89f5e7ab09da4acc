using Chantra.Domain.Sources;
using Chantra.Sources.Live;

namespace Chantra.Tests.Sources;

/// <summary>The Royal Gazette listing parser and the enactment matcher on the hand-written fixture (see Live/Data/README.md).</summary>
public sealed class RoyalGazetteListingParserTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Live", "Data", "ratchakitcha-listing.html");

    private static string Html() => File.ReadAllText(Fixture);

    private static IReadOnlyList<GazetteEntry> Entries() => RoyalGazetteListingParser.Parse(Html());

    [Fact]
    public void Reads_every_row_with_its_columns()
    {
        var entries = Entries();

        Assert.Equal(8, entries.Count);
        var first = entries[0];
        Assert.Equal("พระราชบัญญัติการเดินอากาศ (ฉบับที่ 26) พ.ศ. 2568", first.Title); // Thai digits made Arabic
        Assert.Equal(("142", "12", "ก", "1"), (first.Volume, first.Issue, first.Section, first.Page));
        Assert.Equal("ประกาศสำนักนายกรัฐมนตรี เรื่อง แต่งตั้งข้าราชการพลเรือนสามัญ", entries[2].Title); // spaces collapsed
        Assert.Null(entries[5].Page); // "-"
        Assert.Equal("พระราชบัญญัติสุราชุมชน พ.ศ. 2568", entries[5].Title);
    }

    [Fact]
    public void Buddhist_era_dates_in_every_form_become_Gregorian()
    {
        Assert.Equal(
            [
                new DateOnly(2025, 3, 3),   // 03/03/2568
                new DateOnly(2025, 3, 5),   // ๐๕/๐๓/๒๕๖๘
                new DateOnly(2025, 3, 7),   // 7 มีนาคม 2568
                new DateOnly(2025, 3, 10),  // ๑๐ มี.ค. ๒๕๖๘
                new DateOnly(2025, 3, 14),
                new DateOnly(2025, 3, 20),  // ๒๐ มีนาคม ๒๕๖๘
                new DateOnly(2025, 3, 25),
                new DateOnly(2025, 3, 28),
            ],
            Entries().Select(e => e.PublishedOn));
    }

    [Fact]
    public void Sections_are_read_as_the_listing_gives_them()
    {
        Assert.Equal(["ก", "ง", "ง พิเศษ", "ก", "ก", "ก", "ง พิเศษ", "ก"], Entries().Select(e => e.Section));
    }

    [Fact]
    public void Document_links_are_absolute_whether_relative_site_relative_or_absolute()
    {
        var urls = Entries().Select(e => e.Url).ToList();

        Assert.All(urls, u => Assert.True(u.IsAbsoluteUri));
        Assert.Equal("https://ratchakitcha.soc.go.th/documents/142A012N0000000000100.pdf", urls[0].AbsoluteUri);
        Assert.Equal("https://ratchakitcha.soc.go.th/documents/142D055S0000000001000.pdf", urls[1].AbsoluteUri);
        Assert.Equal("https://ratchakitcha.soc.go.th/documents/142D060S0000000000300.pdf", urls[2].AbsoluteUri);
        Assert.Equal("https://ratchakitcha.soc.go.th/documents/142A015N0000000000100.pdf", urls[3].AbsoluteUri); // the title as link

        var moved = RoyalGazetteListingParser.Parse(Html(), new Uri("https://mirror.example/listing/2568/03/index.html"));
        Assert.Equal("https://mirror.example/documents/142A012N0000000000100.pdf", moved[0].Url.AbsoluteUri);
        Assert.Equal("https://mirror.example/listing/2568/03/documents/142D055S0000000001000.pdf", moved[1].Url.AbsoluteUri);
    }

    [Theory]
    [InlineData("<th>ตอน</th>", "<th>ลำดับ</th>")]       // a required column renamed
    [InlineData("<table class=\"listing\">", "<div class=\"listing\">")] // no table at all
    [InlineData("<td>๑๔๒</td><td>๖๐</td><td>ง พิเศษ</td><td>๓</td>", "<td>๑๔๒</td>")] // a row lost its cells
    [InlineData("<td>14/03/2568</td>", "<td>วันนี้</td>")] // a date in no known form
    [InlineData("<td>25/03/2568</td>", "<td>31/02/2568</td>")] // an impossible day in a known form
    [InlineData("<a href=\"/documents/142A020N0000000000000.pdf\">PDF</a>", "PDF")] // a row without its document link
    [InlineData("<td>๑๔๒</td><td>๒๔</td><td>ก</td>", "<td>๑๔๒</td><td>๒๔</td><td> </td>")] // an empty section
    public void A_changed_layout_is_a_layout_exception(string from, string to)
    {
        Assert.Contains(from, Html(), StringComparison.Ordinal);
        var html = Html().Replace(from, to, StringComparison.Ordinal);

        var e = Assert.Throws<SourceLayoutException>(() => RoyalGazetteListingParser.Parse(html));
        Assert.Equal(RoyalGazetteListingParser.SourceName, e.SourceName);
    }

    [Fact]
    public void The_page_column_is_optional()
    {
        var html = Html().Replace("<th>หน้า</th>", "<th>อื่น ๆ</th>", StringComparison.Ordinal);

        Assert.All(RoyalGazetteListingParser.Parse(html), e => Assert.Null(e.Page));
    }

    // ---- FindEnactment --------------------------------------------------------------------------

    [Theory]
    [InlineData("ร่างพระราชบัญญัติการเดินอากาศ (ฉบับที่ ..) พ.ศ. ....", "142A012N")]  // edition and year open
    [InlineData("ร่างพระราชบัญญัติการเดินอากาศ (ฉบับที่ ๒๖) พ.ศ. ....", "142A012N")]  // edition known, Thai digits
    [InlineData("ร่างพระราชบัญญัติการเดินอากาศ(ฉบับที่ 26) พ.ศ. …", "142A012N")]      // spacing, an ellipsis for the year
    [InlineData("ร่างพระราชบัญญัติคุ้มครองแรงงาน (ฉบับที่ ..) พ.ศ. ....", "142A015N")]
    [InlineData("ร่างพระราชบัญญัติสุราชุมชน พ.ศ. ....", "142A020N")]
    [InlineData("ร่าง พระราชบัญญัติ สุราชุมชน  พ.ศ. ๒๕๖๘", "142A020N")]
    [InlineData("พระราชบัญญัติสุราชุมชน พ.ศ. 2568", "142A020N")]                     // the act's own title
    [InlineData("ร่างพระราชบัญญัติการเดินอากาศ (ฉบับที่ ..)", "142A012N")]              // no year part: the year is dropped anyway
    public void A_draft_finds_its_act(string draft, string document)
    {
        var found = RoyalGazetteListingParser.FindEnactment(Entries(), draft);

        Assert.NotNull(found);
        Assert.Contains(document, found.Url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("ก", found.Section);
    }

    [Theory]
    [InlineData("ร่างพระราชบัญญัติการเดินอากาศ (ฉบับที่ 27) พ.ศ. ....")]  // another edition, both known
    [InlineData("ร่างพระราชบัญญัติคุ้มครองแรงงาน (ฉบับที่ ๙) พ.ศ. ....")]
    [InlineData("ร่างพระราชบัญญัติการเดินอากาศ พ.ศ. ....")]               // the principal act is not the amendment
    [InlineData("ร่างพระราชบัญญัติสุราชุมชน (ฉบับที่ ..) พ.ศ. ....")]     // an amendment is not the principal act
    [InlineData("ร่างพระราชบัญญัติสุรา พ.ศ. ....")]                       // no fuzzy or prefix match
    [InlineData("")]
    public void A_draft_without_its_act_finds_nothing(string draft)
    {
        Assert.Null(RoyalGazetteListingParser.FindEnactment(Entries(), draft));
    }

    [Fact]
    public void Only_section_kor_counts_as_an_enactment()
    {
        var act = Entries()[5];
        var announcement = act with { Section = "ง", PublishedOn = act.PublishedOn.AddDays(-10) };
        var special = act with { Section = "ง พิเศษ", PublishedOn = act.PublishedOn.AddDays(-5) };

        Assert.Null(RoyalGazetteListingParser.FindEnactment([announcement, special], "ร่างพระราชบัญญัติสุราชุมชน พ.ศ. ...."));
        Assert.Same(act, RoyalGazetteListingParser.FindEnactment([announcement, special, act], "ร่างพระราชบัญญัติสุราชุมชน พ.ศ. ...."));
    }

    [Fact]
    public void Of_several_matches_the_earliest_and_none_before_the_day_given()
    {
        var act26 = Entries()[0];
        var act27 = act26 with
        {
            Title = "พระราชบัญญัติการเดินอากาศ (ฉบับที่ 27) พ.ศ. 2568",
            PublishedOn = new DateOnly(2025, 9, 1),
        };
        var older = act26 with
        {
            Title = "พระราชบัญญัติการเดินอากาศ (ฉบับที่ 25) พ.ศ. 2566",
            PublishedOn = new DateOnly(2023, 6, 1),
        };
        const string draft = "ร่างพระราชบัญญัติการเดินอากาศ (ฉบับที่ ..) พ.ศ. ....";

        Assert.Same(older, RoyalGazetteListingParser.FindEnactment([act27, act26, older], draft));
        Assert.Same(act26, RoyalGazetteListingParser.FindEnactment([act27, act26, older], draft, notBefore: new DateOnly(2024, 1, 1)));
        Assert.Same(act27, RoyalGazetteListingParser.FindEnactment([act27, act26, older], "ร่างพระราชบัญญัติการเดินอากาศ (ฉบับที่ 27) พ.ศ. ...."));
    }
}
