namespace Chantra.Tests.Constitution;

/// <summary>HTTP requests search one shared index at the same time: the answers must not depend on that.</summary>
public sealed class SearchConcurrencyTests
{
    [Fact]
    public async Task Concurrent_searches_answer_exactly_what_a_lone_search_answers()
    {
        var index = SearchTestSections.Index;
        string[] queries = ["ภายใน ๓๐ วัน", "เสรีภาพในการแสดงความคิดเห็น", "จำนวนสมาชิกวุฒิสภา", "ตามมาตรา 255", "การยุบสภา", "ศาลรัฐธรรมนูญมีกี่คน"];
        var expected = queries.ToDictionary(q => q, q => Answer(index.Search(q, null, 10)));

        var mismatches = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 60; i++)
            {
                var q = queries[(worker + i) % queries.Length];
                if (Answer(index.Search(q, null, 10)) != expected[q])
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        })));

        Assert.Equal(0, mismatches);
    }

    private static string Answer(IReadOnlyList<Chantra.Search.ConstitutionSearchHit> hits) =>
        string.Join("|", hits.Select(h => $"{h.ConstitutionId}:{h.Number}:{h.Snippet}"));
}
