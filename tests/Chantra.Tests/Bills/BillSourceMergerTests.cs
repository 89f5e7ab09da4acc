using Chantra.Domain.Bills;
using Chantra.Tests.Infrastructure;

namespace Chantra.Tests.Bills;

/// <summary>One bill from LIS and the Senate's list: matching, ids kept across sources, steps once each, each naming its source.</summary>
public sealed class BillSourceMergerTests
{
    private static readonly BillSourceMerger Merger = new(new BillStatusClassifier());
    private static readonly Dictionary<string, string> NoAliases = [];

    private static SourcedBill Lis(string docId, string title, params (string Text, string? On)[] steps) =>
        new("lis", docId, null, title, "คณะรัฐมนตรี", "https://lis.parliament.go.th/index/detail.php?DOC_ID=" + docId,
            steps.Select(s => new SourceStep(s.Text, s.On is null ? null : DateOnly.Parse(s.On, System.Globalization.CultureInfo.InvariantCulture), Source: "lis")).ToList());

    private static SourcedBill Senate(string id, string title, params string[] steps) =>
        new("senate-lawdraft", id, null, title, null, "http://web.senate.go.th/w3c/senate/lawdraft/index.php?page=1",
            steps.Select(s => new SourceStep(s, null, Source: "senate-lawdraft")).ToList());

    private const string PassedHouse = "สภาผู้แทนราษฎรลงมติเห็นชอบ วาระที่ 3";
    private const string InSenateCommittee = "อยู่ระหว่างการพิจารณาของคณะกรรมาธิการวิสามัญ วุฒิสภา";

    [Fact]
    public void A_bill_in_both_sources_is_one_bill_with_the_lis_id_and_the_steps_of_both_each_naming_its_source()
    {
        var lis = Lis("101", "ร่างพระราชบัญญัติการเดินอากาศ (ฉบับที่ ..) พ.ศ. ....", ("เสนอร่างโดยคณะรัฐมนตรี", "2025-01-10"), (PassedHouse, "2025-06-01"));
        var senate = Senate("7001", "ร่างพระราชบัญญัติการเดินอากาศ (ฉบับที่ ..)  พ.ศ. ….", InSenateCommittee);

        var merge = Merger.Merge([lis], [senate], NoAliases);

        var bill = Assert.Single(merge.Bills);
        Assert.Equal("lis-101", bill.Id);
        Assert.Equal(["lis", "lis", "senate-lawdraft"], bill.Steps.Select(s => s.Source));
        Assert.Equal(InSenateCommittee, bill.Steps[^1].StatusText);
        Assert.Equal(new Dictionary<string, string> { ["lis:101"] = "lis-101", ["senate-lawdraft:7001"] = "lis-101" }, merge.NewAliases);
        Assert.Empty(merge.Unmatched);
    }

    [Theory]
    [InlineData("ร่างพระราชบัญญัติการเดินอากาศ (ฉบับที่ …) พ.ศ. ….")]
    [InlineData("ร่างพระราชบัญญัติการเดินอากาศ (ฉบับที่ ...) พ.ศ. ....")]
    [InlineData("ร่างพระราชบัญญัติการเดินอากาศ ( ฉบับที่ .. ) พ.ศ. ....")]
    public void A_draft_s_open_edition_written_any_way_matches(string senateTitle)
    {
        var lis = Lis("102", "ร่างพระราชบัญญัติการเดินอากาศ (ฉบับที่ ..) พ.ศ. ....", (PassedHouse, "2025-06-01"));

        var merge = Merger.Merge([lis], [Senate("7010", senateTitle, InSenateCommittee)], NoAliases);

        Assert.Equal("lis-102", Assert.Single(merge.Bills).Id);
    }

    [Fact]
    public void A_bill_first_seen_on_the_senate_list_keeps_its_id_when_lis_shows_it_later()
    {
        var senate = Senate("7002", "ร่างพระราชบัญญัติสุรา พ.ศ. ....", InSenateCommittee);
        var first = Merger.Merge([], [senate], NoAliases);
        Assert.Equal("senate-7002", Assert.Single(first.Bills).Id);

        var aliases = new Dictionary<string, string>(first.NewAliases);
        var lis = Lis("202", "ร่างพระราชบัญญัติสุรา พ.ศ. ....", (PassedHouse, "2025-07-01"));
        var later = Merger.Merge([lis], [senate], aliases);

        var bill = Assert.Single(later.Bills);
        Assert.Equal("senate-7002", bill.Id);
        Assert.Equal(new Dictionary<string, string> { ["lis:202"] = "senate-7002" }, later.NewAliases);
    }

    [Fact]
    public void Known_aliases_are_not_written_again()
    {
        var lis = Lis("303", "ร่างพระราชบัญญัติประมง พ.ศ. ....", (PassedHouse, "2025-07-01"));
        var first = Merger.Merge([lis], [Senate("7003", "ร่างพระราชบัญญัติประมง พ.ศ. ....", InSenateCommittee)], NoAliases);

        var again = Merger.Merge([lis], [Senate("7003", "ร่างพระราชบัญญัติประมง พ.ศ. ....", InSenateCommittee)], new Dictionary<string, string>(first.NewAliases));

        Assert.Empty(again.NewAliases);
        Assert.Equal(first.Bills.Select(b => b.Id), again.Bills.Select(b => b.Id));
    }

