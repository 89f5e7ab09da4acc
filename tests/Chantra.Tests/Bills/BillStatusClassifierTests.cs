using System.Globalization;
using Chantra.Domain.Bills;
using Chantra.Tests.Infrastructure;
using CsvHelper;

namespace Chantra.Tests.Bills;

public sealed class BillStatusClassifierTests
{
    private static readonly BillStatusClassifier Classifier = new();

    /// <summary>Every distinct Status_Description of the shipped real CSV, with what it means.</summary>
    public static TheoryData<string, BillStage, BillStatus> SharedCsvTexts => new()
    {
        { "จัดทำร่างพระราชบัญญัติให้ผู้ยื่นคำร้องแล้ว", BillStage.Introduction, BillStatus.Active },
        { "ตกไปด้วยการถอนร่างในสภาผู้แทนราษฎร", BillStage.HouseFirstReading, BillStatus.Lapsed },
        { "ตกไปเพราะถอนร่างก่อนเข้าสภา", BillStage.Introduction, BillStatus.Lapsed },
        { "ตกไปเพราะไม่ผ่านเงื่อนไขของสภา", BillStage.Introduction, BillStatus.Lapsed },
        { "ตกไปในการพิจารณาของรัฐสภา (วาระที่ 1)", BillStage.JointSitting, BillStatus.Lapsed },
        { "ตกไปในการพิจารณาของรัฐสภา (วาระที่ 1) เนื่องจาก ส.ว. เห็นด้วยไม่ถึง 1/3 ของจำนวน ส.ว. ที่มีอยู่", BillStage.JointSitting, BillStatus.Lapsed },
        { "ตกไปในสภาผู้แทนราษฎร (วาระที่ 1)", BillStage.HouseFirstReading, BillStatus.Lapsed },
        { "ถูกผนวกกับร่างอื่นในสภาผู้แทนราษฎร", BillStage.HouseFirstReading, BillStatus.Merged },
        { "นายกรัฐมนตรีไม่รับรอง", BillStage.Introduction, BillStatus.Lapsed },
        { "ประธานรัฐสภาสั่งจำหน่ายเรื่อง", BillStage.Introduction, BillStatus.Lapsed },
        { "ประธานสภาผู้แทนราษฎร วินิจฉัยหลักการว่าเป็นหมวด 3 หรือหมวด 5 แต่ให้ปรับปรุงร่าง กฎหมายให้เป็นไปตามรูปแบบ", BillStage.Introduction, BillStatus.Active },
        { "ประธานสภาสั่งให้บรรจุเข้าระเบียบวาระ", BillStage.Introduction, BillStatus.Active },
        { "ผู้เสนอขอถอนร่าง", BillStage.Introduction, BillStatus.Lapsed },
        { "รอบรรจุเข้าระเบียบวาระเพื่อพิจารณาในวาระที่ 1", BillStage.Introduction, BillStatus.Active },
        { "อยู่ระหว่างการดำเนินงานของเจ้าหน้าที่", BillStage.Introduction, BillStatus.Active },
        { "อยู่ระหว่างการดำเนินงานของเจ้าหน้าที่สภา", BillStage.Introduction, BillStatus.Active },
        { "อยู่ระหว่างการพิจารณาของนายกรัฐมนตรี", BillStage.Introduction, BillStatus.Active },
        { "อยู่ระหว่างการพิจารณาของประธานสภา", BillStage.Introduction, BillStatus.Active },
        { "อยู่ระหว่างการพิจารณาให้คำรับรองของนายกรัฐมนตรี และจัดให้มีการรับฟังความคิดเห็นไปพร้อมกัน", BillStage.Introduction, BillStatus.Active },
        { "อยู่ระหว่างการวินิจฉัยของประธานสภา", BillStage.Introduction, BillStatus.Active },
        { "อยู่ระหว่างการส่งเรื่องให้นายกรัฐมนตรีรับรอง", BillStage.Introduction, BillStatus.Active },
        { "อยู่ระหว่างการเชิญชวนผู้มีสิทธิเลือกตั้งคนอื่นร่วมเข้าชื่อเสนอกฎหมาย", BillStage.Introduction, BillStatus.Active },
        { "อยู่ระหว่างการแจ้งให้ผู้เสนอทราบ เรื่อง พ.ร.บ. เกี่ยวด้วยการเงิน", BillStage.Introduction, BillStatus.Active },
        { "อยู่ระหว่างการแจ้งให้ผู้เสนอทราบว่าเป็น พ.ร.บ. เกี่ยวด้วยการเงินหรือไม่", BillStage.Introduction, BillStatus.Active },
        { "อยู่ระหว่างพิจารณาในวุฒิสภา (ผ่านสภาผู้แทนราษฏรแล้ว)", BillStage.SenateFirstReading, BillStatus.Active },
        { "อยู่ระหว่างพิจารณาในสภาผู้แทนราษฎร", BillStage.HouseFirstReading, BillStatus.Active },
        { "อยู่ระหว่างพิจารณาในสภาผู้แทนราษฎร (การพิจารณาของคณะกรรมาธิการชั้น ส.ส.)", BillStage.HouseCommittee, BillStatus.Active },
        { "อยู่ระหว่างพิจารณาในสภาผู้แทนราษฎร (รอการพิจารณาวาระที่ 1)", BillStage.HouseFirstReading, BillStatus.Active },
        { "ออกเป็นกฎหมายสำเร็จ", BillStage.Gazette, BillStatus.Enacted },
    };

