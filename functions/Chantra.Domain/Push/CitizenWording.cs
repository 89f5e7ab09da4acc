using Chantra.Domain.Bills;

namespace Chantra.Domain.Push;

/// <summary>
/// Where a bill is, in words a citizen understands (Thai and English), for push texts. In the
/// Senate it also says which day of the Senate's 60 days it is (constitution 2560, s. 137: 60 days
/// for a bill; a money bill has 30, which the sources do not yet tell us, so 60 is shown).
/// </summary>
public static class CitizenWording
{
    public const int SenateDays = 60;

    public static (string Thai, string English) Describe(BillStage stage, BillStatus status, DateOnly? on = null, DateOnly? senateSince = null)
    {
        var (th, en) = status switch
        {
            BillStatus.Lapsed => ($"ร่างนี้ตกไปแล้ว ({stage.ToThai()})", $"This bill has lapsed ({stage.ToEnglish()})"),
            BillStatus.Merged => ("ร่างนี้ถูกรวมเข้ากับร่างอื่นแล้ว", "Merged into another bill"),
            BillStatus.Enacted => ("ประกาศในราชกิจจานุเบกษา มีผลเป็นกฎหมายแล้ว", "Published in the Royal Gazette: it is now law"),
            BillStatus.Held => ("วุฒิสภายับยั้งร่างนี้ไว้", "The Senate has held the bill back"),
            _ => stage switch
            {
                BillStage.Introduction => ("อยู่ระหว่างการเสนอร่าง ยังไม่เข้าสู่การพิจารณาของสภา", "Proposed; not yet debated in Parliament"),
                BillStage.HouseFirstReading => ("รอสภาผู้แทนราษฎรพิจารณาวาระแรก (รับหลักการ)", "Awaiting the House's first reading"),
                BillStage.HouseCommittee => ("อยู่ในชั้นกรรมาธิการสภาผู้แทนราษฎร", "In House committee"),
                BillStage.HouseFinalReadings => ("รอสภาผู้แทนราษฎรลงมติวาระที่ 2–3", "Awaiting the House's final votes"),
                BillStage.SenateFirstReading => ("อยู่ในการพิจารณาของวุฒิสภา วาระแรก", "Before the Senate, first reading"),
                BillStage.SenateCommittee => ("อยู่ในชั้นกรรมาธิการวุฒิสภา", "In Senate committee"),
                BillStage.SenateFinalReadings => ("รอวุฒิสภาลงมติวาระที่ 2–3", "Awaiting the Senate's final votes"),
                BillStage.JointCommittee => ("อยู่ในชั้นกรรมาธิการร่วมกันของสองสภา", "In a joint committee of both houses"),
                BillStage.JointSitting => ("อยู่ในการพิจารณาของที่ประชุมร่วมกันของรัฐสภา", "Before a joint sitting of Parliament"),
                BillStage.ConstitutionalCourt => ("อยู่ระหว่างศาลรัฐธรรมนูญวินิจฉัย", "Before the Constitutional Court"),
                BillStage.RoyalAssent => ("ผ่านรัฐสภาแล้ว รอนำขึ้นทูลเกล้าฯ", "Passed Parliament; awaiting royal assent"),
                BillStage.Gazette => ("ประกาศในราชกิจจานุเบกษาแล้ว", "Published in the Royal Gazette"),
                _ => (string.Empty, string.Empty),
            },
        };

        if (status == BillStatus.Active && IsSenate(stage) && on is { } day && senateSince is { } since && day >= since)
        {
            var n = day.DayNumber - since.DayNumber + 1;
            th += $" — วันที่ {n} จาก {SenateDays}";
            en += $" — day {n} of {SenateDays}";
        }

        return (th, en);
    }

    public static bool IsSenate(BillStage stage) => stage is BillStage.SenateFirstReading or BillStage.SenateCommittee or BillStage.SenateFinalReadings;
}