    [Fact]
    public void Of_competing_drafts_with_one_title_the_senate_row_joins_the_one_lis_shows_past_the_house()
    {
        var stuck = Lis("401", "ร่างพระราชบัญญัติการศึกษาแห่งชาติ พ.ศ. ....", ("เสนอร่างโดยสมาชิกสภาผู้แทนราษฎร", "2025-01-10"));
        var passed = Lis("402", "ร่างพระราชบัญญัติการศึกษาแห่งชาติ พ.ศ. ....", ("เสนอร่างโดยคณะรัฐมนตรี", "2025-01-11"), (PassedHouse, "2025-08-01"));

        var merge = Merger.Merge([stuck, passed], [Senate("7004", "ร่างพระราชบัญญัติการศึกษาแห่งชาติ พ.ศ. ....", InSenateCommittee)], NoAliases);

        Assert.Equal(2, merge.Bills.Count);
        Assert.Contains(merge.Bills.Single(b => b.Id == "lis-402").Steps, s => s.Source == "senate-lawdraft");
        Assert.DoesNotContain(merge.Bills.Single(b => b.Id == "lis-401").Steps, s => s.Source == "senate-lawdraft");
    }

    [Fact]
    public void A_row_that_could_be_either_of_two_drafts_stays_a_bill_of_its_own_rather_than_join_the_wrong_one()
    {
        var a = Lis("501", "ร่างพระราชบัญญัติแร่ พ.ศ. ....", (PassedHouse, "2025-08-01"));
        var b = Lis("502", "ร่างพระราชบัญญัติแร่ พ.ศ. ....", (PassedHouse, "2025-08-02"));

        var merge = Merger.Merge([a, b], [Senate("7005", "ร่างพระราชบัญญัติแร่ พ.ศ. ....", InSenateCommittee)], NoAliases);

        Assert.Equal(["lis-501", "lis-502", "senate-7005"], merge.Bills.Select(x => x.Id));
        Assert.Equal(["ร่างพระราชบัญญัติแร่ พ.ศ. ...."], merge.Unmatched);
    }

    [Fact]
    public void The_acceptance_number_decides_when_both_sources_show_it()
    {
        var a = Lis("601", "ร่างพระราชบัญญัติแร่ พ.ศ. ....", (PassedHouse, "2025-08-01")) with { AcceptanceNumber = "12/2568" };
        var b = Lis("602", "ร่างพระราชบัญญัติแร่ พ.ศ. ....", (PassedHouse, "2025-08-02")) with { AcceptanceNumber = "15/2568" };
        var row = Senate("7006", "ร่างพระราชบัญญัติแร่ พ.ศ. ....", InSenateCommittee) with { AcceptanceNumber = "15/2568" };

        var merge = Merger.Merge([a, b], [row], NoAliases);

        Assert.Equal("lis-602", merge.NewAliases["senate-lawdraft:7006"]);
    }

    [Fact]
    public void A_step_reported_without_a_day_and_again_with_one_is_one_step_the_dated_one()
    {
        var undated = new SourceStep("คณะกรรมาธิการวุฒิสภาพิจารณาเสร็จแล้ว", null, "https://senate/report.pdf", Source: "senate-lawdraft");
        var dated = new SourceStep("คณะกรรมาธิการวุฒิสภาพิจารณาเสร็จแล้ว", new DateOnly(2025, 9, 1), Source: "lis");
        var other = new SourceStep(PassedHouse, new DateOnly(2025, 6, 1), Source: "lis");

        var merged = BillSourceMerger.MergeSteps([other, undated], [dated, other]);

        Assert.Equal([other, dated], merged);
    }

    [Fact]
    public void The_senate_list_saying_passed_and_lis_saying_passed_with_amendments_is_one_step_lis_s_and_the_bill_is_back_with_the_house()
    {
        const string amended = "วุฒิสภาลงมติเห็นชอบ วาระที่ 3 โดยมีการแก้ไขเพิ่มเติม ส่งคืนสภาผู้แทนราษฎร";
        var lis = Lis("301", "ร่างพระราชบัญญัติป่าไม้ (ฉบับที่ ..) พ.ศ. ....", (PassedHouse, "2025-06-01"), (amended, "2025-09-15"));
        var senate = Senate("7301", "ร่างพระราชบัญญัติป่าไม้ (ฉบับที่ ..) พ.ศ. ....", "วุฒิสภาลงมติเห็นชอบ วาระที่ 3");

        var bill = Assert.Single(Merger.Merge([lis], [senate], NoAliases).Bills);

        Assert.Equal([PassedHouse, amended], bill.Steps.Select(s => s.StatusText));
        Assert.Equal("lis", bill.Steps[^1].Source);
        Assert.Equal(BillStage.HouseFinalReadings, new BillStatusClassifier().Classify(bill.Steps[^1].StatusText).Stage);
    }

