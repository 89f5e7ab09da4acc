using System.Text.Json;
using Chantra.Functions.Constitution;
using Chantra.Tests.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Tests.Constitution;

/// <summary>The constitution routes over the real shipped texts and the real index.</summary>
public sealed class ConstitutionApiFixture : IDisposable
{
    public ConstitutionCatalogService Catalog { get; } = new(new ConstitutionOptions(), NullLogger<ConstitutionCatalogService>.Instance);

    public void Dispose() => Catalog.Dispose();
}

public sealed class ConstitutionApiTests(ConstitutionApiFixture fixture) : IClassFixture<ConstitutionApiFixture>
{
    private ConstitutionApi Api => new(fixture.Catalog);

    private static async Task<HttpAnswer> Call(Func<HttpRequest, Microsoft.AspNetCore.Mvc.IActionResult> run, string query = "", string? ifNoneMatch = null)
    {
        var ctx = HttpCall.Request("/api/v1/constitutions", new QueryString(query), ifNoneMatch);
        return await HttpCall.ExecuteAsync(run(ctx.Request), ctx);
    }

    [Fact]
    public async Task The_list_has_every_instrument_with_the_current_one_marked()
    {
        var answer = await Call(r => Api.ListConstitutions(r));

        var items = answer.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(21, items.Count);
        var current = Assert.Single(items, i => i.GetProperty("current").GetBoolean());
        Assert.Equal("2560-current", current.GetProperty("id").GetString());
        Assert.Equal(279, current.GetProperty("sectionCount").GetInt32());
        Assert.Contains(items, i => i.GetProperty("id").GetString() == "2549" && i.GetProperty("provisional").GetBoolean());
        Assert.NotNull(answer.ETag);
    }

    [Theory]
    [InlineData("34")]
    [InlineData("๓๔")]
    public async Task A_section_is_found_by_Thai_or_Arabic_digits_with_its_chapter_and_earlier_versions(string number)
    {
        var answer = await Call(r => Api.GetConstitutionSection(r, "2560-current", number));

        Assert.Equal(200, answer.Status);
        var section = answer.Json.GetProperty("section");
        Assert.Equal("34", section.GetProperty("number").GetString());
        Assert.Equal("สิทธิและเสรีภาพของปวงชนชาวไทย", section.GetProperty("chapterTitle").GetString());
        var across = answer.Json.GetProperty("acrossVersions").EnumerateArray().ToList();
        Assert.Contains(across, h => h.GetProperty("constitutionId").GetString() == "2550" && h.GetProperty("section").GetString() == "45");
        Assert.Contains(across, h => h.GetProperty("constitutionId").GetString() == "2540" && h.GetProperty("section").GetString() == "39");
    }

