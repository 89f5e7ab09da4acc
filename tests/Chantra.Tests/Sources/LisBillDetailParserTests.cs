using System.Text;
using System.Text.RegularExpressions;
using Chantra.Domain.Bills;
using Chantra.Domain.Sources;
using Chantra.Sources.Live;
using Chantra.Sources.Live.Http;

namespace Chantra.Tests.Sources;

/// <summary>The LIS bill detail parser on its hand-written fixtures (see Live/Data/README.md).</summary>
public sealed partial class LisBillDetailParserTests
{
    private static readonly BillStatusClassifier Classifier = new();

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Live", "Data", name));

    private static LisBillDetail Parse(string docId, string html, Uri? pageUrl = null) =>
        LisBillDetailParser.Parse(docId, html, pageUrl) ?? throw new Xunit.Sdk.XunitException("the parser took the page for the empty template");

    private static LisBillDetail Enacted() => Parse("51234", Fixture("lis-detail-enacted.html"));

    private static LisBillDetail InSenate() => Parse("53310", Fixture("lis-detail-in-senate.html"));

    private static LisBillDetail Lapsed() => Parse("49021", Fixture("lis-detail-lapsed.html"));

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    /// <summary>Each step's text, day and what the classifier makes of the text, in order.</summary>
    private static void AssertSteps(LisBillDetail bill, params (string Text, DateOnly? On, BillStage Stage, BillStatus Status)[] expected)
    {
        Assert.Equal(expected.Select(e => e.Text), bill.Steps.Select(s => s.StatusText));
        Assert.Equal(expected.Select(e => e.On), bill.Steps.Select(s => s.OccurredOn));
        Assert.Equal(
            expected.Select(e => (e.Stage, e.Status)),
            bill.Steps.Select(s => Classifier.Classify(s.StatusText)).Select(c => (c.Stage, c.Status)));
    }

    // ---- Enacted ------------------------------------------------------------------------------

    [Fact]
    public void Enacted_reads_the_title_acceptance_number_and_proposer()
    {
        var bill = Enacted();

        Assert.Equal("51234", bill.DocId);
        Assert.Equal("ร่างพระราชบัญญัติส่งเสริมวิสาหกิจชุมชน (ฉบับที่ ..) พ.ศ. ....", bill.Title);
        Assert.Equal("12", bill.AcceptanceNumber); // ๑๒ on the page.
        Assert.Equal("คณะรัฐมนตรี", bill.Proposer);
        Assert.Null(bill.MergedInto);
    }

    [Fact]
    public void Enacted_steps_are_in_date_order_and_classify_stage_by_stage()
    {
        AssertSteps(Enacted(),
            ("เสนอร่างโดยคณะรัฐมนตรี", D(2023, 9, 5), BillStage.Introduction, BillStatus.Active),
            ("สภาผู้แทนราษฎรลงมติรับหลักการ วาระที่ 1", D(2023, 12, 20), BillStage.HouseCommittee, BillStatus.Active),
            // Listed after the Senate's sections on the page; same day as the first reading, so after it.
            ("สภาผู้แทนราษฎรตั้งคณะกรรมาธิการพิจารณาร่าง (ชั้นกรรมาธิการ)", D(2023, 12, 20), BillStage.HouseCommittee, BillStatus.Active),
            // The report after the House's appointment section: the House committee's.
            ("คณะกรรมาธิการ (ชั้น ส.ส.) พิจารณาเสร็จแล้ว", D(2024, 3, 7), BillStage.HouseCommittee, BillStatus.Active),
            ("สภาผู้แทนราษฎรพิจารณาเรียงตามลำดับมาตรา วาระที่ 2", D(2024, 3, 27), BillStage.HouseFinalReadings, BillStatus.Active),
            ("สภาผู้แทนราษฎรลงมติเห็นชอบ วาระที่ 3", D(2024, 3, 27), BillStage.SenateFirstReading, BillStatus.Active),
            ("วุฒิสภาลงมติรับหลักการ วาระที่ 1", D(2024, 4, 2), BillStage.SenateCommittee, BillStatus.Active),
            // The report after the Senate's first reading: the Senate committee's.
            ("คณะกรรมาธิการวุฒิสภาพิจารณาเสร็จแล้ว", D(2024, 6, 10), BillStage.SenateCommittee, BillStatus.Active),
            ("วุฒิสภาลงมติเห็นชอบ วาระที่ 3", D(2024, 6, 18), BillStage.RoyalAssent, BillStatus.Active),
            ("นำขึ้นทูลเกล้าทูลกระหม่อมถวาย", D(2024, 7, 1), BillStage.RoyalAssent, BillStatus.Active),
            // ๒๓ กันยายน ๒๕๖๗: a Thai month name and Thai digits.
            ("ประกาศในราชกิจจานุเบกษา", D(2024, 9, 23), BillStage.Gazette, BillStatus.Enacted));
    }

