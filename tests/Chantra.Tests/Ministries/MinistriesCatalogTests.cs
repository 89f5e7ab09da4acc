using Chantra.Domain.Ministry;
using Chantra.Domain.Push;

namespace Chantra.Tests.Ministry;

public sealed class MinistriesCatalogTests
{
    [Fact]
    public void Codes_are_unique_lower_case_tag_ids()
    {
        var codes = MinistryCatalog.All.Select(m => m.Code).ToList();

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, c => Assert.True(PushTags.IsValidId(c) && c == c.ToLowerInvariant(), c));
        Assert.All(MinistryCatalog.All, m => Assert.False(string.IsNullOrWhiteSpace(m.NameTh) || string.IsNullOrWhiteSpace(m.NameEn), m.Code));
    }

    [Fact]
    public void It_keeps_the_ministry_codes_devices_follow_and_adds_agencies()
    {
        Assert.Equal(20, MinistryCatalog.All.Count(m => m.Kind == MinistryKind.Ministry));
        Assert.Contains(MinistryCatalog.All, m => m.Code == "ocs" && m.Kind == MinistryKind.Agency);
        Assert.Contains(MinistryCatalog.All, m => m.Code == "bb" && m.Kind == MinistryKind.Agency);
        Assert.Equal(MinistryCatalog.All.Select(m => m.Code), Domain.Devices.Ministries.All.Keys);
        Assert.Equal(("กระทรวงสาธารณสุข", "Ministry of Public Health"), Domain.Devices.Ministries.All["moph"]);
        Assert.Null(MinistryCatalog.Find("MOF"));
        Assert.Equal("Ministry of Finance", MinistryCatalog.Find("mof")!.NameEn);
    }
}