    [Fact]
    public void A_senate_list_that_lags_behind_lis_adds_its_step_to_the_history_without_setting_the_bill_back()
    {
        const string passedSenate = "วุฒิสภาลงมติเห็นชอบ วาระที่ 3";
        var lis = Lis("302", "ร่างพระราชบัญญัติประมง (ฉบับที่ ..) พ.ศ. ....",
            (PassedHouse, "2025-06-01"), ("วุฒิสภาลงมติรับหลักการ วาระที่ 1", "2025-07-01"), (passedSenate, "2025-09-01"));
        var senate = Senate("7302", "ร่างพระราชบัญญัติประมง (ฉบับที่ ..) พ.ศ. ....", InSenateCommittee);

        var bill = Assert.Single(Merger.Merge([lis], [senate], NoAliases).Bills);

        // The lagging status goes after the last step of its stage (the Senate's first reading put the bill in committee).
        Assert.Equal([PassedHouse, "วุฒิสภาลงมติรับหลักการ วาระที่ 1", InSenateCommittee, passedSenate], bill.Steps.Select(s => s.StatusText));
    }

    [Fact]
    public void A_senate_list_ahead_of_lis_gives_the_bill_s_current_step()
    {
        var lis = Lis("303", "ร่างพระราชบัญญัติโรงงาน (ฉบับที่ ..) พ.ศ. ....", (PassedHouse, "2025-06-01"), ("วุฒิสภาลงมติรับหลักการ วาระที่ 1", "2025-07-01"));
        var senate = Senate("7303", "ร่างพระราชบัญญัติโรงงาน (ฉบับที่ ..) พ.ศ. ....", InSenateCommittee, "คณะกรรมาธิการวุฒิสภาพิจารณาเสร็จแล้ว", "วุฒิสภาลงมติเห็นชอบ วาระที่ 3");

        var bill = Assert.Single(Merger.Merge([lis], [senate], NoAliases).Bills);

        Assert.Equal(["lis", "lis", "senate-lawdraft", "senate-lawdraft", "senate-lawdraft"], bill.Steps.Select(s => s.Source));
        Assert.Equal("วุฒิสภาลงมติเห็นชอบ วาระที่ 3", bill.Steps[^1].StatusText);
    }

    [Fact]
    public void A_text_that_only_starts_like_another_is_a_step_of_its_own()
    {
        // "เสนอร่าง" and "เสนอร่างโดย…" share letters, not a word boundary; different days are different steps.
        var a = new SourceStep("เสนอร่าง", null, Source: "senate-lawdraft");
        var b = new SourceStep("เสนอร่างโดยคณะรัฐมนตรี", new DateOnly(2025, 1, 1), Source: "lis");
        var c = new SourceStep("ร่างตกไปในสภาผู้แทนราษฎร วาระที่ 1", new DateOnly(2025, 2, 1), Source: "lis");
        var d = new SourceStep("ร่างตกไปในสภาผู้แทนราษฎร วาระที่ 1 (เหตุผล: ทดสอบ)", new DateOnly(2025, 3, 1), Source: "lis");

        Assert.Equal([b, a], BillSourceMerger.MergeSteps([b], [a]));
        Assert.Equal([c, d], BillSourceMerger.MergeSteps([c], [d]));
    }

    [Fact]
    public void A_source_id_that_cannot_be_part_of_a_push_tag_is_hashed_into_one_that_can()
    {
        var merge = Merger.Merge([], [Senate("ร่าง/1 ?", "ร่างพระราชบัญญัติทดลอง พ.ศ. ....")], NoAliases);

        Assert.True(Chantra.Domain.Push.PushTags.IsValidId(Assert.Single(merge.Bills).Id));
        Assert.Matches("^senate-[0-9a-f]{16}$", merge.Bills[0].Id);
    }

    [Fact]
    public void A_step_reported_first_without_a_day_and_later_with_one_is_not_a_second_step_or_push()
    {
        var detector = TestData.Detector();
        var first = detector.Detect(null, new BillSnapshot("lis-1", "ร่าง", null, null, null, null,
            [new SourceStep(InSenateCommittee, null, Source: "senate-lawdraft")]), TestData.Now)!;
        var stored = new StoredBill(first.State, first.NewSteps, [], "v1");

        var later = detector.Detect(stored, new BillSnapshot("lis-1", "ร่าง", null, null, null, null,
            [new SourceStep(InSenateCommittee, new DateOnly(2025, 9, 1), Source: "lis")]), TestData.Now)!;

        Assert.Empty(later.NewSteps);
        Assert.Equal(Chantra.Domain.Events.EventTypes.BillUpdated, Assert.Single(later.Events).Type);
    }

    [Fact]
    public void The_timeline_step_keeps_the_source_that_reported_it()
    {
        var change = TestData.Detector().Detect(null, new BillSnapshot("lis-2", "ร่าง", null, null, null, null,
            [new SourceStep(PassedHouse, new DateOnly(2025, 6, 1), Source: "lis"), new SourceStep(InSenateCommittee, null, Source: "senate-lawdraft")]), TestData.Now)!;

        Assert.Equal(["lis", "senate-lawdraft"], change.NewSteps.Select(s => s.Source));
    }
}
