namespace Chantra.Domain.Complaints;

/// <summary>A topic a citizen files under: one of the Senate's standing committee areas (or "other").</summary>
/// <param name="Code">Stable, lowercase ASCII: stored, filtered on, and sent by the apps.</param>
public sealed record ComplaintTopic(string Code, string Thai, string English);

/// <summary>Why staff did not take a complaint up (the reason code of <c>rejected</c>).</summary>
public sealed record RejectionReason(string Code, string Thai, string English);

/// <summary>
/// The fixed words of the complaint service: kinds, statuses and their labels, topics and
/// rejection reasons, each with a stable wire code and Thai and English names.
/// </summary>
public static class ComplaintVocabulary
{
    /// <summary>The topic for what fits no committee area; it cannot be a committee a complaint is forwarded to.</summary>
    public const string OtherTopic = "other";

    /// <summary>
    /// The areas of the Senate's 21 standing committees (คณะกรรมาธิการสามัญประจำวุฒิสภา, Senate rules of
    /// procedure B.E. 2567), in the Senate's own order, then "other". A committee renamed later keeps its code;
    /// a new area gets a new code, and a code is never reused for another area.
    /// </summary>
    public static IReadOnlyList<ComplaintTopic> Topics { get; } =
    [
        new("agriculture", "การเกษตรและสหกรณ์", "Agriculture and cooperatives"),
        new("law-justice", "การกฎหมายและการยุติธรรม", "Law and justice"),
        new("political-development", "การพัฒนาการเมือง การมีส่วนร่วมของประชาชน สิทธิมนุษยชน สิทธิ เสรีภาพ และการคุ้มครองผู้บริโภค",
            "Political development, public participation, human rights, liberties and consumer protection"),
        new("foreign-affairs", "การต่างประเทศ", "Foreign affairs"),
        new("military-security", "การทหารและความมั่นคงของรัฐ", "Military affairs and state security"),
        new("local-administration", "การปกครองท้องถิ่น", "Local administration"),
        new("transport", "การคมนาคม", "Transport"),
        new("public-administration", "การบริหารราชการแผ่นดิน", "Public administration"),
        new("anti-corruption", "กิจการองค์กรอิสระตามรัฐธรรมนูญ การป้องกันและปราบปรามการทุจริตและประพฤติมิชอบ",
            "Independent constitutional organisations, anti-corruption and misconduct"),
        new("finance", "การเงิน การคลัง การธนาคาร และสถาบันการเงิน", "Finance, fiscal affairs, banking and financial institutions"),
        new("economy", "การเศรษฐกิจ การพาณิชย์ และการอุตสาหกรรม", "Economy, commerce and industry"),
        new("energy", "การพลังงาน", "Energy"),
        new("environment", "การทรัพยากรธรรมชาติและสิ่งแวดล้อม", "Natural resources and environment"),
        new("tourism-sports", "การท่องเที่ยวและการกีฬา", "Tourism and sports"),
        new("education", "การศึกษา", "Education"),
        new("public-health", "การสาธารณสุข", "Public health"),
        new("labour", "การแรงงาน", "Labour"),
        new("social-development", "การพัฒนาสังคมและกิจการเด็ก เยาวชน สตรี ผู้สูงอายุ คนพิการ และผู้ด้อยโอกาส",
            "Social development; children, youth, women, the elderly, people with disabilities and the disadvantaged"),
        new("religion-culture", "การศาสนา คุณธรรม จริยธรรม ศิลปะ และวัฒนธรรม", "Religion, ethics, arts and culture"),
        new("science-technology", "การวิทยาศาสตร์ เทคโนโลยี การสื่อสาร และการโทรคมนาคม", "Science, technology, communications and telecommunications"),
        new("budget-monitoring", "การติดตามการบริหารงบประมาณ", "Budget monitoring"),
        new(OtherTopic, "เรื่องอื่น ๆ", "Other matters"),
    ];

    private static readonly Dictionary<string, ComplaintTopic> TopicsByCode = Topics.ToDictionary(t => t.Code, StringComparer.Ordinal);

    public static ComplaintTopic? FindTopic(string? code) => code is not null && TopicsByCode.TryGetValue(code, out var t) ? t : null;

