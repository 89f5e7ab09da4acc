using Chantra.Search;

namespace Chantra.Tests.Constitution;

/// <summary>
/// "Across versions": the same provision in the other constitutions. The expected pairs were checked
/// by reading the texts (the notes say what the sections say).
/// </summary>
public sealed class SearchSimilarTests
{
    private static ConstitutionSearchIndex Index => SearchTestSections.Index;

    [Theory]
    // Freedom of expression: "บุคคลย่อมมีเสรีภาพในการแสดงความคิดเห็น การพูด การเขียน การพิมพ์ การโฆษณา…"
    [InlineData("2560", "34", "2550", "45")]
    [InlineData("2560", "34", "2540", "39")]
    [InlineData("2560", "34", "2534", "37")]
    [InlineData("2560", "34", "2521", "34")]
    // The Constitutional Court's composition: "ศาลรัฐธรรมนูญประกอบด้วย…" (9; 9 = 1 + 8; 15 = 1 + 14 judges)
    [InlineData("2560-current", "200", "2550", "204")]
    [InlineData("2560-current", "200", "2540", "255")]
    // Who may vote: "บุคคลผู้มีคุณสมบัติดังต่อไปนี้ เป็นผู้มีสิทธิเลือกตั้ง (๑) มีสัญชาติไทย…"
    [InlineData("2560", "95", "2550", "99")]
    [InlineData("2560", "95", "2540", "105")]
    // Back from 2540: the freedom of expression of 2550.
    [InlineData("2540", "39", "2550", "45")]
    public void The_same_provision_is_found_in_other_constitutions(string fromId, string fromNumber, string toId, string toNumber)
    {
        var similar = Index.Similar(SearchTestSections.Section(fromId, fromNumber), perConstitution: 3);
        var group = Assert.Single(similar, g => g.ConstitutionId == toId);
        Assert.Equal(toNumber, group.Hits[0].Number);
    }

    [Fact]
    public void Other_versions_exclude_the_section_own_instrument_and_its_consolidated_text()
    {
        var similar = Index.Similar(SearchTestSections.Section("2560", "34"), perConstitution: 2);
        Assert.DoesNotContain(similar, g => g.ConstitutionId is "2560" or "2560-current");
        Assert.All(similar, g => Assert.InRange(g.Hits.Count, 1, 2));
        Assert.Equal(similar.OrderByDescending(g => g.YearBe).Select(g => g.ConstitutionId), similar.Select(g => g.ConstitutionId));

        var fromOld = Index.Similar(SearchTestSections.Section("2540", "39"), perConstitution: 1);
        Assert.Contains(fromOld, g => g.ConstitutionId == "2560-current");
        Assert.DoesNotContain(fromOld, g => g.ConstitutionId is "2540" or "2560");
    }

    [Fact]
    public void A_section_that_is_not_in_the_index_works_from_its_text()
    {
        var outside = SearchTestSections.Section("2560", "34") with { ConstitutionId = "draft", Number = "1" };
        var similar = Index.Similar(outside, perConstitution: 1);
        Assert.Equal("34", Assert.Single(similar, g => g.ConstitutionId == "2560-current").Hits[0].Number);
    }

    [Fact]
    public void Bad_limits_are_refused() =>
        Assert.Throws<SearchQueryException>(() => Index.Similar(SearchTestSections.Section("2560", "34"), perConstitution: 0));
}
