using Chantra.Search;

namespace Chantra.Tests.Constitution;

/// <summary>
/// Queries as users type them: hostile input, section jumps, and the normalisation of digits, sara
/// am and invisible characters (the same for the query and the texts).
/// </summary>
public sealed class SearchQueryTests
{
    private static ConstitutionSearchIndex Index => SearchTestSections.Index;

    public static TheoryData<string> HostileQueries() =>
    [
        "",
        "   \t\n ",
        new string('ก', 10_000),
        new string('a', 201),
        "*:*",
        "title:(",
        "text:เสรีภาพ",
        "\"unbalanced",
        "!!!???",
        "😀🎉🇹🇭",
        "\u202E\u202E\u202E",
        "\u202Eมาตรา\u202C",
        "\u200B\u200C\u200D\uFEFF",
        "+ - && || ! ( ) { } [ ] ^ \" ~ * ? : \\ /",
        "AND OR NOT",
        "เสรีภาพ~2",
        "เสรีภาพ^100",
        "[1 TO 5]",
        "/regex.*/",
        "\0\u0001\u0007",
        "มาตรา 99999",
        "มาตรา 0",
        "ส.ส. ส.ว. กกต. ป.ป.ช.",
    ];

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public void Hostile_queries_give_a_validation_error_or_a_result_never_another_exception(string query)
    {
        try
        {
            var hits = Index.Search(query, null, 10);
            Assert.True(hits.Count <= 10);
        }
        catch (SearchQueryException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.MessageTh));
            Assert.False(string.IsNullOrWhiteSpace(e.MessageEn));
        }
    }

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public void Hostile_queries_with_a_filter_behave_the_same(string query)
    {
        try
        {
            Assert.True(Index.Search(query, "2540", 5).Count <= 5);
        }
        catch (SearchQueryException)
        {
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u200B\u200E\u202E")]
    public void Empty_queries_are_refused_in_Thai_and_English(string query)
    {
        var e = Assert.Throws<SearchQueryException>(() => Index.Search(query));
        Assert.Equal(SearchQueryError.Empty, e.Error);
        Assert.Contains("คำค้น", e.MessageTh);
    }

    [Fact]
    public void A_10000_character_query_is_refused_as_too_long()
    {
        var e = Assert.Throws<SearchQueryException>(() => Index.Search(new string('ก', 10_000)));
        Assert.Equal(SearchQueryError.TooLong, e.Error);
        Assert.Throws<SearchQueryException>(() => Index.Search(string.Concat(Enumerable.Repeat("เสรีภาพ ", 30))));
        Assert.NotEmpty(Index.Search(new string(' ', 500) + "เสรีภาพ")); // whitespace collapses before the length check
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(ConstitutionSearchIndex.MaxTop + 1)]
    public void Top_outside_its_range_is_refused(int top) =>
        Assert.Equal(SearchQueryError.BadLimit, Assert.Throws<SearchQueryException>(() => Index.Search("เสรีภาพ", null, top)).Error);

    [Theory]
    [InlineData("*:*")]
    [InlineData("!!!???")]
    [InlineData("😀🎉")]
    [InlineData("\"")]
    public void Query_syntax_and_punctuation_find_nothing(string query) => Assert.Empty(Index.Search(query));

    [Fact]
    public void Lucene_syntax_is_plain_text()
    {
        // A fuzzy mark or a boost is punctuation, a field name is a word ("text:เสรีภาพ" is one
        // token to the word breaker, and no section has it).
        Assert.Equal(Numbers(Index.Search("เสรีภาพ 2")), Numbers(Index.Search("เสรีภาพ~2")));
        Assert.Equal(Numbers(Index.Search("เสรีภาพ 100")), Numbers(Index.Search("เสรีภาพ^100")));
        Assert.Empty(Index.Search("text:เสรีภาพ"));
        Assert.Empty(Index.Search("title:("));
    }

    [Fact]
    public void An_unknown_constitution_filter_finds_nothing() => Assert.Empty(Index.Search("เสรีภาพ", "1999"));

    [Theory]
    [InlineData("มาตรา 54")]
    [InlineData("มาตรา54")]
    [InlineData("มาตรา ๕๔")]
    [InlineData("ม. 54")]
    [InlineData("ม.54")]
    [InlineData("ม.๕๔")]
    [InlineData("section 54")]
    [InlineData("Section ๕๔")]
    [InlineData("SECTION 54")]
    [InlineData("s. 54")]
    [InlineData("s.54")]
    [InlineData("  มาตรา\u200B 54  ")]
    [InlineData("\u200Eมาตรา 054")]
    public void Section_forms_jump_to_the_current_constitution_first(string query)
    {
        var hits = Index.Search(query, null, 5);
        Assert.Equal("2560-current", Index.CurrentConstitutionId);
        Assert.Equal(("2560-current", "54"), (hits[0].ConstitutionId, hits[0].Number));
        Assert.True(hits[0].IsSectionJump);
        Assert.Equal(ConstitutionSearchIndex.SectionJumpScore, hits[0].Score);
        Assert.StartsWith("รัฐต้องดำเนินการให้เด็กทุกคนได้รับการศึกษา", hits[0].Snippet);

        // Then the same number elsewhere, newest first, never 2560's unchanged copy of it.
        Assert.All(hits, h => Assert.Equal("54", h.Number));
        Assert.DoesNotContain(hits, h => h.ConstitutionId == "2560");
        Assert.Equal(hits.OrderByDescending(h => h.ConstitutionId == "2560-current").ThenByDescending(h => h.YearBe).Select(h => h.ConstitutionId), hits.Select(h => h.ConstitutionId));
    }

    [Theory]
    [InlineData("มาตรา 39", "2540", "บุคคลย่อมมีเสรีภาพในการแสดงความคิดเห็น")]
    [InlineData("s. 45", "2550", "บุคคลย่อมมีเสรีภาพในการแสดงความคิดเห็น")]
    [InlineData("ม.๘๓", "2560", "สภาผู้แทนราษฎรประกอบด้วยสมาชิกจำนวนห้าร้อยคน ดังนี้")]
    [InlineData("Section 83", "2560-current", "สภาผู้แทนราษฎรประกอบด้วยสมาชิกจำนวนห้าร้อยคน โดยเป็น")]
    public void A_section_jump_with_a_filter_goes_to_that_constitution(string query, string constitution, string start)
    {
        var hits = Index.Search(query, constitution, 10);
        var hit = Assert.Single(hits);
        Assert.Equal(constitution, hit.ConstitutionId);
        Assert.True(hit.IsSectionJump);
        Assert.StartsWith(start, hit.Snippet);
    }

    [Fact]
    public void A_section_number_that_does_not_exist_finds_nothing()
    {
        Assert.Empty(Index.Search("มาตรา 999"));
        Assert.Empty(Index.Search("มาตรา 300", "2560"));
        Assert.Equal("300", Assert.Single(Index.Search("มาตรา 300", "2540")).Number);
    }

    [Theory]
    [InlineData("มาตรา 256/1", "256/1")]
    [InlineData("ม. ๒๕๖/๑", "256/1")]
    [InlineData("section 7", "7")]
    [InlineData("§ 12", "12")]
    public void Section_references_parse(string query, string number)
    {
        Assert.True(SectionJump.TryParse(SearchTextNormalizer.Normalize(query), out var parsed));
        Assert.Equal(number, parsed);
    }

    [Theory]
    [InlineData("มาตรา")]
    [InlineData("มาตรา 54 เสรีภาพ")]
    [InlineData("สมาชิก 54 คน")]
    [InlineData("session 54")]
    public void Other_queries_are_not_section_jumps(string query) =>
        Assert.False(SectionJump.TryParse(SearchTextNormalizer.Normalize(query), out _));

    [Theory]
    [InlineData("ตามมาตรา ๒๕๕", "ตามมาตรา 255")]
    [InlineData("พุทธศักราช ๒๕๕๗", "พุทธศักราช 2557")]
    [InlineData("ภายใน ๓๐ วัน", "ภายใน 30 วัน")]
    public void Thai_and_Arabic_digits_find_the_same(string thai, string arabic)
    {
        var a = Index.Search(thai, null, 10);
        Assert.NotEmpty(a);
        Assert.Equal(Numbers(a), Numbers(Index.Search(arabic, null, 10)));
    }

    [Fact]
    public void The_two_spellings_of_sara_am_find_the_same()
    {
        const string composed = "จำนวนสมาชิกวุฒิสภา";
        var decomposed = composed.Replace("\u0E33", "\u0E4D\u0E32", StringComparison.Ordinal);
        Assert.NotEqual(composed, decomposed);
        var hits = Index.Search(composed, null, 10);
        Assert.NotEmpty(hits);
        Assert.Equal(Numbers(hits), Numbers(Index.Search(decomposed, null, 10)));
        Assert.Equal(Numbers(Index.Search("การกำหนดจำนวน", "2540")), Numbers(Index.Search("การก\u0E4D\u0E32หนดจ\u0E4D\u0E32นวน", "2540")));
    }

    [Fact]
    public void Zero_width_and_bidi_characters_in_the_query_change_nothing()
    {
        var clean = Index.Search("เสรีภาพในการแสดงความคิดเห็น", null, 10);
        var dirty = Index.Search("\u200Fเสรี\u200Bภาพ\u200Cในการ\u200Dแสดง\uFEFFความคิด\u202Eเห็น\u202C\u200E", null, 10);
        Assert.Equal(Numbers(clean), Numbers(dirty));
        Assert.Equal(("2560-current", "34"), (clean[0].ConstitutionId, clean[0].Number));
    }

    [Fact]
    public void Snippets_mark_the_matched_words_with_guillemets()
    {
        var hit = Index.Search("เสรีภาพในการแสดงความคิดเห็น", null, 1)[0];
        Assert.Contains("«เสรีภาพในการแสดงความคิดเห็น»", hit.Snippet);
        Assert.DoesNotContain("«การ»", hit.Snippet); // a common word alone is not marked
        Assert.True(hit.Snippet.Length <= SnippetFormatter.DefaultLength + 60);
        Assert.DoesNotContain("\n", hit.Snippet);
    }

    [Fact]
    public void Snippets_show_the_text_as_published_with_thai_digits()
    {
        var hit = Index.Search("ตามมาตรา 255", "2560", 1)[0];
        Assert.Contains("๒๕๕", hit.Snippet);
    }

    [Fact]
    public void An_unfiltered_search_shows_an_unchanged_section_once_and_prefers_the_text_in_force()
    {
        var hits = Index.Search("เสรีภาพในการแสดงความคิดเห็น", null, 10);
        Assert.DoesNotContain(hits, h => h.ConstitutionId == "2560" && h.Number == "34");
        Assert.Contains(Index.Search("เสรีภาพในการแสดงความคิดเห็น", "2560", 3), h => h.Number == "34");

        // 2560's s.83 was replaced in 2564: both texts stay findable.
        Assert.Equal("83", Index.Search("สภาผู้แทนราษฎรประกอบด้วยสมาชิกจำนวนห้าร้อยคน ดังนี้", "2560", 1)[0].Number);
    }

    [Theory]
    [InlineData("ส.ส.", "สมาชิกสภาผู้แทนราษฎร")]
    [InlineData("สว", "สมาชิกวุฒิสภา")]
    [InlineData("กกต. มีกี่คน", "คณะกรรมการการเลือกตั้ง")]
    [InlineData("ป.ป.ช.", "คณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ")]
    [InlineData("นายกฯ", "นายกรัฐมนตรี")]
    public void Abbreviations_expand_to_the_full_name(string query, string expected) =>
        Assert.Contains(expected, CitizenVocabulary.Expand(SearchTextNormalizer.Normalize(query)));

    [Fact]
    public void Normalisation_is_the_same_for_the_string_and_the_analyzer()
    {
        Assert.Equal("มาตรา 34 จำนวน", SearchTextNormalizer.Normalize("  มาตรา\u00A0 ๓๔\n\u200Bจ\u0E4D\u0E32นวน\u202E "));
        Assert.Equal("แก้ไข", SearchTextNormalizer.Normalize("เเก้ไข"));
        Assert.Equal("section", SearchTextNormalizer.Normalize("SECTION"));
        Assert.Equal(Index.Analyze("จำนวน ๓๔ แก้ไข"), Index.Analyze("จ\u0E4D\u0E32\u200Bนวน 34 เเก้ไข"));
    }

    private static List<string> Numbers(IReadOnlyList<ConstitutionSearchHit> hits) => hits.Select(h => $"{h.ConstitutionId}:{h.Number}").ToList();
}
