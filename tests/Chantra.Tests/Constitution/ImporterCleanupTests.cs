using Chantra.Sources.Constitution;

namespace Chantra.Tests.Constitution;

/// <summary>
/// The importer's rules on made-up texts: the artefacts the real texts might carry (page headers,
/// footnotes, invisible characters), section starts against cross-references, dates, amendments.
/// </summary>
public sealed class ImporterCleanupTests
{
    private const string Zwsp = "\u200B";

    private static readonly string Sample = string.Join('\n',
        "รัฐธรรมนูญทดลอง",
        "                  ",
        " ",
        "ตราไว้ ณ วันที่ ๑ มกราคม พุทธศักราช ๒๕๗๐",
        "เป็นปีที่ ๑ ในรัชกาลปัจจุบัน",
        " ",
        $"นี่คือ{Zwsp}คำปรารภ\u00A0ของรัฐธรรมนูญ",
        " ",
        "หมวด ๑",
        "บททั่วไป",
        "                  ",
        " ",
        $"มาตรา ๑  ข้อความ{Zwsp}แรก[๑]",
        " ",
        "มาตรา ๒  ภายใต้บังคับ\tแห่งกฎหมาย",
        "มาตรา ๓ วรรคหนึ่ง ให้ใช้บังคับแก่กรณีนี้ด้วย",
        "มาตรา ๙ ให้ใช้บังคับโดยอนุโลม",
        "หน้า ๓ เล่ม ๑๓๔ ตอนที่ ๔๐ ก ราชกิจจานุเบกษา ๖ เมษายน ๒๕๖๐",
        "- ๓ -",
        "www.krisdika.go.th",
        "ข้อความ\u00A0ต่อไป ¹",
        " ",
        "มาตรา ๒/๑  ข้อความที่เพิ่มเข้ามา",
        " ",
        "มาตรา 3  ข้อความที่เขียนด้วยเลขอารบิก",
        " ",
        "ส่วนที่ ๑",
        "ส่วนแรก",
        "                  ",
        " ",
        "มาตรา ๔  ข้อความของมาตราสี่",
        "[๑] ราชกิจจานุเบกษา เล่ม ๑๓๔/ตอนที่ ๔๐ ก/หน้า ๑/๖ เมษายน ๒๕๖๐",
        " ",
        "มาตรา ๖  ข้อความหลังช่องว่าง",
        " ",
        "บทเฉพาะกาล",
        "                  ",
        " ",
        "มาตรา ๗  ข้อความเฉพาะกาล",
        " ",
        "ผู้รับสนองพระบรมราชโองการ",
        "นาย ก  ข",
        "นายกรัฐมนตรี");

    [Fact]
    public void A_made_up_text_is_cleaned_and_structured()
    {
        var warnings = new List<string>();
        var document = ConstitutionImporter.ParseDocument("test", 2570, Sample.Replace("\n", "\r\n", StringComparison.Ordinal), warnings.Add);

        Assert.Equal("รัฐธรรมนูญทดลอง พุทธศักราช ๒๕๗๐", document.Info.Title);
        Assert.Equal(new DateOnly(2027, 1, 1), document.Info.PromulgatedOn);
        Assert.False(document.Info.Provisional);
        Assert.Equal("นี่คือคำปรารภ ของรัฐธรรมนูญ", document.Preamble);
        Assert.Equal(["1", "2", "2/1", "3", "4", "6", "7"], document.Sections.Select(s => s.Number));

        Assert.Equal(["ข้อความแรก"], document.Sections[0].Paragraphs);
        // Cross-references that wrap to a line start are text; so is a number that is not the next one.
        Assert.Equal(
            ["ภายใต้บังคับ แห่งกฎหมาย", "มาตรา ๓ วรรคหนึ่ง ให้ใช้บังคับแก่กรณีนี้ด้วย", "มาตรา ๙ ให้ใช้บังคับโดยอนุโลม", "ข้อความ ต่อไป"],
            document.Sections[1].Paragraphs);
        Assert.Equal(["ข้อความที่เขียนด้วยเลขอารบิก"], document.Sections[3].Paragraphs);
        Assert.Equal(["ข้อความของมาตราสี่"], document.Sections[4].Paragraphs); // the footnote's text is gone

        Assert.Equal(("1", null, false), (document.Sections[0].Chapter, document.Sections[0].Part, document.Sections[0].Transitory));
        Assert.Equal(("1", "1"), (document.Sections[4].Chapter, document.Sections[4].Part));
        Assert.Equal((null, null, true), (document.Sections[6].Chapter, document.Sections[6].Part, document.Sections[6].Transitory));
        var chapter = Assert.Single(document.Chapters);
        Assert.Equal(("1", "บททั่วไป"), (chapter.Number, chapter.Title));
        Assert.Equal(("1", "ส่วนแรก"), (Assert.Single(chapter.Parts).Number, chapter.Parts[0].Title));
        Assert.Equal("ผู้รับสนองพระบรมราชโองการ\nนาย ก ข\nนายกรัฐมนตรี", document.Countersignature);

        // Section 5 is not in the text: the import says so and goes on.
        Assert.Single(warnings, w => w.Contains("section 6 follows section 4", StringComparison.Ordinal));
    }

