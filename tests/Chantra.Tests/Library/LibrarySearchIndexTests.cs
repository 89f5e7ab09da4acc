using Chantra.Domain.Library;
using Chantra.Search;
using Chantra.Sources.Library;

namespace Chantra.Tests.Library;

/// <summary>The library's Thai search over the sample entries (no storage): words, titles, filters, snippets, hostile input.</summary>
public sealed class LibrarySearchIndexTests
{
    private static readonly Lazy<LibrarySearchIndex> Index = new(() => LibrarySearchIndex.Build(Samples));

    internal static IReadOnlyList<LibraryDocument> Samples => LibrarySampleData.Load(LibrarySampleData.DefaultPath);

    [Fact]
    public void A_word_of_a_Thai_abstract_finds_its_document_first_with_the_word_marked()
    {
        // "ก๊าซเรือนกระจก" appears only in the climate study's Thai abstract, not in its title.
        var hits = Index.Value.Search("ก๊าซเรือนกระจก");

        Assert.NotEmpty(hits);
        Assert.Equal("s9c0d1e2f3a4", hits[0].Document.Id);
        Assert.Contains("«", hits[0].Snippet, StringComparison.Ordinal);
        Assert.Contains("เรือนกระจก", hits[0].Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void An_English_title_finds_its_document_first_in_any_case()
    {
        var hits = Index.Value.Search("personal data PROTECTION act");

        Assert.Equal("s5e6f7a8b9c0", hits[0].Document.Id);
    }

    [Fact]
    public void Type_and_tag_filters_keep_only_matching_documents_with_or_without_a_query()
    {
        var research = Index.Value.Search(null, type: LibraryDocumentTypes.Research, top: 100);
        var tagged = Index.Value.Search(null, tag: "  สิทธิและเสรีภาพ ", top: 100);
        var searchedAndTyped = Index.Value.Search("วุฒิสภา", type: LibraryDocumentTypes.SenatePublication, top: 100);

        Assert.Equal(Samples.Count(d => d.Type == LibraryDocumentTypes.Research), research.Count);
        Assert.All(research, h => Assert.Equal(LibraryDocumentTypes.Research, h.Document.Type));
        Assert.Equal(["s2b3c4d5e6f7", "s5e6f7a8b9c0"], tagged.Select(h => h.Document.Id).Order().ToArray());
        Assert.NotEmpty(searchedAndTyped);
        Assert.All(searchedAndTyped, h => Assert.Equal(LibraryDocumentTypes.SenatePublication, h.Document.Type));
    }

    [Fact]
    public void Without_a_query_the_list_is_newest_first_and_unscored()
    {
        var all = Index.Value.Search(null, top: 100);

        Assert.Equal(Samples.Count, all.Count);
        Assert.Equal(all.OrderByDescending(h => h.Document.PublishedOn).Select(h => h.Document.Id), all.Select(h => h.Document.Id));
        Assert.All(all, h => Assert.Null(h.Score));
    }

    [Theory]
    [InlineData("*:*")]
    [InlineData("title:(")]
    [InlineData("\"วุฒิสภา")]
    [InlineData("!!! ??? ...")]
    [InlineData("😀🎉")]
    [InlineData("AND OR NOT")]
    public void Query_syntax_punctuation_and_emoji_are_plain_text_and_never_throw_anything_but_a_query_error(string query)
    {
        var ex = Record.Exception(() => Index.Value.Search(query));

        Assert.True(ex is null or SearchQueryException, ex?.ToString());
    }

    [Theory]
    [InlineData("\u200F\u200E", SearchQueryError.Empty)]
    [InlineData("\u200B", SearchQueryError.Empty)]
    public void Invisible_only_queries_are_refused_as_empty(string query, SearchQueryError error)
    {
        var ex = Assert.Throws<SearchQueryException>(() => Index.Value.Search(query));

        Assert.Equal(error, ex.Error);
        Assert.False(string.IsNullOrEmpty(ex.MessageTh));
    }

    [Fact]
    public void A_ten_thousand_character_query_is_refused_as_too_long()
    {
        var ex = Assert.Throws<SearchQueryException>(() => Index.Value.Search(new string('ก', 10_000)));

        Assert.Equal(SearchQueryError.TooLong, ex.Error);
    }
}
