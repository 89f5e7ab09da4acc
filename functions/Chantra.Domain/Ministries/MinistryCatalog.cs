// Singular on purpose: a namespace Chantra.Domain.Ministries would shadow the class
// Devices.Ministries wherever code under Chantra.Domain writes Ministries.All.
namespace Chantra.Domain.Ministry;

/// <summary>What a catalogue entry is.</summary>
public enum MinistryKind
{
    /// <summary>A ministry (กระทรวง), or the Office of the Prime Minister, which ranks as one.</summary>
    Ministry,

    /// <summary>A government agency outside the ministries that bills are often assigned to (สำนักงาน, สำนัก).</summary>
    Agency,
}

/// <summary>A ministry or agency: its code (as in <c>ministry:{code}</c> push tags and URLs) and its names.</summary>
public sealed record MinistryInfo(string Code, string NameTh, string NameEn, MinistryKind Kind);

/// <summary>
/// The ministries and agencies a bill can be assigned to: the one list of codes for push tags,
/// device follows, the ministry API and webhooks. Codes never change once published: portals and
/// devices keep them.
/// </summary>
public static class MinistryCatalog
{
    public static IReadOnlyList<MinistryInfo> All { get; } =
    [
        new("opm", "สำนักนายกรัฐมนตรี", "Office of the Prime Minister", MinistryKind.Ministry),
        new("mod", "กระทรวงกลาโหม", "Ministry of Defence", MinistryKind.Ministry),
        new("mof", "กระทรวงการคลัง", "Ministry of Finance", MinistryKind.Ministry),
        new("mfa", "กระทรวงการต่างประเทศ", "Ministry of Foreign Affairs", MinistryKind.Ministry),
        new("mots", "กระทรวงการท่องเที่ยวและกีฬา", "Ministry of Tourism and Sports", MinistryKind.Ministry),
        new("m-society", "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์", "Ministry of Social Development and Human Security", MinistryKind.Ministry),
        new("mhesi", "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม", "Ministry of Higher Education, Science, Research and Innovation", MinistryKind.Ministry),
        new("moac", "กระทรวงเกษตรและสหกรณ์", "Ministry of Agriculture and Cooperatives", MinistryKind.Ministry),
        new("mot", "กระทรวงคมนาคม", "Ministry of Transport", MinistryKind.Ministry),
        new("mnre", "กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม", "Ministry of Natural Resources and Environment", MinistryKind.Ministry),
        new("mdes", "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "Ministry of Digital Economy and Society", MinistryKind.Ministry),
        new("moen", "กระทรวงพลังงาน", "Ministry of Energy", MinistryKind.Ministry),
        new("moc", "กระทรวงพาณิชย์", "Ministry of Commerce", MinistryKind.Ministry),
        new("moi", "กระทรวงมหาดไทย", "Ministry of Interior", MinistryKind.Ministry),
        new("moj", "กระทรวงยุติธรรม", "Ministry of Justice", MinistryKind.Ministry),
        new("mol", "กระทรวงแรงงาน", "Ministry of Labour", MinistryKind.Ministry),
        new("m-culture", "กระทรวงวัฒนธรรม", "Ministry of Culture", MinistryKind.Ministry),
        new("moe", "กระทรวงศึกษาธิการ", "Ministry of Education", MinistryKind.Ministry),
        new("moph", "กระทรวงสาธารณสุข", "Ministry of Public Health", MinistryKind.Ministry),
        new("mind", "กระทรวงอุตสาหกรรม", "Ministry of Industry", MinistryKind.Ministry),

        // Agencies that answer to the Prime Minister directly and carry bills of their own
        // (drafting, budget, civil service, police, prosecution).
        new("ocs", "สำนักงานคณะกรรมการกฤษฎีกา", "Office of the Council of State", MinistryKind.Agency),
        new("bb", "สำนักงบประมาณ", "Bureau of the Budget", MinistryKind.Agency),
        new("soc", "สำนักเลขาธิการคณะรัฐมนตรี", "Secretariat of the Cabinet", MinistryKind.Agency),
        new("nesdc", "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ", "Office of the National Economic and Social Development Council", MinistryKind.Agency),
        new("ocsc", "สำนักงานคณะกรรมการข้าราชการพลเรือน", "Office of the Civil Service Commission", MinistryKind.Agency),
        new("rtp", "สำนักงานตำรวจแห่งชาติ", "Royal Thai Police", MinistryKind.Agency),
        new("oag", "สำนักงานอัยการสูงสุด", "Office of the Attorney General", MinistryKind.Agency),
    ];

    private static readonly Dictionary<string, MinistryInfo> ByCode = All.ToDictionary(m => m.Code, StringComparer.Ordinal);

    /// <summary>The entry for a code (codes are lower case; matching is exact).</summary>
    public static MinistryInfo? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var m) ? m : null;

    public static bool Contains(string? code) => code is not null && ByCode.ContainsKey(code);

    /// <summary>The wire name of a kind: <c>ministry</c> or <c>agency</c>.</summary>
    public static string ToWire(this MinistryKind kind) => kind == MinistryKind.Ministry ? "ministry" : "agency";
}