    [Fact]
    public void Enacted_votes_read_counts_placeholders_and_the_meeting()
    {
        var steps = Enacted().Steps;
        var houseFirst = steps.Single(s => s.StatusText == "สภาผู้แทนราษฎรลงมติรับหลักการ วาระที่ 1").Vote;
        // "เห็นด้วย ๓๙๘ เสียง ไม่เห็นด้วย ไม่มี งดออกเสียง ๓ เสียง ไม่ลงคะแนน ๑ เสียง"
        Assert.Equal(new VoteTally(398, 0, 3, 1, true, "ชุดที่ 26 ปีที่ 1 สมัยสามัญประจำปีครั้งที่สอง ครั้งที่ 12"), houseFirst);

        var houseThird = steps.Single(s => s.StatusText == "สภาผู้แทนราษฎรลงมติเห็นชอบ วาระที่ 3");
        Assert.Equal(new VoteTally(400, 10, 2, 0, true, "ชุดที่ 26 ปีที่ 1 สมัยสามัญประจำปีครั้งที่สอง ครั้งที่ 31"), houseThird.Vote);
        Assert.Equal("https://lis.parliament.go.th/file_upload/vote/26-1-2-31-3.pdf", houseThird.SourceUrl);

        Assert.Equal(new VoteTally(147, 4, 7, 0, true, "ชุดที่ 12 ปีที่ 5 สมัยสามัญ ครั้งที่ 29"),
            steps.Single(s => s.StatusText == "วุฒิสภาลงมติรับหลักการ วาระที่ 1").Vote);
        Assert.Equal(new VoteTally(130, 4, 18, 0, true, "ชุดที่ 12 ปีที่ 5 สมัยสามัญ ครั้งที่ 37"),
            steps.Single(s => s.StatusText == "วุฒิสภาลงมติเห็นชอบ วาระที่ 3").Vote);

        // The second reading's tally is "-": no vote recorded.
        Assert.Null(steps.Single(s => s.StatusText.EndsWith("วาระที่ 2", StringComparison.Ordinal)).Vote);
    }

    [Fact]
    public void Enacted_gazette_step_and_url_are_the_gazette_pdf()
    {
        var bill = Enacted();

        Assert.Equal("https://ratchakitcha.soc.go.th/documents/17134567.pdf", bill.GazetteUrl);
        Assert.Equal(bill.GazetteUrl, bill.Steps[^1].SourceUrl);
    }

    [Fact]
    public void Relative_links_resolve_against_the_page_url_given()
    {
        var bill = Parse("51234", Fixture("lis-detail-enacted.html"), new Uri("https://lis.example.test/lis/index/detail.php?DOC_ID=51234"));

        Assert.Equal("https://lis.example.test/lis/file_upload/vote/26-1-2-31-3.pdf",
            bill.Steps.Single(s => s.StatusText == "สภาผู้แทนราษฎรลงมติเห็นชอบ วาระที่ 3").SourceUrl);
    }

    // ---- In the Senate -----------------------------------------------------------------------

