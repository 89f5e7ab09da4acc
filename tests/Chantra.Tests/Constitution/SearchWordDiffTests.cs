using Chantra.Search;

namespace Chantra.Tests.Constitution;

/// <summary>The word-level diff: Thai word breaking, normalised comparison, exact reconstruction.</summary>
public sealed class SearchWordDiffTests
{
    private static string Old(IEnumerable<WordDiffSegment> diff) => string.Concat(diff.Where(s => s.Kind != WordDiffKind.Added).Select(s => s.Text));

    // Equal segments are written as in the newer text: the older one comes back up to normalisation.
    private static void AssertGivesBack(string a, string b, IReadOnlyList<WordDiffSegment> diff)
    {
        Assert.Equal(b, New(diff));
        Assert.Equal(SearchTextNormalizer.Normalize(a), SearchTextNormalizer.Normalize(Old(diff)));
    }

    private static string New(IEnumerable<WordDiffSegment> diff) => string.Concat(diff.Where(s => s.Kind != WordDiffKind.Removed).Select(s => s.Text));

    [Fact]
    public void A_changed_number_word_is_one_removal_and_additions_between_equal_words()
    {
        var diff = WordDiff.Compare("วุฒิสภาประกอบด้วยสมาชิกจำนวนสองร้อยคน", "วุฒิสภาประกอบด้วยสมาชิกจำนวนหนึ่งร้อยห้าสิบคน");
        Assert.Equal(
            [
                new WordDiffSegment(WordDiffKind.Equal, "วุฒิสภาประกอบด้วยสมาชิกจำนวน"),
                new WordDiffSegment(WordDiffKind.Removed, "สอง"),
                new WordDiffSegment(WordDiffKind.Added, "หนึ่ง"),
                new WordDiffSegment(WordDiffKind.Equal, "ร้อย"),
                new WordDiffSegment(WordDiffKind.Added, "ห้าสิบ"),
                new WordDiffSegment(WordDiffKind.Equal, "คน"),
            ],
            diff);
    }

    [Fact]
    public void Words_are_not_cut_in_the_middle()
    {
        // ราษฎร → ประชาชน: whole words, not the letters they share.
        var diff = WordDiff.Compare("สิทธิของราษฎร", "สิทธิของประชาชน");
        Assert.Contains(new WordDiffSegment(WordDiffKind.Removed, "ราษฎร"), diff);
        Assert.Contains(new WordDiffSegment(WordDiffKind.Added, "ประชาชน"), diff);
    }

    [Fact]
    public void Identical_and_empty_texts()
    {
        Assert.Equal([new WordDiffSegment(WordDiffKind.Equal, "บุคคลย่อมมีเสรีภาพ")], WordDiff.Compare("บุคคลย่อมมีเสรีภาพ", "บุคคลย่อมมีเสรีภาพ"));
        Assert.Empty(WordDiff.Compare("", ""));
        Assert.Empty(WordDiff.Compare(null, null));
        Assert.Equal([new WordDiffSegment(WordDiffKind.Added, "เสรีภาพ")], WordDiff.Compare("", "เสรีภาพ"));
        Assert.Equal([new WordDiffSegment(WordDiffKind.Removed, "เสรีภาพ")], WordDiff.Compare("เสรีภาพ", null));
    }

    [Fact]
    public void Digits_sara_am_whitespace_and_invisible_characters_compare_equal()
    {
        var diff = WordDiff.Compare("มาตรา ๓๔  จำนวน\u200Bสามคน", "มาตรา 34 จ\u0E4D\u0E32นวนสามคน");
        Assert.All(diff, s => Assert.Equal(WordDiffKind.Equal, s.Kind));
        Assert.Equal("มาตรา 34 จ\u0E4D\u0E32นวนสามคน", New(diff));
    }

    [Fact]
    public void The_2564_amendment_of_section_83_and_the_segments_give_back_both_texts()
    {
        var before = SearchTestSections.Section("2560", "83").Text;
        var after = SearchTestSections.Section("2560-current", "83").Text;
        var diff = WordDiff.Compare(before, after);
        AssertGivesBack(before, after, diff);
        Assert.StartsWith("สภาผู้แทนราษฎรประกอบด้วยสมาชิกจำนวนห้าร้อยคน", diff[0].Text);
        Assert.Equal(WordDiffKind.Equal, diff[0].Kind);

        // 350 constituency members became 400: สาม → สี่ (ร้อย) and ห้าสิบ removed.
        Assert.Contains(new WordDiffSegment(WordDiffKind.Removed, "สาม"), diff);
        Assert.Contains(new WordDiffSegment(WordDiffKind.Added, "สี่"), diff);
        for (var i = 1; i < diff.Count; i++)
        {
            Assert.NotEqual(diff[i - 1].Kind, diff[i].Kind); // neighbours merged
        }
    }

    [Theory]
    [InlineData("2540", "39", "2550", "45")]
    [InlineData("2550", "45", "2560", "34")]
    [InlineData("2475", "1", "2560", "1")]
    [InlineData("2540", "255", "2560", "200")]
    public void Real_sections_across_versions_give_back_both_texts(string aId, string aNumber, string bId, string bNumber)
    {
        var a = SearchTestSections.Section(aId, aNumber).Text;
        var b = SearchTestSections.Section(bId, bNumber).Text;
        var diff = WordDiff.Compare(a, b);
        AssertGivesBack(a, b, diff);
        Assert.Contains(diff, s => s.Kind == WordDiffKind.Equal);
    }

    [Fact]
    public void Tokens_are_thai_words_spaces_and_punctuation()
    {
        Assert.Equal(["วุฒิสภา", "ประกอบ", "ด้วย", " ", "(", "๑", ")"], WordDiff.Tokenize("วุฒิสภาประกอบด้วย (๑)"));
    }
}