    /// <summary>Texts the replay writes for dated votes, and texts of the Senate's and LIS's pages the rules already know.</summary>
    public static TheoryData<string, BillStage, BillStatus> OtherKnownTexts => new()
    {
        { "เสนอร่างกฎหมาย", BillStage.Introduction, BillStatus.Active },
        { "สภาผู้แทนราษฎรลงมติรับหลักการ (วาระที่ 1)", BillStage.HouseCommittee, BillStatus.Active },
        { "สภาผู้แทนราษฎรลงมติเห็นชอบ (วาระที่ 3)", BillStage.SenateFirstReading, BillStatus.Active },
        { "ตกไปในสภาผู้แทนราษฎร (วาระที่ 3)", BillStage.HouseFinalReadings, BillStatus.Lapsed },
        { "รัฐสภาลงมติรับหลักการ (วาระที่ 1)", BillStage.JointSitting, BillStatus.Active },
        { "รัฐสภาลงมติเห็นชอบ (วาระที่ 3)", BillStage.RoyalAssent, BillStatus.Active },
        { "ตกไปในการพิจารณาของรัฐสภา (วาระที่ 3)", BillStage.JointSitting, BillStatus.Lapsed },
        { "อยู่ระหว่างการพิจารณาของคณะกรรมาธิการวิสามัญ วุฒิสภา", BillStage.SenateCommittee, BillStatus.Active },
        { "วุฒิสภาลงมติรับหลักการ", BillStage.SenateCommittee, BillStatus.Active },
        { "วุฒิสภาลงมติเห็นชอบ (วาระที่ 3)", BillStage.RoyalAssent, BillStatus.Active },
        { "วุฒิสภายับยั้งร่างพระราชบัญญัติ", BillStage.SenateFinalReadings, BillStatus.Held },
        { "ตั้งคณะกรรมาธิการร่วมกัน", BillStage.JointCommittee, BillStatus.Active },
        { "ศาลรัฐธรรมนูญวินิจฉัยว่าร่างมีข้อความขัดหรือแย้งต่อรัฐธรรมนูญ ร่างตกไป", BillStage.ConstitutionalCourt, BillStatus.Lapsed },
        { "นำขึ้นทูลเกล้าทูลกระหม่อมถวายเพื่อทรงลงพระปรมาภิไธย", BillStage.RoyalAssent, BillStatus.Active },
        { "ประกาศในราชกิจจานุเบกษาแล้ว", BillStage.Gazette, BillStatus.Enacted },
        { "รัฐสภาไม่ยืนยันร่างเดิม ร่างตกไป", BillStage.JointSitting, BillStatus.Lapsed },
        { "ไม่ได้พระราชทานร่างคืนมาภายในเก้าสิบวัน", BillStage.JointSitting, BillStatus.Active },
        { "ส่งให้ศาลรัฐธรรมนูญพิจารณาวินิจฉัย", BillStage.ConstitutionalCourt, BillStatus.Active },
        { "อยู่ระหว่างการพิจารณาของรัฐสภา", BillStage.JointSitting, BillStatus.Active },
        { "อยู่ระหว่างการพิจารณาของวุฒิสภา วาระที่ 2", BillStage.SenateFinalReadings, BillStatus.Active },
        { "สภาผู้แทนราษฎรพิจารณาในวาระที่ 2", BillStage.HouseFinalReadings, BillStatus.Active },
        // The Senate's amendments send the bill back to the House; the House agrees (on to the King) or not (a joint committee; not a lapse).
        { "วุฒิสภาลงมติเห็นชอบ วาระที่ 3 โดยมีการแก้ไขเพิ่มเติม ส่งคืนสภาผู้แทนราษฎร", BillStage.HouseFinalReadings, BillStatus.Active },
        { "วุฒิสภาลงมติเห็นชอบด้วยกับร่างพระราชบัญญัติดังกล่าว ด้วยการแก้ไขเพิ่มเติม", BillStage.HouseFinalReadings, BillStatus.Active },
        { "วุฒิสภาแก้ไขเพิ่มเติม และส่งร่างคืนไปยังสภาผู้แทนราษฎร", BillStage.HouseFinalReadings, BillStatus.Active },
        { "วุฒิสภาลงมติเห็นชอบโดยไม่มีการแก้ไขเพิ่มเติม (วาระที่ 3)", BillStage.RoyalAssent, BillStatus.Active },
        { "วุฒิสภาลงมติไม่เห็นชอบ ยับยั้งร่างไว้ก่อน และส่งคืนสภาผู้แทนราษฎร", BillStage.SenateFinalReadings, BillStatus.Held },
        { "สภาผู้แทนราษฎรลงมติเห็นชอบด้วยกับการแก้ไขเพิ่มเติมของวุฒิสภา", BillStage.RoyalAssent, BillStatus.Active },
        { "สภาผู้แทนราษฎรลงมติไม่เห็นชอบด้วยกับการแก้ไขเพิ่มเติมของวุฒิสภา", BillStage.JointCommittee, BillStatus.Active },
        // Lapsed where the bill stood: in a committee, in the Senate.
        { "ร่างตกไปในชั้นกรรมาธิการ ส.ส.", BillStage.HouseCommittee, BillStatus.Lapsed },
        { "ร่างตกไปในชั้นกรรมาธิการวุฒิสภา", BillStage.SenateCommittee, BillStatus.Lapsed },
        { "ร่างตกไปในวุฒิสภา วาระที่ 1", BillStage.SenateFirstReading, BillStatus.Lapsed },
        { "ร่างตกไปในวุฒิสภา ก่อนลงมติวาระที่ 3", BillStage.SenateFinalReadings, BillStatus.Lapsed },
        // Thai digits and extra spaces are the same text.
        { "ตกไปในสภาผู้แทนราษฎร  (วาระที่ ๑)", BillStage.HouseFirstReading, BillStatus.Lapsed },
    };