    [Fact]
    public void In_senate_reads_one_cell_label_value_rows_and_thai_digits()
    {
        var bill = InSenate();

        Assert.Equal("ร่างพระราชบัญญัติคุ้มครองแรงงาน (ฉบับที่ ..) พ.ศ. ....", bill.Title);
        Assert.Equal("7/2567", bill.AcceptanceNumber);
        Assert.Equal("นายสมชาย ตัวอย่าง สมาชิกสภาผู้แทนราษฎร กับคณะ", bill.Proposer);
        Assert.Null(bill.GazetteUrl);
        Assert.Null(bill.MergedInto); // The main draft is this bill itself.
    }

    [Fact]
    public void In_senate_steps_end_in_the_senate_committee_and_empty_sections_give_none()
    {
        var bill = InSenate();

        AssertSteps(bill,
            ("เสนอร่างโดยนายสมชาย ตัวอย่าง สมาชิกสภาผู้แทนราษฎร กับคณะ", D(2024, 1, 15), BillStage.Introduction, BillStatus.Active),
            ("สภาผู้แทนราษฎรลงมติรับหลักการ วาระที่ 1", D(2024, 2, 7), BillStage.HouseCommittee, BillStatus.Active),
            ("สภาผู้แทนราษฎรตั้งคณะกรรมาธิการพิจารณาร่าง (ชั้นกรรมาธิการ)", D(2024, 2, 7), BillStage.HouseCommittee, BillStatus.Active),
            ("คณะกรรมาธิการ (ชั้น ส.ส.) พิจารณาเสร็จแล้ว", D(2024, 9, 12), BillStage.HouseCommittee, BillStatus.Active),
            // No resolution on the page, but a day: the reading took place.
            ("สภาผู้แทนราษฎรพิจารณาเรียงตามลำดับมาตรา วาระที่ 2", D(2024, 10, 9), BillStage.HouseFinalReadings, BillStatus.Active),
            ("สภาผู้แทนราษฎรลงมติเห็นชอบ วาระที่ 3", D(2024, 10, 9), BillStage.SenateFirstReading, BillStatus.Active),
            ("วุฒิสภาลงมติรับหลักการ วาระที่ 1", D(2024, 11, 4), BillStage.SenateCommittee, BillStatus.Active));
    }

    [Fact]
    public void In_senate_votes_read_thai_digits_dashes_and_the_session_once()
    {
        var steps = InSenate().Steps;

        // "เห็นด้วย ๔๑๒ เสียง ไม่เห็นด้วย - งดออกเสียง ๒ เสียง ไม่ลงคะแนนเสียง ไม่มี"; สมัย is "สมัยสามัญ…" on the page.
        Assert.Equal(new VoteTally(412, 0, 2, 0, true, "ชุดที่ 26 ปีที่ 1 สมัยสามัญประจำปีครั้งที่สอง ครั้งที่ 18"), steps[1].Vote);
        Assert.Equal(new VoteTally(430, 0, 0, 3, true, "ชุดที่ 26 ปีที่ 2 สมัยสามัญประจำปีครั้งที่หนึ่ง ครั้งที่ 9"), steps[5].Vote);
        Assert.Equal(new VoteTally(180, 0, 10, 2, true, "ชุดที่ 13 ปีที่ 1 สมัยสามัญประจำปีครั้งที่หนึ่ง ครั้งที่ 11"), steps[6].Vote);
    }

