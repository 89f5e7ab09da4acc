using System.Text.RegularExpressions;
using Chantra.Domain.Text;

namespace Chantra.Domain.Bills;

/// <summary>The classifier's answer for one raw Thai status text.</summary>
/// <param name="Stage">Canonical stage, or <see cref="BillStage.Unclassified"/>.</param>
/// <param name="Status">How the bill stands, or <see cref="BillStatus.Unclassified"/>.</param>
/// <param name="RuleId">The rule that matched (null when none did), for logs and tests.</param>
public sealed record BillClassification(BillStage Stage, BillStatus Status, string? RuleId)
{
    /// <summary>What a text no rule knows yields: never a guess.</summary>
    public static BillClassification Unclassified { get; } = new(BillStage.Unclassified, BillStatus.Unclassified, null);
}

/// <summary>
/// Maps a raw Thai status text to a canonical stage and status with one ordered table of rules
/// (first match wins, specific before general). A text no rule knows stays unclassified; its raw
/// text is always kept and shown by the callers. Add a rule and a test together.
/// </summary>
public sealed class BillStatusClassifier
{
    private sealed record Rule(string Id, Regex Pattern, BillStage Stage, BillStatus Status);

    private static Rule R(string id, string pattern, BillStage stage, BillStatus status) =>
        new(id, new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(100)), stage, status);

    // Matched against ThaiText.Normalize(text): Arabic digits, single spaces, ราษฏร→ราษฎร.
    private static readonly Rule[] Rules =
    [
        // Enacted and published.
        R("enacted", @"ออกเป็นกฎหมาย(สำเร็จ)?|ประกาศ(ใช้)?ในราชกิจจานุเบกษา(แล้ว)?", BillStage.Gazette, BillStatus.Enacted),

        // Merged into another bill (considered together with it in the House).
        R("merged-house", @"(ถูก)?ผนวก(กับ|เข้ากับ)ร่างอื่น|รวมร่าง", BillStage.HouseFirstReading, BillStatus.Merged),

        // Lapsed before Parliament took it up.
        R("lapsed-pm-not-certified", @"^นายกรัฐมนตรีไม่รับรอง", BillStage.Introduction, BillStatus.Lapsed),
        R("lapsed-withdrawn-before-house", @"ถอนร่างก่อนเข้าสภา|^ผู้เสนอขอถอนร่าง", BillStage.Introduction, BillStatus.Lapsed),
        R("lapsed-conditions", @"^ตกไปเพราะไม่ผ่านเงื่อนไข", BillStage.Introduction, BillStatus.Lapsed),
        R("lapsed-disposed", @"สั่งจำหน่ายเรื่อง", BillStage.Introduction, BillStatus.Lapsed),

        // Lapsed in a chamber. A withdrawal "in the House" happens once the bill is on the
        // House's agenda, i.e. at its first reading.
        R("lapsed-withdrawn-in-house", @"ถอนร่างในสภาผู้แทนราษฎร", BillStage.HouseFirstReading, BillStatus.Lapsed),
        R("lapsed-joint-first-reading", @"ตกไปในการพิจารณาของรัฐสภา.*วาระที่ 1", BillStage.JointSitting, BillStatus.Lapsed),
        R("lapsed-joint-third-reading", @"ตกไปในการพิจารณาของรัฐสภา.*วาระที่ 3|รัฐสภา(ลงมติ)?ไม่เห็นชอบ", BillStage.JointSitting, BillStatus.Lapsed),
        // Lapsed in a committee or in the Senate (e.g. on the House's dissolution), told by where the bill stood.
        R("lapsed-house-committee", @"ตกไปในชั้น(คณะ)?กรรมาธิการ ?(ของ)?(สภาผู้แทนราษฎร|ส\.ส\.)", BillStage.HouseCommittee, BillStatus.Lapsed),
        R("lapsed-senate-committee", @"ตกไปในชั้น(คณะ)?กรรมาธิการ ?(ของ)?(วุฒิสภา|ส\.ว\.)", BillStage.SenateCommittee, BillStatus.Lapsed),
        R("lapsed-senate-first-reading", @"ตกไป(ใน|ในการพิจารณาของ)วุฒิสภา.*วาระที่ 1", BillStage.SenateFirstReading, BillStatus.Lapsed),
        R("lapsed-senate-final-readings", @"ตกไป(ใน|ในการพิจารณาของ)วุฒิสภา.*วาระที่ (2|3)", BillStage.SenateFinalReadings, BillStatus.Lapsed),

        // The Senate amended the bill: it goes back to the House (s. 138 of the constitution). The House
        // agreeing sends it on to the King; the House disagreeing sends it to a joint committee (it does
        // not lapse, so these come before the House's "ไม่เห็นชอบ" lapse below).
        R("house-agrees-senate-amendments", @"^สภาผู้แทนราษฎร(ลงมติ)?เห็นชอบ.*(การแก้ไขเพิ่มเติมของวุฒิสภา|ที่วุฒิสภาแก้ไข)", BillStage.RoyalAssent, BillStatus.Active),
        R("house-rejects-senate-amendments", @"^สภาผู้แทนราษฎร(ลงมติ)?ไม่เห็นชอบ.*(การแก้ไขเพิ่มเติมของวุฒิสภา|ที่วุฒิสภาแก้ไข)", BillStage.JointCommittee, BillStatus.Active),

        R("lapsed-house-first-reading", @"ตกไปในสภาผู้แทนราษฎร.*วาระที่ 1|สภาผู้แทนราษฎร(ลงมติ)?ไม่รับหลักการ", BillStage.HouseFirstReading, BillStatus.Lapsed),
        R("lapsed-house-third-reading", @"ตกไปในสภาผู้แทนราษฎร.*วาระที่ 3|สภาผู้แทนราษฎร(ลงมติ)?ไม่เห็นชอบ", BillStage.HouseFinalReadings, BillStatus.Lapsed),
        R("lapsed-not-reaffirmed", @"ไม่ยืนยันร่าง", BillStage.JointSitting, BillStatus.Lapsed),
        R("lapsed-court", @"ศาลรัฐธรรมนูญวินิจฉัย.*(ตกไป|ขัดหรือแย้ง)", BillStage.ConstitutionalCourt, BillStatus.Lapsed),

        // The Senate's 180-day hold (ยับยั้ง).
        R("held-senate", @"ยับยั้งร่าง|วุฒิสภา(ลงมติ)?ยับยั้ง", BillStage.SenateFinalReadings, BillStatus.Held),

        // Later stages, named by their body. A royal veto sends the bill back to a joint sitting to reconsider.
        R("royal-veto-reconsideration", @"ไม่(ได้)?พระราชทาน(ร่าง)?คืนมา|ไม่ทรงลงพระปรมาภิไธย", BillStage.JointSitting, BillStatus.Active),
        R("royal-assent", @"นำขึ้นทูลเกล้า|ทูลเกล้าทูลกระหม่อมถวาย", BillStage.RoyalAssent, BillStatus.Active),
        R("constitutional-court", @"ศาลรัฐธรรมนูญ", BillStage.ConstitutionalCourt, BillStatus.Active),
        R("joint-committee", @"คณะกรรมาธิการร่วมกัน|กรรมาธิการร่วมกันของสองสภา", BillStage.JointCommittee, BillStatus.Active),
        R("joint-accepted", @"^รัฐสภา(ลงมติ)?รับหลักการ", BillStage.JointSitting, BillStatus.Active),
        R("joint-passed", @"^รัฐสภา(ลงมติ)?เห็นชอบ", BillStage.RoyalAssent, BillStatus.Active),
        R("joint-sitting", @"ประชุมร่วมกันของรัฐสภา|อยู่ระหว่าง(การ)?พิจารณา(ของ|ใน)รัฐสภา", BillStage.JointSitting, BillStatus.Active),

        // The Senate. A committee report or committee consideration is the committee stage;
        // passing the Senate sends the bill on towards royal assent.
        R("senate-amended", @"^วุฒิสภา(ลงมติ)?เห็นชอบ.*(?<!ไม่)(มี|ด้วย)การแก้ไข|^วุฒิสภา.*ส่ง(ร่าง\S*)?คืน(ไปยัง|ไปให้|ให้)?สภาผู้แทนราษฎร", BillStage.HouseFinalReadings, BillStatus.Active),
        R("senate-passed", @"^วุฒิสภา(ลงมติ)?เห็นชอบ(ด้วย)?(กับร่าง)?.*วาระที่ 3|ผ่านการพิจารณาของวุฒิสภาแล้ว", BillStage.RoyalAssent, BillStatus.Active),
        R("senate-committee", @"(คณะกรรมาธิการ|กรรมาธิการ|กมธ\.).*(วุฒิสภา|ส\.ว\.)|(วุฒิสภา|ส\.ว\.).*(คณะกรรมาธิการ|กรรมาธิการ|กมธ\.)", BillStage.SenateCommittee, BillStatus.Active),
        R("senate-final-readings", @"วุฒิสภา.*วาระที่ (2|3)", BillStage.SenateFinalReadings, BillStatus.Active),
        R("senate-first-reading", @"^วุฒิสภา(ลงมติ)?รับหลักการ", BillStage.SenateCommittee, BillStatus.Active),
        R("senate", @"(อยู่ระหว่าง(การ)?พิจารณา|รอการพิจารณา)(ของ|ใน)วุฒิสภา", BillStage.SenateFirstReading, BillStatus.Active),

        // The House.
        R("house-passed", @"^สภาผู้แทนราษฎร(ลงมติ)?เห็นชอบ.*วาระที่ 3", BillStage.SenateFirstReading, BillStatus.Active),
        R("house-committee", @"(คณะกรรมาธิการ|กรรมาธิการ|กมธ\.).*(ชั้น )?ส\.ส\.|สภาผู้แทนราษฎร.*(ขั้น|ชั้น)(คณะ)?กรรมาธิการ", BillStage.HouseCommittee, BillStatus.Active),
        R("house-accepted", @"^สภาผู้แทนราษฎร(ลงมติ)?รับหลักการ", BillStage.HouseCommittee, BillStatus.Active),
        R("house-final-readings", @"สภาผู้แทนราษฎร.*วาระที่ (2|3)", BillStage.HouseFinalReadings, BillStatus.Active),
        R("house-first-reading", @"(อยู่ระหว่าง(การ)?พิจารณา|รอการพิจารณา)(ของ|ใน)สภาผู้แทนราษฎร", BillStage.HouseFirstReading, BillStatus.Active),

        // Introduction: everything before the first reading.
        R("introduction-agenda", @"บรรจุเข้าระเบียบวาระ", BillStage.Introduction, BillStatus.Active),
        R("introduction-speaker", @"ประธานสภา|ประธานรัฐสภา", BillStage.Introduction, BillStatus.Active),
        R("introduction-pm-certification", @"นายกรัฐมนตรี|เกี่ยวด้วยการเงิน", BillStage.Introduction, BillStatus.Active),
        R("introduction-signatures", @"เข้าชื่อเสนอกฎหมาย|ผู้ยื่นคำร้อง|รับฟังความคิดเห็น", BillStage.Introduction, BillStatus.Active),
        R("introduction-staff", @"ดำเนินงานของเจ้าหน้าที่|ตรวจสอบ(ร่าง|รายชื่อ)", BillStage.Introduction, BillStatus.Active),
        R("introduction-proposed", @"^(เสนอ|ยื่น)ร่าง", BillStage.Introduction, BillStatus.Active),
    ];

    /// <summary>Classifies one raw status text.</summary>
    public BillClassification Classify(string? statusText)
    {
        var text = ThaiText.Normalize(statusText);
        if (text.Length == 0)
        {
            return BillClassification.Unclassified;
        }

        foreach (var rule in Rules)
        {
            if (rule.Pattern.IsMatch(text))
            {
                return new BillClassification(rule.Stage, rule.Status, rule.Id);
            }
        }

        return BillClassification.Unclassified;
    }

    /// <summary>The rule ids in order, so tests can check that every rule is exercised.</summary>
    public static IReadOnlyList<string> RuleIds { get; } = Rules.Select(r => r.Id).ToArray();
}
