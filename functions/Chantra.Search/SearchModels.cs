namespace Chantra.Search;

/// <summary>
/// One hit of <see cref="ConstitutionSearchIndex.Search"/> or <see cref="ConstitutionSearchIndex.Similar"/>.
/// </summary>
/// <param name="ConstitutionId">The instrument's id, as the importer gives it (e.g. <c>2560</c>, <c>2560-current</c>).</param>
/// <param name="YearBe">Its year of promulgation, Buddhist era.</param>
/// <param name="Number">The section number in Arabic digits, possibly with a slash ("256/1").</param>
/// <param name="Chapter">The section's chapter as the model gives it, when it has one.</param>
/// <param name="Snippet">
/// About <see cref="SnippetFormatter.DefaultLength"/> characters of the section's text as published
/// (Thai digits kept), whitespace collapsed, cut at spaces where possible, "…" where cut. Every
/// stretch of matched words is wrapped in guillemets: <c>«</c>…<c>»</c> (plain text, nothing to
/// escape; a client turns them into bold or &lt;mark&gt;). The section texts contain no guillemets.
/// A section jump's snippet is the start of the section, without marks.
/// </param>
/// <param name="Score">
/// The Lucene score (higher is better; comparable only within one result list). A section jump's
/// hits score <see cref="ConstitutionSearchIndex.SectionJumpScore"/> (float.MaxValue).
/// </param>
/// <param name="IsSectionJump">True when the query named this section ("มาตรา 54", "s. 54", …).</param>
public sealed record ConstitutionSearchHit(
    string ConstitutionId,
    int YearBe,
    string Number,
    string? Chapter,
    string Snippet,
    float Score,
    bool IsSectionJump = false);

/// <summary>The best matches of one section in one other instrument (see <see cref="ConstitutionSearchIndex.Similar"/>).</summary>
public sealed record SimilarSections(string ConstitutionId, int YearBe, IReadOnlyList<ConstitutionSearchHit> Hits);

/// <summary>Why a query was refused.</summary>
public enum SearchQueryError
{
    /// <summary>Nothing but whitespace or invisible characters.</summary>
    Empty,

    /// <summary>Longer than <see cref="ConstitutionSearchIndex.MaxQueryLength"/> characters.</summary>
    TooLong,

    /// <summary><c>top</c> or <c>perConstitution</c> outside 1…<see cref="ConstitutionSearchIndex.MaxTop"/>.</summary>
    BadLimit,
}

/// <summary>
/// A query the search refuses, with a message in Thai and in English that can be shown as is.
/// This is the only exception <see cref="ConstitutionSearchIndex.Search"/> throws for bad input; a
/// query with no searchable word (punctuation, emoji, query syntax) is not an error: it finds nothing.
/// </summary>
public sealed class SearchQueryException : ArgumentException
{
    public SearchQueryException(SearchQueryError error, string messageTh, string messageEn)
        : base($"{messageEn} / {messageTh}")
    {
        Error = error;
        MessageTh = messageTh;
        MessageEn = messageEn;
    }

    public SearchQueryException()
        : this(SearchQueryError.Empty, "กรุณาพิมพ์คำค้น", "Please type something to search for.")
    {
    }

    public SearchQueryException(string message)
        : base(message)
    {
        MessageTh = message;
        MessageEn = message;
    }

    public SearchQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
        MessageTh = message;
        MessageEn = message;
    }

    public SearchQueryError Error { get; }

    public string MessageTh { get; }

    public string MessageEn { get; }
}

/// <summary>Tuning of an index; the defaults are the measured best (see SearchRelevanceTests).</summary>
public sealed record ConstitutionSearchOptions
{
    public static ConstitutionSearchOptions Default { get; } = new();

    /// <summary>The analysis chain of texts and queries.</summary>
    public SearchAnalyzerKind Analyzer { get; init; } = SearchAnalyzerKind.ThaiNoStopWords;

    /// <summary>Drop question words and polite particles (กี่, อะไร, ไหม, ครับ…) from queries; see <see cref="QueryWords"/>.</summary>
    public bool DropQuestionWords { get; init; } = true;

    /// <summary>
    /// In a search of all instruments, the current constitution's scores are multiplied by this
    /// (1 = no preference). The same provision stands in nearly the same words in many instruments.
    /// </summary>
    public double CurrentBoost { get; init; } = 2.0;

    /// <summary>
    /// The weight of query words found in a section's lead (its first ~60 characters, where its subject
    /// stands) beside their weight in the whole text; 0 = no lead field.
    /// </summary>
    public double LeadBoost { get; init; } = 1.0;

    /// <summary>The weight of query words found in a section's chapter and part titles (built from documents only); 0 = none.</summary>
    public double HeadingBoost { get; init; } = 0.5;

    /// <summary>How much more the answer words of a count question ("ประกอบด้วย … จำนวน") weigh in the lead.</summary>
    public double CountBoost { get; init; } = 1.0;

    /// <summary>Apply <see cref="CitizenVocabulary"/> (abbreviations, everyday words) to queries.</summary>
    public bool ExpandQueries { get; init; } = true;

    /// <summary>Treat "มีกี่คน" / "จำนวน…" as a question about a body's size (see the index's query building).</summary>
    public bool CountIntent { get; init; } = true;

    /// <summary>BM25 (true) or Lucene's classic TF-IDF with coord (false).</summary>
    public bool Bm25 { get; init; } = true;
}
