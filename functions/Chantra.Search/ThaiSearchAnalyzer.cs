using Lucene.Net.Analysis;
using Lucene.Net.Analysis.CharFilters;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Icu.Segmentation;
using Lucene.Net.Analysis.Th;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Chantra.Search;

/// <summary>Which analysis chain the index and the queries use (both always use the same one).</summary>
public enum SearchAnalyzerKind
{
    /// <summary>
    /// The default. ThaiTokenizer (ICU dictionary word breaking) + LowerCaseFilter, no stop words.
    /// Measured on the tests' relevance set (51 queries, SearchRelevanceTests, all else default):
    /// top-3 48/51 (94.1%), top-1 43, MRR@10 0.889; with ThaiAnalyzer's stop set 47/51 (92.2%),
    /// top-1 41, MRR@10 0.866; with ICUTokenizer 48/51, the same results as this one (the same ICU
    /// dictionary cuts Thai; ThaiTokenizer is kept as Lucene's Thai-specific tokenizer). Without
    /// stop words BM25's IDF already makes common words cheap, phrase clauses keep every word, and
    /// words like ความ, ตั้ง, ส่วน, ไม่ stay searchable.
    /// </summary>
    ThaiNoStopWords,

    /// <summary>
    /// Lucene's ThaiAnalyzer as shipped: the same tokenizer plus its default Thai stop set (118
    /// words). The set drops words that carry meaning in constitutional text: ความ, ส่วน, ตั้ง (so
    /// เลือกตั้ง keeps only เลือก), ต้อง, ไม่, แห่ง, เห็น (so ความคิดเห็น keeps only คิด), รับ, ออก, ได้…,
    /// and every dropped word leaves a hole in phrase queries.
    /// </summary>
    ThaiStopWords,

    /// <summary>ICUTokenizer (ICU's default rule set, dictionary breaking for Thai) + LowerCaseFilter, no stop words.</summary>
    IcuNoStopWords,
}

/// <summary>
/// The analyzer of the section texts and of every query: <see cref="SearchTextNormalizer"/>'s two
/// char maps (invisible characters, then digits and spellings), then a Thai word tokenizer, then
/// lower case, then (one variant only) stop words. Thread-safe like every Lucene analyzer.
/// </summary>
public sealed class ThaiSearchAnalyzer : Analyzer
{
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;

    // Lucene's Thai stop list writes sara am decomposed (ทํา, นํา, สําหรับ); after our char map
    // the tokens never are, so the list is normalised the same way or those entries would never match.
    private static readonly CharArraySet NormalisedThaiStopSet = new(
        Version,
        ThaiAnalyzer.DefaultStopSet.Select(w => SearchTextNormalizer.Normalize(w.ToString())).ToList(),
        ignoreCase: false);

    public ThaiSearchAnalyzer(SearchAnalyzerKind kind = SearchAnalyzerKind.ThaiNoStopWords)
    {
        Kind = kind;
    }

    public SearchAnalyzerKind Kind { get; }

    /// <summary>The stop words the analyzer drops (empty unless <see cref="SearchAnalyzerKind.ThaiStopWords"/>).</summary>
    public CharArraySet StopWords => Kind == SearchAnalyzerKind.ThaiStopWords ? NormalisedThaiStopSet : CharArraySet.Empty;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        Tokenizer source = Kind == SearchAnalyzerKind.IcuNoStopWords
            ? new ICUTokenizer(reader)
            : new ThaiTokenizer(reader);
        TokenStream result = new LowerCaseFilter(Version, source);
        if (Kind == SearchAnalyzerKind.ThaiStopWords)
        {
            result = new StopFilter(Version, result, NormalisedThaiStopSet);
        }

        return new TokenStreamComponents(source, result);
    }

    protected override TextReader InitReader(string fieldName, TextReader reader) =>
        new MappingCharFilter(SearchTextNormalizer.CharMap, new MappingCharFilter(SearchTextNormalizer.InvisibleCharMap, reader));
}