    [Fact]
    public void A_bill_merged_into_another_names_the_main_bill_and_classifies_merged()
    {
        var html = Fixture("lis-detail-in-senate.html").Replace(
            "<a href=\"search_advance_detail_view.php?DOC_ID=53310&amp;S_SYSTEM=3\">ร่างพระราชบัญญัติคุ้มครองแรงงาน (ฉบับที่ ..) พ.ศ. ....</a>",
            "<a href=\"search_advance_detail_view.php?DOC_ID=53001&amp;S_SYSTEM=3\">ร่างพระราชบัญญัติคุ้มครองแรงงาน (ฉบับที่ ..) พ.ศ. .... (คณะรัฐมนตรี เป็นผู้เสนอ)</a>",
            StringComparison.Ordinal);
        Assert.NotEqual(Fixture("lis-detail-in-senate.html"), html);

        var bill = Parse("53310", html);

        Assert.Equal("53001", bill.MergedInto);
        var merged = Assert.Single(bill.Steps, s => s.StatusText.StartsWith("รวมร่าง", StringComparison.Ordinal));
        Assert.Equal("รวมร่างพิจารณากับร่างหลัก ร่างพระราชบัญญัติคุ้มครองแรงงาน (ฉบับที่ ..) พ.ศ. .... (คณะรัฐมนตรี เป็นผู้เสนอ)", merged.StatusText);
        Assert.Equal(D(2024, 2, 7), merged.OccurredOn);
        Assert.Equal("https://lis.parliament.go.th/index/search_advance_detail_view.php?DOC_ID=53001&S_SYSTEM=3", merged.SourceUrl);
        Assert.Equal((BillStage.HouseFirstReading, BillStatus.Merged), Stage(merged));
    }

    // ---- Lapsed ---------------------------------------------------------------------------------

    [Fact]
    public void Lapsed_steps_carry_the_rejection_and_the_reason()
    {
        var bill = Lapsed();

        Assert.Equal("ร่างพระราชบัญญัติการจัดการขยะมูลฝอยชุมชน พ.ศ. ....", bill.Title);
        Assert.Equal("88", bill.AcceptanceNumber);
        Assert.Null(bill.GazetteUrl); // The Gazette section holds only "-".
        AssertSteps(bill,
            ("เสนอร่างโดยนางสาวสมหญิง ตัวอย่าง กับคณะ", D(2023, 10, 2), BillStage.Introduction, BillStatus.Active),
            // "วันพุธที่ ๑๗ มกราคม ๒๕๖๗"
            ("สภาผู้แทนราษฎรลงมติไม่รับหลักการ วาระที่ 1", D(2024, 1, 17), BillStage.HouseFirstReading, BillStatus.Lapsed),
            ("ร่างตกไปในสภาผู้แทนราษฎร วาระที่ 1 (เหตุผล: สภาผู้แทนราษฎรลงมติไม่รับหลักการแห่งร่างพระราชบัญญัติ)", D(2024, 1, 17), BillStage.HouseFirstReading, BillStatus.Lapsed));
        Assert.Equal(new VoteTally(150, 260, 5, 0, false, "ชุดที่ 26 ปีที่ 1 สมัยสามัญ ครั้งที่ 5"), bill.Steps[1].Vote);
    }

    [Fact]
    public void A_reason_that_would_change_the_classification_is_left_out_of_the_text()
    {
        var html = Fixture("lis-detail-lapsed.html").Replace(
            "สภาผู้แทนราษฎรลงมติไม่รับหลักการแห่งร่างพระราชบัญญัติ",
            "ซ้ำกับพระราชบัญญัติที่ประกาศในราชกิจจานุเบกษาแล้ว", StringComparison.Ordinal);

        var lapse = Parse("49021", html).Steps[^1];

        Assert.Equal("ร่างตกไปในสภาผู้แทนราษฎร วาระที่ 1", lapse.StatusText);
        Assert.Equal((BillStage.HouseFirstReading, BillStatus.Lapsed), Stage(lapse));
    }

    [Fact]
    public void A_lapse_with_no_reading_before_it_is_a_disposal_and_still_lapsed()
    {
        var html = Page(("ข้อมูลร่างตกไป", ["วันที่|01/03/2567", "เหตุผล|อายุของสภาผู้แทนราษฎรสิ้นสุดลง"]));

        var step = Assert.Single(Parse("1", html).Steps);

        Assert.Equal("ร่างตกไป สั่งจำหน่ายเรื่อง (เหตุผล: อายุของสภาผู้แทนราษฎรสิ้นสุดลง)", step.StatusText);
        Assert.Equal((BillStage.Introduction, BillStatus.Lapsed), Stage(step));
    }