    /// <summary>A committee a complaint can be forwarded to: every topic but "other".</summary>
    public static ComplaintTopic? FindCommittee(string? code) => FindTopic(code) is { Code: not OtherTopic } t ? t : null;

    public static IReadOnlyList<RejectionReason> RejectionReasons { get; } =
    [
        new("out-of-remit", "ไม่อยู่ในอำนาจหน้าที่ของวุฒิสภา", "Not within the Senate's powers"),
        new("before-court", "อยู่ระหว่างการพิจารณาของศาล", "Before a court"),
        new("duplicate", "ซ้ำกับเรื่องที่ยื่นไว้แล้ว", "A duplicate of a matter already filed"),
        new("incomplete", "ข้อมูลไม่เพียงพอที่จะพิจารณา", "Not enough information to consider"),
        new("abusive", "มีถ้อยคำไม่เหมาะสม", "Abusive or offensive content"),
        new("withdrawn", "ผู้ยื่นขอถอนเรื่อง", "Withdrawn by the person who filed it"),
    ];

    private static readonly Dictionary<string, RejectionReason> ReasonsByCode = RejectionReasons.ToDictionary(r => r.Code, StringComparer.Ordinal);

    public static RejectionReason? FindRejectionReason(string? code) => code is not null && ReasonsByCode.TryGetValue(code, out var r) ? r : null;

    public static string ToWire(this ComplaintKind kind) => kind switch
    {
        ComplaintKind.Complaint => "complaint",
        ComplaintKind.Suggestion => "suggestion",
        ComplaintKind.Petition => "petition",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParseKind(string? wire, out ComplaintKind kind)
    {
        foreach (var k in Enum.GetValues<ComplaintKind>())
        {
            if (string.Equals(k.ToWire(), wire, StringComparison.Ordinal))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static (string Thai, string English) Describe(this ComplaintKind kind) => kind switch
    {
        ComplaintKind.Complaint => ("เรื่องร้องเรียน", "Complaint"),
        ComplaintKind.Suggestion => ("ข้อเสนอแนะ", "Suggestion"),
        ComplaintKind.Petition => ("คำร้อง", "Petition"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string ToWire(this ComplaintStatus status) => status switch
    {
        ComplaintStatus.Received => "received",
        ComplaintStatus.InReview => "in-review",
        ComplaintStatus.Forwarded => "forwarded",
        ComplaintStatus.Answered => "answered",
        ComplaintStatus.Closed => "closed",
        ComplaintStatus.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static IReadOnlyList<string> StatusWireNames { get; } = [.. Enum.GetValues<ComplaintStatus>().Select(s => s.ToWire())];

    public static IReadOnlyList<string> KindWireNames { get; } = [.. Enum.GetValues<ComplaintKind>().Select(k => k.ToWire())];

    public static bool TryParseStatus(string? wire, out ComplaintStatus status)
    {
        foreach (var s in Enum.GetValues<ComplaintStatus>())
        {
            if (string.Equals(s.ToWire(), wire, StringComparison.Ordinal))
            {
                status = s;
                return true;
            }
        }

        status = default;
        return false;
    }

    /// <summary>The status as the citizen reads it.</summary>
    public static (string Thai, string English) Describe(this ComplaintStatus status) => status switch
    {
        ComplaintStatus.Received => ("ได้รับเรื่องแล้ว", "Received"),
        ComplaintStatus.InReview => ("อยู่ระหว่างการพิจารณา", "Under review"),
        ComplaintStatus.Forwarded => ("ส่งเรื่องให้คณะกรรมาธิการแล้ว", "Forwarded to a committee"),
        ComplaintStatus.Answered => ("มีคำตอบแล้ว", "Answered"),
        ComplaintStatus.Closed => ("ปิดเรื่องแล้ว", "Closed"),
        ComplaintStatus.Rejected => ("ไม่รับพิจารณา", "Not taken up"),
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>Closed and rejected complaints never change again; their personal data waits only for the retention timer.</summary>
    public static bool IsFinal(this ComplaintStatus status) => status is ComplaintStatus.Closed or ComplaintStatus.Rejected;
}
