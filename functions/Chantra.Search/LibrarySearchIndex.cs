using Chantra.Domain.Library;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace Chantra.Search;

/// <summary>One hit of <see cref="LibrarySearchIndex.Search"/>: the document, a snippet of its abstract with «marks», and its score (null when listed without a query).</summary>
public sealed record LibrarySearchHit(LibraryDocument Document, string Snippet, float? Score);

/// <summary>
/// Thai full-text search over the library: an in-memory Lucene index (<see cref="RAMDirectory"/>)
/// of every document's titles (both languages), abstracts, authors and tags, analysed with
/// <see cref="ThaiSearchAnalyzer"/>. Immutable once built; the library is small and changes rarely,
/// so a change builds a new index (see LibraryCatalogService) instead of updating this one.
/// <para>
/// Queries go through the constitution's checks (<see cref="ConstitutionSearchIndex.NormalizeQuery"/>:
/// empty or too long → <see cref="SearchQueryException"/>), then the analyzer; the Lucene query is
/// built from the tokens, never parsed, so query syntax, punctuation or emoji find nothing rather than fail.
/// </para>
/// </summary>
public sealed class LibrarySearchIndex : IDisposable
{
    public const int MaxTop = 100;

    /// <summary>How deep a list can be paged (the library holds hundreds of entries; a search's tail past this is noise).</summary>
    public const int MaxSkip = 2000;

    private const string OrdField = "ord";
    private const string TypeField = "type";
    private const string TagField = "tag";
    private const string TitleField = "title";
    private const string AbstractField = "abstract";
    private const string AuthorsField = "authors";
    private const string TagsTextField = "tags";

    // A word in the title or tags says more about a document's subject than one in its abstract.
    private const float TitleBoost = 3f;
    private const float AuthorsBoost = 2f;
    private const float TagsBoost = 2f;

    private readonly RAMDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly LibraryDocument[] _documents;
    private readonly int[] _ords;

    private LibrarySearchIndex(ThaiSearchAnalyzer analyzer, RAMDirectory directory, LibraryDocument[] documents)
    {
        Analyzer = analyzer;
        _directory = directory;
        _documents = documents;
        _reader = DirectoryReader.Open(directory);
        _searcher = new IndexSearcher(_reader);
        var ords = MultiDocValues.GetNumericValues(_reader, OrdField);
        _ords = new int[_reader.MaxDoc];
        for (var doc = 0; doc < _ords.Length; doc++)
        {
            _ords[doc] = (int)(ords?.Get(doc) ?? 0);
        }
    }

    public ThaiSearchAnalyzer Analyzer { get; }

    /// <summary>The documents indexed, newest first.</summary>
    public IReadOnlyList<LibraryDocument> Documents => _documents;