    [Fact]
    public void A_charter_and_an_interim_text_are_provisional()
    {
        var charter = ConstitutionImporter.ParseDocument("c", 2502, "ธรรมนูญการปกครองราชอาณาจักร\n \nมาตรา ๑  ข้อความ\n", _ => { });
        var interim = ConstitutionImporter.ParseDocument("i", 2549, "รัฐธรรมนูญแห่งราชอาณาจักรไทย\n(ฉบับชั่วคราว)\nพุทธศักราช ๒๕๔๙\n \nมาตรา ๑  ข้อความ\n", _ => { });
        Assert.True(charter.Info.Provisional);
        Assert.True(interim.Info.Provisional);
        Assert.Equal("รัฐธรรมนูญแห่งราชอาณาจักรไทย (ฉบับชั่วคราว) พุทธศักราช ๒๕๔๙", interim.Info.Title);
    }

    [Theory]
    [InlineData("แสดง\u200Bความ\u200Cคิด\u200Dเห็น\uFEFF", "แสดงความคิดเห็น")]
    [InlineData("  ข้อความ  สอง   ช่อง  ", "ข้อความ สอง ช่อง")]
    [InlineData("ข้อความ[๑] ต่อ[12]", "ข้อความ ต่อ")]
    [InlineData("ข้อความ²", "ข้อความ")]
    [InlineData("(๑) ข้อแรก", "(๑) ข้อแรก")]
    [InlineData("ท\u0E4D\u0E32นอง", "ท\u0E33นอง")]
    [InlineData("มาตรา ๘๓\u00A0\tสภา", "มาตรา ๘๓ สภา")]
    public void A_line_is_cleaned(string raw, string clean) => Assert.Equal(clean, ThaiText.CleanLine(raw));

    [Theory]
    [InlineData("หน้า ๑ เล่ม ๑๓๔ ตอนที่ ๔๐ ก ราชกิจจานุเบกษา ๖ เมษายน ๒๕๖๐", true)]
    [InlineData("เล่ม ๑๓๘ ตอนที่ ๗๗ ก หน้า ๑ ราชกิจจานุเบกษา ๘ พฤศจิกายน ๒๕๖๔", true)]
    [InlineData("๑๒", true)]
    [InlineData("- ๑๒ -", true)]
    [InlineData("หน้า ๔", true)]
    [InlineData("สำนักงานคณะกรรมการกฤษฎีกา", true)]
    [InlineData("คำวินิจฉัยของคณะตุลาการรัฐธรรมนูญ ให้ประกาศในราชกิจจานุเบกษา", false)]
    [InlineData("๙ พฤศจิกายน ๒๔๙๐", false)]
    [InlineData("(๑) ตาย", false)]
    public void Page_artefacts_are_recognised(string line, bool artefact) => Assert.Equal(artefact, ThaiText.IsPageArtefact(line));

    [Theory]
    [InlineData("๘๓", "83")]
    [InlineData("มาตรา ๘๓", "83")]
    [InlineData("๒๕๖/๑", "256/1")]
    [InlineData("256 / 1", "256/1")]
    [InlineData("083", "83")]
    [InlineData("abc", null)]
    [InlineData("", null)]
    public void Section_numbers_are_normalised(string raw, string? number) => Assert.Equal(number, ThaiText.NormalizeSectionNumber(raw));

    [Theory]
    [InlineData(1, 1, 2475, 1933, 1, 1)]    // before 2484 the year began on 1 April: January 2475 is 1933
    [InlineData(31, 3, 2483, 1941, 3, 31)]
    [InlineData(1, 4, 2475, 1932, 4, 1)]
    [InlineData(1, 1, 2484, 1941, 1, 1)]
    [InlineData(6, 4, 2560, 2017, 4, 6)]
    public void Buddhist_era_days_become_Gregorian(int day, int month, int yearBe, int year, int gMonth, int gDay) =>
        Assert.Equal(new DateOnly(year, gMonth, gDay), ThaiText.FromBuddhistEra(day, month, yearBe));

