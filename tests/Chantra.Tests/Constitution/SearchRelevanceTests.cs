using System.Globalization;
using Chantra.Search;
using Xunit.Abstractions;

namespace Chantra.Tests.Constitution;

/// <summary>
/// The relevance set (<see cref="SearchRelevanceSet"/>) against the real import: the share of
/// queries whose expected section is in the top 3 must be at least 0.90; the rate, top-1, MRR@10
/// and every miss are printed. A second test measures the analyzer variants on the same set.
/// </summary>
public sealed class SearchRelevanceTests(ITestOutputHelper output)
{
    public sealed record Measure(int Cases, int Top3, int Top1, double Mrr10, IReadOnlyList<string> Misses)
    {
        public double Top3Rate => (double)Top3 / Cases;

        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"top-3 {Top3}/{Cases} = {Top3Rate:P1}, top-1 {Top1}/{Cases}, MRR@10 {Mrr10:F3}");
    }

    public static Measure Evaluate(ConstitutionSearchIndex index)
    {
        int top3 = 0, top1 = 0;
        var mrr = 0.0;
        var misses = new List<string>();
        foreach (var c in SearchRelevanceSet.Cases)
        {
            var hits = index.Search(c.Query, c.Filter, 10);
            var rank = 0;
            for (var i = 0; i < hits.Count && rank == 0; i++)
            {
                if ((hits[i].ConstitutionId == c.ConstitutionId || hits[i].ConstitutionId == c.ConstitutionId + ConstitutionSearchIndex.CurrentSuffix)
                    && c.Numbers.Contains(hits[i].Number))
                {
                    rank = i + 1;
                }
            }

            if (rank is >= 1 and <= 3)
            {
                top3++;
            }
            else
            {
                misses.Add($"{c} — got {string.Join(", ", hits.Take(3).Select(h => $"{h.ConstitutionId} s.{h.Number}"))}{(rank > 0 ? $" (expected at rank {rank})" : " (not in the top 10)")}");
            }

            if (rank == 1)
            {
                top1++;
            }

            mrr += rank > 0 ? 1.0 / rank : 0;
        }

        return new Measure(SearchRelevanceSet.Cases.Count, top3, top1, mrr / SearchRelevanceSet.Cases.Count, misses);
    }

    [Fact]
    public void The_relevance_set_has_at_least_thirty_queries_with_sections_that_exist()
    {
        Assert.True(SearchRelevanceSet.Cases.Count >= 30);
        foreach (var c in SearchRelevanceSet.Cases)
        {
            foreach (var number in c.Numbers)
            {
                Assert.NotNull(SearchTestSections.Library.GetSection(c.ConstitutionId, number));
            }

            if (c.Filter is not null)
            {
                Assert.NotNull(SearchTestSections.Library.Get(c.Filter));
            }
        }
    }

    [Fact]
    public void Top_3_hit_rate_is_at_least_90_percent()
    {
        var index = SearchTestSections.Index;
        var measure = Evaluate(index);
        output.WriteLine($"Relevance, default options ({index.Options.Analyzer}): {measure}");
        output.WriteLine($"Index: {index.Sections.Count} sections, built in {index.BuildTime.TotalMilliseconds:F0} ms");
        foreach (var miss in measure.Misses)
        {
            output.WriteLine("  miss: " + miss);
        }

        Assert.True(measure.Top3Rate >= 0.90, $"top-3 hit rate {measure.Top3Rate:P1} < 90%");
    }

    /// <summary>
    /// For comparison (printed, not asserted): the same set answered by a substring scan, the
    /// normalised query in the normalised section texts, the text in force first, then newest first.
    /// </summary>
    [Fact]
    public void A_substring_scan_answers_few_of_the_relevance_queries()
    {
        var sections = SearchTestSections.All
            .Where(s => s.ConstitutionId != "2560") // 2560-current stands for it, as in the index
            .OrderByDescending(s => s.ConstitutionId == "2560-current")
            .ThenByDescending(s => s.YearBe)
            .Select(s => (Section: s, Text: SearchTextNormalizer.Normalize(s.Text)))
            .ToList();
        var top3 = 0;
        foreach (var c in SearchRelevanceSet.Cases)
        {
            var q = SearchTextNormalizer.Normalize(c.Query);
            var found = sections
                .Where(s => (c.Filter is null || s.Section.ConstitutionId == c.Filter) && s.Text.Contains(q, StringComparison.Ordinal))
                .Take(3)
                .Any(s => (s.Section.ConstitutionId == c.ConstitutionId || s.Section.ConstitutionId == c.ConstitutionId + "-current") && c.Numbers.Contains(s.Section.Number));
            top3 += found ? 1 : 0;
        }

        output.WriteLine($"Substring scan: top-3 {top3}/{SearchRelevanceSet.Cases.Count} = {(double)top3 / SearchRelevanceSet.Cases.Count:P1}");
        Assert.True(top3 < Evaluate(SearchTestSections.Index).Top3);
    }

    /// <summary>
    /// The analyzer choice, measured: ThaiAnalyzer's stop set removes words the queries and the texts
    /// need (ความ, ตั้ง of เลือกตั้ง, เห็น of ความคิดเห็น, ส่วน, ไม่…), and scores lower; ICUTokenizer
    /// without stop words cuts Thai with the same ICU dictionary as ThaiTokenizer and scores the same.
    /// The default (ThaiTokenizer, no stop words) must be at least as good as each variant.
    /// </summary>
    [Fact]
    public void The_default_analyzer_is_at_least_as_good_as_the_variants()
    {
        var baseline = Evaluate(SearchTestSections.Index);
        output.WriteLine($"{SearchAnalyzerKind.ThaiNoStopWords} (default): {baseline}");
        foreach (var kind in new[] { SearchAnalyzerKind.ThaiStopWords, SearchAnalyzerKind.IcuNoStopWords })
        {
            using var index = ConstitutionSearchIndex.Build(SearchTestSections.Documents, new ConstitutionSearchOptions { Analyzer = kind });
            var measure = Evaluate(index);
            output.WriteLine($"{kind}: {measure}");
            foreach (var miss in measure.Misses)
            {
                output.WriteLine("  miss: " + miss);
            }

            Assert.True(baseline.Top3 >= measure.Top3, $"{kind} finds more in the top 3 ({measure.Top3} > {baseline.Top3})");
        }
    }
}