    [Theory]
    [InlineData("ข้อมูลการพิจารณาของสภาผู้แทนราษฎร วาระที่ 1|รับหลักการ", "ร่างตกไปในชั้นกรรมาธิการ ส.ส.", BillStage.HouseCommittee)]
    [InlineData("ข้อมูลแต่งตั้งคณะกรรมาธิการสภาผู้แทนราษฎร|-", "ร่างตกไปในชั้นกรรมาธิการ ส.ส.", BillStage.HouseCommittee)]
    [InlineData("ข้อมูลการพิจารณาของสภาผู้แทนราษฎร วาระที่ 3|เห็นชอบ", "ร่างตกไปในวุฒิสภา วาระที่ 1", BillStage.SenateFirstReading)]
    [InlineData("ข้อมูลการพิจารณาของวุฒิสภา วาระที่ 1|รับหลักการ", "ร่างตกไปในชั้นกรรมาธิการวุฒิสภา", BillStage.SenateCommittee)]
    [InlineData("ข้อมูลแต่งตั้งคณะกรรมาธิการวุฒิสภา|-", "ร่างตกไปในชั้นกรรมาธิการวุฒิสภา", BillStage.SenateCommittee)]
    [InlineData("ข้อมูลการพิจารณาของวุฒิสภา วาระที่ 2|-", "ร่างตกไปในวุฒิสภา ก่อนลงมติวาระที่ 3", BillStage.SenateFinalReadings)]
    [InlineData("ข้อมูลการพิจารณาของสภาผู้แทนราษฎร วาระที่ 2|-", "ร่างตกไปในสภาผู้แทนราษฎร ก่อนลงมติวาระที่ 3", BillStage.HouseFinalReadings)]
    public void A_lapse_is_placed_where_the_bill_stood(string before, string text, BillStage stage)
    {
        var (title, resolution) = (before[..before.IndexOf('|', StringComparison.Ordinal)], before[(before.IndexOf('|', StringComparison.Ordinal) + 1)..]);
        var html = Page((title, ["วันที่|01/02/2567", $"มติ|{resolution}"]), ("ข้อมูลร่างตกไป", ["วันที่|01/03/2567"]));

        var lapse = Parse("1", html).Steps[^1];

        Assert.Equal(text, lapse.StatusText);
        Assert.Equal((stage, BillStatus.Lapsed), Stage(lapse));
    }

    // ---- Each section's text and stage ---------------------------------------------------------