    [Theory]
    [InlineData("ตราไว้ ณ วันที่ ๖ เมษายน พุทธศักราช ๒๕๖๐", 2017, 4, 6)]
    [InlineData("ให้ไว้ ณ วันที่ ๒๘ มกราคม พ.ศ.๒๕๐๒", 1959, 1, 28)]
    [InlineData("ให้ไว้ ณ วันที่ 7 พฤศจิกายน พ.ศ. 2564", 2021, 11, 7)]
    public void Dated_lines_are_read(string line, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), ThaiText.DatedLine(line, DateLead.Given));
        Assert.Null(ThaiText.DatedLine(line, DateLead.Proclaimed));
    }

    [Fact]
    public void The_Pali_date_of_a_royal_preamble_is_read()
    {
        Assert.Equal(new DateOnly(1932, 12, 10), ThaiText.PaliDate("ศุภมัสดุ พระพุทธศาสนกาลเป็นอดีตภาค ๒๔๗๕ พรรษาปัจจุบันนสมัย จันทรคตินิยม ปละวังคสมพัตสร มฤคศิรมาส ศุกลปักษ์ เตรสีดิถี สุริยคติกาล ธันวาคมมาส ทศมสุรทิน สนิวาร โดยกาลบริจเฉท"));
        Assert.Equal(new DateOnly(2017, 4, 6), ThaiText.PaliDate("ศุภมัสดุ พระพุทธศาสนกาลเป็นอดีตภาค ๒๕๖๐ พรรษา ปัจจุบันสมัย จันทรคตินิยม กุกกุฏสมพัตสร จิตรมาส ชุณหปักษ์ ทสมีดิถี สุริยคติกาล เมษายนมาส ฉัฏฐสุรทิน ครุวาร โดยกาลบริเฉท"));
        Assert.Null(ThaiText.PaliDate("ข้อความที่ไม่มีวันที่"));
    }

    [Fact]
    public void An_amendment_replaces_the_sections_it_quotes()
    {
        var warnings = new List<string>();
        var baseDocument = ConstitutionImporter.ParseDocument("test", 2570, Sample, _ => { });
        var amendment = ConstitutionImporter.ParseAmendment("test-amendment-1", "test", string.Join('\n',
            "รัฐธรรมนูญทดลอง",
            "",
            "แก้ไขเพิ่มเติม (ฉบับที่ ๑)",
            "",
            "พุทธศักราช ๒๕๗๑",
            "",
            "ให้ไว้ ณ วันที่ ๒ กุมภาพันธ์ พ.ศ. ๒๕๗๑",
            "",
            "เป็นปีที่ ๒ ในรัชกาลปัจจุบัน",
            "",
            "โดยที่เป็นการสมควรแก้ไขเพิ่มเติมรัฐธรรมนูญ",
            "",
            "มาตรา ๑  รัฐธรรมนูญนี้เรียกว่า “รัฐธรรมนูญทดลอง แก้ไขเพิ่มเติม (ฉบับที่ ๑) พุทธศักราช ๒๕๗๑”",
            "",
            "มาตรา ๒  ให้ยกเลิกความในมาตรา ๔ ของรัฐธรรมนูญทดลอง และให้ใช้ความต่อไปนี้แทน",
            "",
            "“มาตรา ๔  ความใหม่ของมาตราสี่",
            "",
            "(๑) ข้อแรก",
            "",
            "วรรคสองใหม่”",
            "",
            "มาตรา ๓  ให้เพิ่มความต่อไปนี้เป็นมาตรา ๔/๑ ของรัฐธรรมนูญทดลอง",
            "",
            "ผู้รับสนองพระบรมราชโองการ",
            "นายกรัฐมนตรี"), warnings.Add);

        Assert.Equal("รัฐธรรมนูญทดลอง แก้ไขเพิ่มเติม (ฉบับที่ ๑) พุทธศักราช ๒๕๗๑", amendment.Title);
        Assert.Equal(new DateOnly(2028, 2, 2), amendment.PromulgatedOn);
        var replacement = Assert.Single(amendment.Replacements);
        Assert.Equal(("4", "2"), (replacement.Number, replacement.AmendingSection));
        Assert.Equal(["ความใหม่ของมาตราสี่", "(๑) ข้อแรก", "วรรคสองใหม่"], replacement.Paragraphs);
        // What the importer cannot apply (adding a section) is said, not dropped silently.
        Assert.Single(warnings, w => w.Contains("section 3 changes the constitution", StringComparison.Ordinal));

        var current = ConstitutionImporter.Consolidate(baseDocument, "test-current", [amendment], warnings.Add);
        Assert.True(current.Info.Current);
        Assert.Equal("test-current", current.Info.Id);
        Assert.Equal("ความใหม่ของมาตราสี่\n(๑) ข้อแรก\nวรรคสองใหม่", current.Sections[4].Text);
        Assert.Equal(("1", "1", "test-current"), (current.Sections[4].Chapter, current.Sections[4].Part, current.Sections[4].ConstitutionId));
        Assert.Equal(baseDocument.Sections[0].Text, current.Sections[0].Text);
        Assert.False(baseDocument.Info.Current);
        Assert.Equal("ข้อความของมาตราสี่", baseDocument.Sections[4].Text);
    }
}
