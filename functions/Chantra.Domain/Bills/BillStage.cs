namespace Chantra.Domain.Bills;

/// <summary>Where a bill is in the legislative process, or was when it stopped (DESIGN.md, "Bill stages").</summary>
public enum BillStage
{
    /// <summary>No rule knows the source text; the raw text is shown instead.</summary>
    Unclassified = 0,
    /// <summary>การเสนอร่าง: signatures, money-bill certification, hearings, staff checks, the Speaker's ruling, waiting for the agenda.</summary>
    Introduction,
    /// <summary>สภาผู้แทนราษฎร วาระที่ ๑: acceptance in principle.</summary>
    HouseFirstReading,
    /// <summary>ชั้นกรรมาธิการ ส.ส.</summary>
    HouseCommittee,
    /// <summary>วาระที่ ๒–๓ of the House.</summary>
    HouseFinalReadings,
    /// <summary>วุฒิสภา วาระที่ ๑.</summary>
    SenateFirstReading,
    /// <summary>ชั้นกรรมาธิการ ส.ว.: the stage this app exists for.</summary>
    SenateCommittee,
    /// <summary>วาระที่ ๒–๓ วุฒิสภา.</summary>
    SenateFinalReadings,
    /// <summary>คณะกรรมาธิการร่วมกัน: the houses disagree.</summary>
    JointCommittee,
    /// <summary>ประชุมร่วมกันของรัฐสภา.</summary>
    JointSitting,
    /// <summary>ศาลรัฐธรรมนูญวินิจฉัย.</summary>
    ConstitutionalCourt,
    /// <summary>นำขึ้นทูลเกล้าฯ: passed Parliament, awaiting the royal signature.</summary>
    RoyalAssent,
    /// <summary>ประกาศในราชกิจจานุเบกษา: published; law.</summary>
    Gazette,
}

/// <summary>How a bill stands at its stage.</summary>
public enum BillStatus
{
    /// <summary>No rule knows the source text.</summary>
    Unclassified = 0,
    /// <summary>Moving through Parliament.</summary>
    Active,
    /// <summary>Law.</summary>
    Enacted,
    /// <summary>ตกไป: rejected, withdrawn, not certified, vetoed and not reaffirmed, disposed of.</summary>
    Lapsed,
    /// <summary>ผนวก / รวมร่าง into another bill.</summary>
    Merged,
    /// <summary>ยับยั้ง: the 180-day hold.</summary>
    Held,
}

/// <summary>Wire names (kebab-case, as in DESIGN.md) and Thai labels of stages and statuses.</summary>
public static class BillStageNames
{
    private static readonly Dictionary<BillStage, (string Wire, string Thai, string English)> Stages = new()
    {
        [BillStage.Unclassified] = ("unclassified", "ยังไม่จำแนก", "Unclassified"),
        [BillStage.Introduction] = ("introduction", "การเสนอร่าง", "Introduction"),
        [BillStage.HouseFirstReading] = ("house-first-reading", "สภาผู้แทนราษฎร วาระที่ ๑", "House, first reading"),
        [BillStage.HouseCommittee] = ("house-committee", "ชั้นกรรมาธิการ ส.ส.", "House committee"),
        [BillStage.HouseFinalReadings] = ("house-final-readings", "สภาผู้แทนราษฎร วาระที่ ๒–๓", "House, second and third readings"),
        [BillStage.SenateFirstReading] = ("senate-first-reading", "วุฒิสภา วาระที่ ๑", "Senate, first reading"),
        [BillStage.SenateCommittee] = ("senate-committee", "ชั้นกรรมาธิการ ส.ว.", "Senate committee"),
        [BillStage.SenateFinalReadings] = ("senate-final-readings", "วุฒิสภา วาระที่ ๒–๓", "Senate, second and third readings"),
        [BillStage.JointCommittee] = ("joint-committee", "คณะกรรมาธิการร่วมกัน", "Joint committee"),
        [BillStage.JointSitting] = ("joint-sitting", "ประชุมร่วมกันของรัฐสภา", "Joint sitting of Parliament"),
        [BillStage.ConstitutionalCourt] = ("constitutional-court", "ศาลรัฐธรรมนูญวินิจฉัย", "Constitutional Court"),
        [BillStage.RoyalAssent] = ("royal-assent", "นำขึ้นทูลเกล้าฯ", "Awaiting royal assent"),
        [BillStage.Gazette] = ("gazette", "ประกาศในราชกิจจานุเบกษา", "Published in the Royal Gazette"),
    };

    private static readonly Dictionary<BillStatus, (string Wire, string Thai, string English)> Statuses = new()
    {
        [BillStatus.Unclassified] = ("unclassified", "ยังไม่จำแนก", "unclassified"),
        [BillStatus.Active] = ("active", "อยู่ระหว่างพิจารณา", "in progress"),
        [BillStatus.Enacted] = ("enacted", "ประกาศใช้เป็นกฎหมาย", "enacted"),
        [BillStatus.Lapsed] = ("lapsed", "ตกไป", "lapsed"),
        [BillStatus.Merged] = ("merged", "รวมร่างกับร่างอื่น", "merged into another bill"),
        [BillStatus.Held] = ("held", "ยับยั้งไว้", "held"),
    };

    private static readonly Dictionary<string, BillStage> StageByWire =
        Stages.ToDictionary(kv => kv.Value.Wire, kv => kv.Key, StringComparer.Ordinal);

    private static readonly Dictionary<string, BillStatus> StatusByWire =
        Statuses.ToDictionary(kv => kv.Value.Wire, kv => kv.Key, StringComparer.Ordinal);

    /// <summary>All stage wire names, in process order.</summary>
    public static IReadOnlyList<string> StageWireNames { get; } = Stages.OrderBy(kv => kv.Key).Select(kv => kv.Value.Wire).ToArray();

    /// <summary>All status wire names.</summary>
    public static IReadOnlyList<string> StatusWireNames { get; } = Statuses.OrderBy(kv => kv.Key).Select(kv => kv.Value.Wire).ToArray();

    public static string ToWire(this BillStage stage) => Stages[stage].Wire;
    public static string ToThai(this BillStage stage) => Stages[stage].Thai;
    public static string ToEnglish(this BillStage stage) => Stages[stage].English;
    public static string ToWire(this BillStatus status) => Statuses[status].Wire;
    public static string ToThai(this BillStatus status) => Statuses[status].Thai;
    public static string ToEnglish(this BillStatus status) => Statuses[status].English;

    public static bool TryParseStage(string? wire, out BillStage stage) =>
        StageByWire.TryGetValue(wire ?? string.Empty, out stage);

    public static bool TryParseStatus(string? wire, out BillStatus status) =>
        StatusByWire.TryGetValue(wire ?? string.Empty, out status);
}