    [Theory]
    [InlineData("ข้อมูลการพิจารณาของสภาผู้แทนราษฎร วาระที่ ๑", "รับหลักการ", BillStage.HouseCommittee, BillStatus.Active)]
    [InlineData("ข้อมูลการพิจารณาของสภาผู้แทนราษฎร วาระที่ 1", "ไม่รับหลักการ", BillStage.HouseFirstReading, BillStatus.Lapsed)]
    [InlineData("ข้อมูลการพิจารณาของสภาผู้แทนราษฏร วาระที่ 1", "-", BillStage.HouseFirstReading, BillStatus.Active)] // ราษฏร typo; only a day.
    [InlineData("ข้อมูลการพิจารณาของสภาผู้แทนราษฎร วาระที่ 2", "-", BillStage.HouseFinalReadings, BillStatus.Active)]
    [InlineData("ข้อมูลการพิจารณาของสภาผู้แทนราษฎร วาระที่ 3", "เห็นชอบ", BillStage.SenateFirstReading, BillStatus.Active)]
    [InlineData("ข้อมูลการพิจารณาของสภาผู้แทนราษฎร วาระที่ 3", "ไม่เห็นชอบ", BillStage.HouseFinalReadings, BillStatus.Lapsed)]
    [InlineData("ข้อมูลการพิจารณาของสภาผู้แทนราษฎร วาระที่ 3", "-", BillStage.HouseFinalReadings, BillStatus.Active)]
    [InlineData("ข้อมูลการพิจารณาของวุฒิสภา วาระที่ 1", "รับหลักการ", BillStage.SenateCommittee, BillStatus.Active)]
    [InlineData("ข้อมูลการพิจารณาของวุฒิสภา วาระที่ 1", "ไม่รับหลักการ", BillStage.SenateFinalReadings, BillStatus.Held)]
    [InlineData("ข้อมูลการพิจารณาของวุฒิสภา วาระที่ 1", "-", BillStage.SenateFirstReading, BillStatus.Active)]
    [InlineData("ข้อมูลการพิจารณาของวุฒิสภา วาระที่ 3", "เห็นชอบด้วยกับร่างพระราชบัญญัตินั้น", BillStage.RoyalAssent, BillStatus.Active)]
    [InlineData("ข้อมูลการพิจารณาของวุฒิสภา วาระที่ 3", "ไม่เห็นชอบ", BillStage.SenateFinalReadings, BillStatus.Held)]
    [InlineData("ข้อมูลการพิจารณาของวุฒิสภา วาระที่ 3", "เห็นชอบด้วย โดยมีการแก้ไขเพิ่มเติม", BillStage.HouseFinalReadings, BillStatus.Active)] // Back to the House.
    [InlineData("ข้อมูลการพิจารณาของวุฒิสภา วาระที่ 3", "เห็นชอบด้วย โดยไม่มีการแก้ไขเพิ่มเติม", BillStage.RoyalAssent, BillStatus.Active)]
    [InlineData("ข้อมูลการพิจารณาของสภาผู้แทนราษฎร วาระที่ 3", "เห็นชอบ โดยมีการแก้ไขเพิ่มเติม", BillStage.SenateFirstReading, BillStatus.Active)] // The House's own amendments: on to the Senate.
    [InlineData("ข้อมูลการพิจารณาของวุฒิสภา วาระที่ 3", "-", BillStage.SenateFinalReadings, BillStatus.Active)]
    [InlineData("ข้อมูลการพิจารณาร่างฯ ของรัฐสภา วาระที่ 1", "รับหลักการ", BillStage.JointSitting, BillStatus.Active)]
    [InlineData("ข้อมูลการพิจารณาร่างฯ ของรัฐสภา วาระที่ 1", "ไม่รับหลักการ", BillStage.JointSitting, BillStatus.Lapsed)]
    [InlineData("ข้อมูลการพิจารณาร่างฯ ของรัฐสภา วาระที่ 1", "-", BillStage.JointSitting, BillStatus.Active)]
    [InlineData("ข้อมูลการพิจารณาร่างฯ ของรัฐสภา วาระที่ 2", "-", BillStage.JointSitting, BillStatus.Active)]
    [InlineData("ข้อมูลการพิจารณาร่างฯ ของรัฐสภา วาระที่ 3", "เห็นชอบ", BillStage.RoyalAssent, BillStatus.Active)]
    [InlineData("ข้อมูลการพิจารณาร่างฯ ของรัฐสภา วาระที่ 3", "ไม่เห็นชอบ", BillStage.JointSitting, BillStatus.Lapsed)]
    [InlineData("ข้อมูลแต่งตั้งคณะกรรมาธิการสภาผู้แทนราษฎร", "-", BillStage.HouseCommittee, BillStatus.Active)]
    [InlineData("ข้อมูลแต่งตั้งคณะกรรมาธิการวุฒิสภา", "-", BillStage.SenateCommittee, BillStatus.Active)]
    [InlineData("ข้อมูลผลการพิจารณาของคณะกรรมาธิการ", "-", BillStage.HouseCommittee, BillStatus.Active)] // Nothing before it: the House's.
    [InlineData("ข้อมูลผลการพิจารณาของคณะกรรมาธิการวุฒิสภา", "-", BillStage.SenateCommittee, BillStatus.Active)]
    [InlineData("ข้อมูลผลการนำขึ้นทูลเกล้าทูลกระหม่อมถวาย", "-", BillStage.RoyalAssent, BillStatus.Active)]
    [InlineData("ข้อมูลการประกาศเป็นกฎหมาย", "-", BillStage.Gazette, BillStatus.Enacted)]
    [InlineData("ข้อมูลประกาศในราชกิจจานุเบกษา", "-", BillStage.Gazette, BillStatus.Enacted)]
    [InlineData("ข้อมูลร่างตกไป", "-", BillStage.Introduction, BillStatus.Lapsed)]
    public void Each_section_gives_a_text_the_classifier_places(string title, string resolution, BillStage stage, BillStatus status)
    {
        var html = Page((title, ["วันที่|12/02/2567", $"มติ|{resolution}"]));

        var step = Assert.Single(Parse("1", html).Steps);

        Assert.Equal(new DateOnly(2024, 2, 12), step.OccurredOn);
        Assert.Equal((stage, status), Stage(step));
    }