    [Theory]
    [MemberData(nameof(SharedCsvTexts))]
    public void Every_status_text_of_the_shared_CSV_maps_to_its_stage_and_status(string text, BillStage stage, BillStatus status)
    {
        var result = Classifier.Classify(text);

        Assert.Equal((stage, status), (result.Stage, result.Status));
        Assert.NotNull(result.RuleId);
    }

    [Theory]
    [MemberData(nameof(OtherKnownTexts))]
    public void Replay_and_upstream_texts_map_to_their_stage_and_status(string text, BillStage stage, BillStatus status)
    {
        var result = Classifier.Classify(text);

        Assert.Equal((stage, status), (result.Stage, result.Status));
    }

    [Fact]
    public void The_table_above_covers_every_distinct_status_text_of_the_shipped_CSV()
    {
        using var reader = new CsvReader(new StreamReader(TestData.BillsCsv), CultureInfo.InvariantCulture);
        var inCsv = reader.GetRecords<dynamic>().Select(r => (string)((IDictionary<string, object>)r)["Status_Description"]).Where(t => t.Length > 0).ToHashSet();
        var tested = SharedCsvTexts.Select(row => (string)row[0]).ToHashSet();

        Assert.Equal(29, inCsv.Count);
        Assert.Empty(inCsv.Except(tested));
        Assert.Empty(tested.Except(inCsv));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("ข้อความที่ไม่มีกฎใดรู้จัก")]
    [InlineData("Pending (English text no rule knows)")]
    public void A_text_no_rule_knows_is_unclassified_never_a_guess(string? text)
    {
        var result = Classifier.Classify(text);

        Assert.Equal(BillStage.Unclassified, result.Stage);
        Assert.Equal(BillStatus.Unclassified, result.Status);
        Assert.Null(result.RuleId);
    }

    [Fact]
    public void Every_rule_is_used_by_at_least_one_tested_text()
    {
        var used = SharedCsvTexts.Concat(OtherKnownTexts).Select(row => Classifier.Classify((string)row[0]).RuleId).ToHashSet();

        var unused = BillStatusClassifier.RuleIds.Except(used!).ToList();
        Assert.Equal([], unused);
    }
}