    public static LibrarySearchIndex Build(IEnumerable<LibraryDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var all = documents.OrderByDescending(d => d.PublishedOn).ThenBy(d => d.Id, StringComparer.Ordinal).ToArray();
        var analyzer = new ThaiSearchAnalyzer();
        var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(ThaiSearchAnalyzer.Version, analyzer) { OpenMode = OpenMode.CREATE }))
        {
            for (var i = 0; i < all.Length; i++)
            {
                var d = all[i];
                var doc = new Document
                {
                    new NumericDocValuesField(OrdField, i),
                    new StringField(TypeField, d.Type, Field.Store.NO),
                    new TextField(TitleField, Join(d.TitleTh, d.TitleEn), Field.Store.NO),
                    new TextField(AbstractField, Join(d.AbstractTh, d.AbstractEn), Field.Store.NO),
                    new TextField(AuthorsField, string.Join('\n', d.Authors), Field.Store.NO),
                    new TextField(TagsTextField, string.Join('\n', d.Tags), Field.Store.NO),
                };
                foreach (var tag in d.Tags)
                {
                    doc.Add(new StringField(TagField, LibraryService.NormalizeTag(tag), Field.Store.NO));
                }

                writer.AddDocument(doc);
            }

            writer.Commit();
        }

        return new LibrarySearchIndex(analyzer, directory, all);
    }

    /// <summary>
    /// Documents matching <paramref name="query"/> (best first), or, when it is null, all documents
    /// newest first; either way only those of <paramref name="type"/> and with <paramref name="tag"/> when given.
    /// </summary>
    /// <exception cref="SearchQueryException">An empty (only invisible characters) or too long query, or a bad <paramref name="top"/>.</exception>
    public IReadOnlyList<LibrarySearchHit> Search(string? query, string? type = null, string? tag = null, int top = 20) =>
        SearchPage(query, type, tag, 0, top).Hits;

    /// <summary>
    /// One page of <see cref="Search"/>: the <paramref name="take"/> hits after the first <paramref name="skip"/>,
    /// and whether there are more after them.
    /// </summary>
    /// <exception cref="SearchQueryException">As <see cref="Search"/>, or a <paramref name="skip"/> outside 0 to <see cref="MaxSkip"/>.</exception>
    public (IReadOnlyList<LibrarySearchHit> Hits, bool More) SearchPage(string? query, string? type, string? tag, int skip, int take)
    {
        if (take is < 1 or > MaxTop)
        {
            throw new SearchQueryException(SearchQueryError.BadLimit, $"pageSize ต้องอยู่ระหว่าง 1 ถึง {MaxTop}", $"pageSize must be between 1 and {MaxTop}.");
        }

        if (skip is < 0 or > MaxSkip)
        {
            throw new SearchQueryException(SearchQueryError.BadLimit, $"เลื่อนหน้าได้ไม่เกิน {MaxSkip} รายการ", $"A list can be paged at most {MaxSkip} entries deep.");
        }

        var normalizedTag = tag is null ? null : LibraryService.NormalizeTag(tag);
        bool Keep(LibraryDocument d) =>
            (type is null || d.Type == type) && (normalizedTag is null || d.Tags.Any(t => LibraryService.NormalizeTag(t) == normalizedTag));

        if (query is null)
        {
            var listed = _documents.Where(Keep).Skip(skip).Take(take + 1).ToList();
            return (listed.Take(take).Select(d => new LibrarySearchHit(d, SnippetFormatter.Lead(d.AbstractTh), null)).ToList(), listed.Count > take);
        }

        var normalized = ConstitutionSearchIndex.NormalizeQuery(query);
        var tokens = Tokenize(CitizenVocabulary.Expand(normalized)).Where(t => !QueryWords.IsQuestionWord(t.Term)).ToList();
        if (tokens.Count == 0 || _documents.Length == 0)
        {
            return ([], false);
        }

        var terms = tokens.Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
        var filter = Filter(type, normalizedTag);
        // One more than the page, to know whether another page follows.
        var found = _searcher.Search(BuildQuery(tokens), filter, skip + take + 1);
        var page = found.ScoreDocs.Skip(skip).Take(take).Select(sd =>
        {
            var d = _documents[_ords[sd.Doc]];
            return new LibrarySearchHit(d, Snippet(d, terms), sd.Score);
        }).ToList();
        return (page, found.ScoreDocs.Length > skip + take);
    }

    public LibraryDocument? Find(string id) => Array.Find(_documents, d => d.Id == id);

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        Analyzer.Dispose();
    }

    private static string Join(string a, string? b) => b is null ? a : a + "\n" + b;

    private static Filter? Filter(string? type, string? tag)
    {
        if (type is null && tag is null)
        {
            return null;
        }

        var q = new BooleanQuery();
        if (type is not null)
        {
            q.Add(new TermQuery(new Term(TypeField, type)), Occur.MUST);
        }

        if (tag is not null)
        {
            q.Add(new TermQuery(new Term(TagField, tag)), Occur.MUST);
        }

        return new QueryWrapperFilter(q);
    }

    private static BooleanQuery BuildQuery(List<(string Term, int Position)> tokens)
    {
        var query = new BooleanQuery();
        foreach (var term in tokens.Select(t => t.Term).Distinct(StringComparer.Ordinal))
        {
            query.Add(new TermQuery(new Term(TitleField, term)) { Boost = TitleBoost }, Occur.SHOULD);
            query.Add(new TermQuery(new Term(AbstractField, term)), Occur.SHOULD);
            query.Add(new TermQuery(new Term(AuthorsField, term)) { Boost = AuthorsBoost }, Occur.SHOULD);
            query.Add(new TermQuery(new Term(TagsTextField, term)) { Boost = TagsBoost }, Occur.SHOULD);
        }

        if (tokens.Count >= 2)
        {
            // The words together, as typed, rank above the same words scattered.
            foreach (var field in new[] { TitleField, AbstractField })
            {
                var phrase = new PhraseQuery { Slop = 2, Boost = 2f };
                foreach (var t in tokens)
                {
                    phrase.Add(new Term(field, t.Term), t.Position - tokens[0].Position);
                }

                query.Add(phrase, Occur.SHOULD);
            }
        }

        return query;
    }

    private List<(string Term, int Position)> Tokenize(string text)
    {
        var tokens = new List<(string, int)>();
        using var stream = Analyzer.GetTokenStream(AbstractField, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            tokens.Add((term.ToString(), position));
        }

        stream.End();
        return tokens;
    }

    // The abstract (Thai, else English) where the query's words are, marked: the library is small and
    // abstracts short, so re-analysing the hits' abstracts costs less than offsets in the postings.
    private string Snippet(LibraryDocument d, IReadOnlySet<string> terms)
    {
        var best = (Text: d.AbstractTh, Spans: Spans(d.AbstractTh, terms));
        if (best.Spans.Count == 0 && d.AbstractEn is { } en && Spans(en, terms) is { Count: > 0 } enSpans)
        {
            best = (en, enSpans);
        }

        return SnippetFormatter.Format(best.Text, best.Spans);
    }

    private List<(int Start, int End, string Term)> Spans(string text, IReadOnlySet<string> terms)
    {
        var spans = new List<(int, int, string)>();
        using var stream = Analyzer.GetTokenStream(AbstractField, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var t = term.ToString();
            if (terms.Contains(t))
            {
                spans.Add((offset.StartOffset, offset.EndOffset, t));
            }
        }

        stream.End();
        return spans;
    }
}
