namespace Chantra.Domain.Devices;

/// <summary>
/// The ministries of the Thai government (and the Office of the Prime Minister), by the short
/// codes the app and portals use in <c>ministry:{code}</c> tags. A follow of any other code is refused.
/// </summary>
public static class Ministries
{
    public static IReadOnlyDictionary<string, (string Thai, string English)> All { get; } = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["opm"] = ("สำนักนายกรัฐมนตรี", "Office of the Prime Minister"),
        ["mod"] = ("กระทรวงกลาโหม", "Ministry of Defence"),
        ["mof"] = ("กระทรวงการคลัง", "Ministry of Finance"),
        ["mfa"] = ("กระทรวงการต่างประเทศ", "Ministry of Foreign Affairs"),
        ["mots"] = ("กระทรวงการท่องเที่ยวและกีฬา", "Ministry of Tourism and Sports"),
        ["m-society"] = ("กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์", "Ministry of Social Development and Human Security"),
        ["mhesi"] = ("กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม", "Ministry of Higher Education, Science, Research and Innovation"),
        ["moac"] = ("กระทรวงเกษตรและสหกรณ์", "Ministry of Agriculture and Cooperatives"),
        ["mot"] = ("กระทรวงคมนาคม", "Ministry of Transport"),
        ["mnre"] = ("กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม", "Ministry of Natural Resources and Environment"),
        ["mdes"] = ("กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "Ministry of Digital Economy and Society"),
        ["moen"] = ("กระทรวงพลังงาน", "Ministry of Energy"),
        ["moc"] = ("กระทรวงพาณิชย์", "Ministry of Commerce"),
        ["moi"] = ("กระทรวงมหาดไทย", "Ministry of Interior"),
        ["moj"] = ("กระทรวงยุติธรรม", "Ministry of Justice"),
        ["mol"] = ("กระทรวงแรงงาน", "Ministry of Labour"),
        ["m-culture"] = ("กระทรวงวัฒนธรรม", "Ministry of Culture"),
        ["moe"] = ("กระทรวงศึกษาธิการ", "Ministry of Education"),
        ["moph"] = ("กระทรวงสาธารณสุข", "Ministry of Public Health"),
        ["mind"] = ("กระทรวงอุตสาหกรรม", "Ministry of Industry"),
    };
}