    [Fact]
    public void A_committee_report_after_a_senate_section_is_the_senate_committees()
    {
        var html = Page(
            ("ข้อมูลการพิจารณาของวุฒิสภา วาระที่ 1", ["วันที่|01/02/2567", "มติ|รับหลักการ"]),
            ("ข้อมูลผลการพิจารณาของคณะกรรมาธิการ", ["วันที่|01/03/2567"]));

        Assert.Equal((BillStage.SenateCommittee, BillStatus.Active), Stage(Parse("1", html).Steps[^1]));
    }

    [Fact]
    public void A_royal_veto_adds_a_step_back_to_the_joint_sitting()
    {
        var html = Fixture("lis-detail-enacted.html").Replace(
            "<td>ทรงลงพระปรมาภิไธย</td>", "<td>ไม่ทรงลงพระปรมาภิไธยและไม่พระราชทานคืนมา</td>", StringComparison.Ordinal);

        var steps = Parse("51234", html).Steps;
        var veto = steps.Single(s => Classifier.Classify(s.StatusText).RuleId == "royal-veto-reconsideration");

        Assert.Equal("ไม่ทรงลงพระปรมาภิไธย (พระบรมราชวินิจฉัย: ไม่ทรงลงพระปรมาภิไธยและไม่พระราชทานคืนมา)", veto.StatusText);
        Assert.Equal((BillStage.JointSitting, BillStatus.Active), Stage(veto));
        Assert.Equal(12, steps.Count);
    }