    [Fact]
    public async Task The_history_of_an_amended_section_shows_both_texts_and_who_changed_it()
    {
        var answer = await Call(r => Api.GetConstitutionSectionHistory(r, "2560-current", "83"));

        var versions = answer.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, versions.Count);
        Assert.NotEqual(versions[0].GetProperty("text").GetString(), versions[1].GetProperty("text").GetString());
        Assert.Contains("2564", versions[1].GetProperty("changedBy").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_finds_sections_with_marked_snippets_and_answers_304_when_unchanged()
    {
        var first = await Call(r => Api.SearchConstitutions(r), "?q=" + Uri.EscapeDataString("เสรีภาพในการแสดงความคิดเห็น") + "&constitution=2560-current&top=5");
        var again = await Call(r => Api.SearchConstitutions(r), "?q=" + Uri.EscapeDataString("เสรีภาพในการแสดงความคิดเห็น") + "&constitution=2560-current&top=5", first.ETag);

        var hits = first.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.InRange(hits.Count, 1, 5);
        Assert.Contains(hits.Take(3), h => h.GetProperty("section").GetString() == "34");
        Assert.All(hits, h => Assert.Equal("2560-current", h.GetProperty("constitutionId").GetString()));
        Assert.Contains('«', hits[0].GetProperty("snippet").GetString()!);
        Assert.Equal(304, again.Status);
    }

    [Theory]
    [InlineData("มาตรา ๕๔")]
    [InlineData("ม. 54")]
    [InlineData("section 54")]
    public async Task A_section_reference_jumps_straight_to_the_section(string q)
    {
        var answer = await Call(r => Api.SearchConstitutions(r), "?q=" + Uri.EscapeDataString(q));

        var first = answer.Json.GetProperty("items")[0];
        Assert.Equal("54", first.GetProperty("section").GetString());
        Assert.True(first.GetProperty("sectionJump").GetBoolean());
    }

    public static TheoryData<string> HostileQueries => new()
    {
        "?q=",
        "?q=" + new string('ก', 10_000),
        "?q=" + Uri.EscapeDataString("*:*"),
        "?q=" + Uri.EscapeDataString("title:("),
        "?q=" + Uri.EscapeDataString("\"unbalanced"),
        "?q=" + Uri.EscapeDataString("!!!???"),
        "?q=" + Uri.EscapeDataString("😀🎉"),
        "?q=" + Uri.EscapeDataString("\u202Eสิทธิ\u202C"),
        "?q=" + Uri.EscapeDataString("+-&&||!(){}[]^\"~*?:\\/"),
        "?q=a&q=b",
        "?q=" + Uri.EscapeDataString("สิทธิ") + "&top=0",
        "?q=" + Uri.EscapeDataString("สิทธิ") + "&top=abc",
        "?q=" + Uri.EscapeDataString("สิทธิ") + "&constitution=" + Uri.EscapeDataString("' or 1=1"),
        "",
    };

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task Hostile_queries_get_a_clear_400_or_an_empty_result_never_a_500(string query)
    {
        var answer = await Call(r => Api.SearchConstitutions(r), query);

        Assert.True(answer.Status is 200 or 400, $"status {answer.Status}");
        if (answer.Status == 400)
        {
            Assert.Equal("application/problem+json; charset=utf-8", answer.ContentType);
            Assert.False(string.IsNullOrEmpty(answer.Json.GetProperty("titleTh").GetString()));
            Assert.False(string.IsNullOrEmpty(answer.Json.GetProperty("errors")[0].GetProperty("parameter").GetString()));
        }
        else
        {
            Assert.Equal(JsonValueKind.Array, answer.Json.GetProperty("items").ValueKind);
        }
    }

    [Fact]
    public async Task Two_sections_compare_word_by_word()
    {
        var answer = await Call(r => Api.CompareConstitutionSections(r), "?a=2550:45&b=" + Uri.EscapeDataString("2560-current:34"));

        Assert.Equal(200, answer.Status);
        var ops = answer.Json.GetProperty("diff").EnumerateArray().Select(s => s.GetProperty("op").GetString()).ToHashSet();
        Assert.Contains("equal", ops);
        Assert.Contains("added", ops);
        Assert.Contains("removed", ops);
    }

    [Theory]
    [InlineData("?a=2550:45")]
    [InlineData("?a=2550&b=2560:34")]
    [InlineData("?a=2550:9999&b=2560:34")]
    public async Task A_bad_comparison_names_the_parameter(string query)
    {
        var answer = await Call(r => Api.CompareConstitutionSections(r), query);

        Assert.Equal(400, answer.Status);
        Assert.Contains(answer.Json.GetProperty("errors").EnumerateArray(), e => e.GetProperty("parameter").GetString() is "a" or "b");
    }

    [Fact]
    public async Task Unknown_constitutions_and_sections_are_404_problems()
    {
        var noConstitution = await Call(r => Api.GetConstitution(r, "2999"));
        var noSection = await Call(r => Api.GetConstitutionSection(r, "2560", "9999"));

        Assert.Equal((404, 404), (noConstitution.Status, noSection.Status));
        Assert.Equal("application/problem+json; charset=utf-8", noSection.ContentType);
    }
}