    [Fact]
    public void Unknown_section_titles_are_ignored()
    {
        var html = Fixture("lis-detail-enacted.html").Replace(
            "ข้อมูลผลการนำขึ้นทูลเกล้าทูลกระหม่อมถวาย", "ข้อมูลเอกสารประกอบ", StringComparison.Ordinal);

        var steps = Parse("51234", html).Steps;

        Assert.Equal(10, steps.Count);
        Assert.DoesNotContain(steps, s => s.StatusText.Contains("ทูลเกล้า", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_fixture_step_is_classified()
    {
        foreach (var bill in new[] { Enacted(), InSenate(), Lapsed() })
        {
            Assert.All(bill.Steps, s => Assert.NotNull(Classifier.Classify(s.StatusText).RuleId));
        }
    }

    // ---- Layout changes -------------------------------------------------------------------------

    [Fact]
    public void A_page_without_the_heading_is_a_layout_change()
    {
        var html = Fixture("lis-detail-enacted.html").Replace("<h3 class=\"heading\">", "<h3 class=\"title\">", StringComparison.Ordinal);

        var e = Assert.Throws<SourceLayoutException>(() => LisBillDetailParser.Parse("51234", html));
        Assert.Equal(LisBillDetailParser.SourceName, e.SourceName);
    }

    [Fact]
    public void A_page_whose_sections_lost_their_nav_titles_is_a_layout_change()
    {
        var html = NavRx().Replace(Fixture("lis-detail-enacted.html"), m => m.Value.Replace("nav", "div", StringComparison.Ordinal));

        Assert.Throws<SourceLayoutException>(() => LisBillDetailParser.Parse("51234", html));
    }

    [Fact]
    public void A_page_whose_sections_lost_their_tables_is_a_layout_change()
    {
        var html = Fixture("lis-detail-enacted.html").Replace("<table", "<div", StringComparison.Ordinal).Replace("</table>", "</div>", StringComparison.Ordinal);

        Assert.Throws<SourceLayoutException>(() => LisBillDetailParser.Parse("51234", html));
    }

    [Fact]
    public void An_impossible_date_is_a_layout_change()
    {
        var html = Fixture("lis-detail-enacted.html").Replace("18/06/2567", "31/06/2567", StringComparison.Ordinal);

        Assert.Throws<SourceLayoutException>(() => LisBillDetailParser.Parse("51234", html));
    }

    [Fact]
    public void The_empty_template_for_an_unknown_doc_id_is_null()
    {
        var html = """
            <html><body><nav class="navbar"><a href="index.php">LIS</a></nav>
            <div class="container"><h3 class="heading">  </h3>
            <table class="table"><tr><td>เลขรับ</td><td>:</td><td></td></tr></table></div></body></html>
            """;

        Assert.Null(LisBillDetailParser.Parse("99999999", html));
    }

    // ---- Encodings and digits -------------------------------------------------------------------

    [Fact]
    public void A_tis620_page_decoded_by_the_shared_decoder_reads_the_same()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var utf8 = Fixture("lis-detail-enacted.html");
        var bytes = Encoding.GetEncoding(874).GetBytes(utf8); // Its meta tag still says utf-8, as stale templates do.
        Assert.False(System.Text.Unicode.Utf8.IsValid(bytes)); // Really TIS-620, not UTF-8.

        var bill = Parse("51234", PageDecoder.Decode(bytes, responseCharset: null, knownEncoding: "tis-620"));

        Assert.Equal(Enacted().Title, bill.Title);
        Assert.Equal(Enacted().Steps, bill.Steps);
    }

    [Fact]
    public void Thai_digits_everywhere_in_the_text_read_the_same_as_arabic()
    {
        var arabic = Enacted();
        var html = TextRx().Replace(Fixture("lis-detail-enacted.html"), m => ToThaiDigits(m.Value));
        Assert.Contains("๒๐/๑๒/๒๕๖๖", html, StringComparison.Ordinal);
        Assert.Contains("๒๗/๐๓/๒๕๖๗", html, StringComparison.Ordinal);

        var thai = Parse("51234", html);

        Assert.Equal(arabic.AcceptanceNumber, thai.AcceptanceNumber);
        Assert.Equal(arabic.Steps, thai.Steps); // Texts, days, votes and links (links are attributes, untouched).
    }

    // ---- Helpers ----------------------------------------------------------------------------------

    private static (BillStage, BillStatus) Stage(SourceStep step)
    {
        var c = Classifier.Classify(step.StatusText);
        return (c.Stage, c.Status);
    }

    /// <summary>A minimal page: the heading, then each section as a nav title and a table of "label|value" rows.</summary>
    private static string Page(params (string Title, string[] Rows)[] sections)
    {
        var sb = new StringBuilder("<html><body><div class=\"container\"><h3 class=\"heading\">ร่างพระราชบัญญัติทดสอบ พ.ศ. ....</h3>");
        foreach (var (title, rows) in sections)
        {
            sb.Append("<nav class=\"navbar\"><span>").Append(title).Append("</span></nav><table class=\"table\">");
            foreach (var row in rows)
            {
                var (label, value) = (row[..row.IndexOf('|', StringComparison.Ordinal)], row[(row.IndexOf('|', StringComparison.Ordinal) + 1)..]);
                sb.Append("<tr><td>").Append(label).Append("</td><td>:</td><td>").Append(value).Append("</td></tr>");
            }

            sb.Append("</table>");
        }

        return sb.Append("</div></body></html>").ToString();
    }

    private static string ToThaiDigits(string s) => new(s.Select(c => c is >= '0' and <= '9' ? (char)('๐' + (c - '0')) : c).ToArray());

    /// <summary>A text node: between a tag's end and the next tag's start.</summary>
    [GeneratedRegex(@">[^<]*<")]
    private static partial Regex TextRx();

    [GeneratedRegex(@"</?nav\b")]
    private static partial Regex NavRx();
}
