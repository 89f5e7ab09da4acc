using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Chantra.Domain.Constitution;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Chantra.Search;

/// <summary>
/// Thai full-text search over constitution sections: an in-memory Lucene.Net 4.8 index
/// (<see cref="RAMDirectory"/>, one segment) built once from the sections, immutable and thread-safe
/// afterwards (one instance per process).
/// <para>
/// Fields: <c>cid</c> (the instrument id, not analysed: the filter), <c>year</c>, <c>number</c>,
/// <c>chapter</c> (stored), <c>ord</c> (doc values: the index into <see cref="Sections"/>),
/// <c>dup</c> (see below), and, analysed with <see cref="ThaiSearchAnalyzer"/>: <c>text</c> (with
/// positions for the phrase clauses and offsets in the postings for the snippets), <c>lead</c>
/// (the first ~60 characters, where a section names its subject) and <c>heading</c> (chapter and
/// part titles, when built from documents).
/// </para>
/// <para>
/// Ranking (BM25), measured on the tests' relevance set (51 citizen queries): query words in the
/// text, in the lead (×<see cref="ConstitutionSearchOptions.LeadBoost"/>) and in the headings
/// (×<see cref="ConstitutionSearchOptions.HeadingBoost"/>); a sloppy phrase of the whole query; a
/// phrase per adjacent pair; "how many" questions favour leads that say "ประกอบด้วย … จำนวน"; question
/// words (กี่, อะไร…) are dropped and abbreviations (ส.ว., กกต.…) expanded; without a filter the text in
/// force is boosted ×<see cref="ConstitutionSearchOptions.CurrentBoost"/>, since most provisions
/// stand in nearly the same words in a dozen instruments.
/// </para>
/// <para>
/// User input never reaches Lucene's QueryParser: the query is normalised, checked, tokenised with
/// the index's own analyzer, and the query built here from the tokens (term clauses, one sloppy
/// phrase over all tokens, and a phrase per adjacent pair), so <c>*:*</c>, <c>title:(</c> or an
/// unbalanced quote is only text, and punctuation gives no token at all.
/// </para>
/// <para>
/// When both an as-promulgated instrument X and its amended text X-current (e.g. 2560 and
/// 2560-current) are indexed, an unfiltered search hides X's sections whose text is the same in
/// X-current, so an unchanged section shows once (as X-current); X's replaced sections still show.
/// A filter on X finds all of X.
/// </para>
/// </summary>
public sealed partial class ConstitutionSearchIndex : IDisposable
{
    /// <summary>Queries longer than this (after normalisation) are refused.</summary>
    public const int MaxQueryLength = 200;

    /// <summary>The largest <c>top</c> / <c>perConstitution</c>.</summary>
    public const int MaxTop = 100;

    /// <summary>The score of a section jump's hits: higher than any text score.</summary>
    public const float SectionJumpScore = float.MaxValue;

    /// <summary>The id suffix of an instrument's amended, in-force text.</summary>
    public const string CurrentSuffix = "-current";

    private const string CidField = "cid";
    private const string YearField = "year";
    private const string NumberField = "number";
    private const string ChapterField = "chapter";
    private const string OrdField = "ord";
    private const string DupField = "dup";
    private const string TextField = "text";
    private const string LeadField = "lead";
    private const string HeadingField = "heading";

    // The lead: the start of a section, where its subject stands ("ศาลรัฐธรรมนูญประกอบด้วย…").
    private const int LeadLength = 60;
    private const int LeadMaxLength = 100;

    // Raw input longer than this is refused before it is even normalised (the 10,000-character case).
    private const int MaxRawQueryLength = MaxQueryLength * 4;

    private static readonly FieldType TextFieldType = CreateTextFieldType();

    private readonly RAMDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    // Doc id → section ordinal, read once into an array: a NumericDocValues instance is not safe to
    // share between threads (concurrent reads seek one input), and requests search in parallel.
    private readonly int[] _ords;
    private readonly ConstitutionSection[] _sections;
    private readonly string[] _texts;
    private readonly HashSet<int> _hidden;
    private readonly Dictionary<(string Cid, string Number), int> _byNumber;
    private readonly Dictionary<string, Filter> _cidFilters;
    private readonly Filter _visibleFilter;
    private readonly string[] _constitutionIds;
    private readonly int _docCount;

    private ConstitutionSearchIndex(
        ConstitutionSearchOptions options,
        ThaiSearchAnalyzer analyzer,
        RAMDirectory directory,
        ConstitutionSection[] sections,
        string[] texts,
        HashSet<int> hidden)
    {
        _hidden = hidden;
        Options = options;
        Analyzer = analyzer;
        _directory = directory;
        _sections = sections;
        _texts = texts;
        _reader = DirectoryReader.Open(directory);
        _searcher = new IndexSearcher(_reader) { Similarity = CreateSimilarity(options) };
        var ordValues = MultiDocValues.GetNumericValues(_reader, OrdField);
        _ords = new int[_reader.MaxDoc];
        for (var doc = 0; doc < _ords.Length; doc++)
        {
            _ords[doc] = (int)ordValues.Get(doc);
        }
        _docCount = _reader.NumDocs;

        _byNumber = [];
        for (var i = 0; i < sections.Length; i++)
        {
            _byNumber.TryAdd((sections[i].ConstitutionId, sections[i].Number), i);
        }

        // Instruments newest first (ties: the -current text first), for the section jump and Similar.
        _constitutionIds = sections
            .GroupBy(s => s.ConstitutionId, StringComparer.Ordinal)
            .Select(g => (Id: g.Key, g.First().YearBe))
            .OrderByDescending(c => c.YearBe)
            .ThenByDescending(c => c.Id.EndsWith(CurrentSuffix, StringComparison.Ordinal))
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => c.Id)
            .ToArray();
        _cidFilters = _constitutionIds.ToDictionary(
            id => id,
            id => (Filter)new CachingWrapperFilter(new QueryWrapperFilter(new TermQuery(new Term(CidField, id)))),
            StringComparer.Ordinal);
        var visible = new BooleanQuery
        {
            { new MatchAllDocsQuery(), Occur.MUST },
            { new TermQuery(new Term(DupField, "1")), Occur.MUST_NOT },
        };
        _visibleFilter = new CachingWrapperFilter(new QueryWrapperFilter(visible));
        CurrentConstitutionId = Array.Find(_constitutionIds, id => id == "2560" + CurrentSuffix)
            ?? Array.Find(_constitutionIds, id => id == "2560")
            ?? _constitutionIds.FirstOrDefault();
    }

    /// <summary>The options the index was built with.</summary>
    public ConstitutionSearchOptions Options { get; }

    /// <summary>The analyzer of the texts and the queries.</summary>
    public ThaiSearchAnalyzer Analyzer { get; }

    /// <summary>How long Build (or LoadOrBuild) took, from the sections to a searchable index.</summary>
    public TimeSpan BuildTime { get; private set; }

    /// <summary>True when LoadOrBuild found the index in its cache folder instead of building it.</summary>
    public bool LoadedFromCache { get; private init; }

    /// <summary>A hash of the sections, headings, options and index format: the cache folder's name.</summary>
    public string Fingerprint { get; private init; } = string.Empty;

    /// <summary>The sections indexed, in index order.</summary>
    public IReadOnlyList<ConstitutionSection> Sections => _sections;

    /// <summary>The instruments indexed, newest first.</summary>
    public IReadOnlyList<string> ConstitutionIds => _constitutionIds;

    /// <summary>The instrument a section jump without a filter goes to: 2560-current if indexed, else 2560, else the newest.</summary>
    public string? CurrentConstitutionId { get; }

    /// <summary>
    /// Builds the index from whole instruments: as <see cref="Build(IEnumerable{ConstitutionSection}, ConstitutionSearchOptions?)"/>,
    /// plus each section's headings (its chapter's and part's titles, and <see cref="ConstitutionSection.Heading"/>)
    /// in a field of their own: "หน้าที่ของปวงชนชาวไทย" or "คณะรัฐมนตรี" find the sections under that title.
    /// </summary>
    public static ConstitutionSearchIndex Build(IEnumerable<ConstitutionDocument> documents, ConstitutionSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var stopwatch = Stopwatch.StartNew();
        var (sections, headings) = Flatten(documents);
        return Build(sections, headings, options, stopwatch);
    }

    /// <summary>Builds the index. Sections with the same instrument and number after the first are kept but never jumped to.</summary>
    public static ConstitutionSearchIndex Build(IEnumerable<ConstitutionSection> sections, ConstitutionSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var stopwatch = Stopwatch.StartNew();
        return Build(sections.ToList(), null, options, stopwatch);
    }

    private static ConstitutionSearchIndex Build(List<ConstitutionSection> sections, List<string?>? headings, ConstitutionSearchOptions? options, Stopwatch stopwatch)
    {
        options ??= ConstitutionSearchOptions.Default;
        var all = sections.ToArray();
        var texts = all.Select(s => s.Text).ToArray();
        var hidden = HiddenDuplicates(all, texts);
        var analyzer = new ThaiSearchAnalyzer(options.Analyzer);
        var directory = new RAMDirectory();
        WriteIndex(directory, analyzer, options, all, texts, headings, hidden);
        return new ConstitutionSearchIndex(options, analyzer, directory, all, texts, hidden)
        {
            BuildTime = stopwatch.Elapsed,
            Fingerprint = ComputeFingerprint(all, texts, headings, options),
        };
    }

    // Analysis (ICU word breaking) is nearly all the cost, so it runs on one thread per core: each
    // thread indexes a contiguous slice of the sections into a directory of its own, and the slices
    // are then added to the index in order (AddIndexes copies segments, it doesn't re-analyse). The
    // doc ids are therefore the section order whatever the thread timing: results, and the order
    // of equal scores (the same provision in the same words in two instruments), are reproducible.
    private static void WriteIndex(
        RAMDirectory directory,
        ThaiSearchAnalyzer analyzer,
        ConstitutionSearchOptions options,
        ConstitutionSection[] all,
        string[] texts,
        List<string?>? headings,
        HashSet<int> hidden)
    {
        IndexWriterConfig Config() => new(ThaiSearchAnalyzer.Version, analyzer)
        {
            OpenMode = OpenMode.CREATE,
            RAMBufferSizeMB = 256,
            MaxBufferedDocs = IndexWriterConfig.DISABLE_AUTO_FLUSH,
            Similarity = CreateSimilarity(options),
        };

        var threads = Math.Clamp(Environment.ProcessorCount, 1, 4);
        var slices = new RAMDirectory[threads];
        var size = (all.Length + threads - 1) / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
        {
            slices[part] = new RAMDirectory();
            using var sliceWriter = new IndexWriter(slices[part], Config());
            var cid = new StringField(CidField, string.Empty, Field.Store.YES);
            var year = new Int32Field(YearField, 0, Field.Store.YES);
            var number = new StringField(NumberField, string.Empty, Field.Store.YES);
            var ord = new NumericDocValuesField(OrdField, 0);
            var text = new Field(TextField, string.Empty, TextFieldType);
            var lead = new TextField(LeadField, string.Empty, Field.Store.NO);
            var heading = new TextField(HeadingField, string.Empty, Field.Store.NO);
            var dup = new StringField(DupField, "1", Field.Store.NO);
            for (var i = part * size; i < Math.Min(all.Length, (part + 1) * size); i++)
            {
                var section = all[i];
                cid.SetStringValue(section.ConstitutionId);
                year.SetInt32Value(section.YearBe);
                number.SetStringValue(section.Number);
                ord.SetInt64Value(i);
                text.SetStringValue(texts[i]);
                lead.SetStringValue(LeadOf(texts[i]));
                var doc = new Document { cid, year, number, ord, text, lead };
                if (section.Chapter is not null)
                {
                    doc.Add(new StoredField(ChapterField, section.Chapter));
                }

                if (headings?[i] is { } h)
                {
                    heading.SetStringValue(h);
                    doc.Add(heading);
                }

                if (hidden.Contains(i))
                {
                    doc.Add(dup);
                }

                sliceWriter.AddDocument(doc);
            }

            sliceWriter.Commit();
        });

        using var writer = new IndexWriter(directory, Config());
        writer.AddIndexes(slices);
        writer.ForceMerge(1); // one segment: half the allocations per query, and faster phrase scoring

        writer.Commit();
        foreach (var slice in slices)
        {
            slice.Dispose();
        }
    }

    /// <summary>
    /// The cold start: loads the index saved by an earlier run for exactly these sections and options
    /// from <paramref name="cacheDirectory"/> (a copy into memory: no analysis), or builds it and saves
    /// it there for the next start. A missing, stale or unreadable cache is rebuilt; a cache folder
    /// that can't be written is only a slower next start. Either way <see cref="BuildTime"/> says how
    /// long it took and <see cref="LoadedFromCache"/> which it was.
    /// </summary>
    public static ConstitutionSearchIndex LoadOrBuild(string cacheDirectory, IEnumerable<ConstitutionDocument> documents, ConstitutionSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var stopwatch = Stopwatch.StartNew();
        var (sections, headings) = Flatten(documents);
        return LoadOrBuild(cacheDirectory, sections, headings, options, stopwatch);
    }

    /// <inheritdoc cref="LoadOrBuild(string, IEnumerable{ConstitutionDocument}, ConstitutionSearchOptions?)"/>
    public static ConstitutionSearchIndex LoadOrBuild(string cacheDirectory, IEnumerable<ConstitutionSection> sections, ConstitutionSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var stopwatch = Stopwatch.StartNew();
        return LoadOrBuild(cacheDirectory, sections.ToList(), null, options, stopwatch);
    }

    private static ConstitutionSearchIndex LoadOrBuild(string cacheDirectory, List<ConstitutionSection> sections, List<string?>? headings, ConstitutionSearchOptions? options, Stopwatch stopwatch)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        options ??= ConstitutionSearchOptions.Default;

        // ICU's Thai break iterator loads on first use (~0.4 s): load it on another core while the
        // index is read, so neither the load nor the first query waits for it alone.
        var analyzerKind = options.Analyzer;
        var icu = Task.Run(() => WarmAnalyzer(analyzerKind));
        var all = sections.ToArray();
        var texts = all.Select(s => s.Text).ToArray();
        var fingerprint = ComputeFingerprint(all, texts, headings, options);
        var folder = Path.Combine(cacheDirectory, fingerprint);
        if (File.Exists(Path.Combine(folder, CompleteMarker)))
        {
            try
            {
                var directory = new RAMDirectory();
                using (var disk = FSDirectory.Open(folder))
                {
                    foreach (var file in disk.ListAll().Where(f => f != CompleteMarker))
                    {
                        disk.Copy(directory, file, file, IOContext.READ_ONCE);
                    }
                }

                var loaded = new ConstitutionSearchIndex(options, new ThaiSearchAnalyzer(options.Analyzer), directory, all, texts, HiddenDuplicates(all, texts))
                {
                    BuildTime = stopwatch.Elapsed,
                    Fingerprint = fingerprint,
                    LoadedFromCache = true,
                };
                icu.GetAwaiter().GetResult();
                loaded.BuildTime = stopwatch.Elapsed;
                return loaded;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException)
            {
                // Unreadable: rebuild below (and overwrite it).
            }
        }

        var built = Build(sections, headings, options, stopwatch);
        built.TrySave(cacheDirectory);
        icu.GetAwaiter().GetResult();
        return built;
    }

    private static void WarmAnalyzer(SearchAnalyzerKind kind)
    {
        using var analyzer = new ThaiSearchAnalyzer(kind);
        using var stream = analyzer.GetTokenStream("warm", "วุฒิสภาประกอบด้วยสมาชิกจำนวนสองร้อยคน");
        stream.Reset();
        while (stream.IncrementToken())
        {
        }

        stream.End();
    }

    /// <summary>
    /// Saves the index under <paramref name="cacheDirectory"/>/&lt;fingerprint&gt;/ for
    /// <see cref="LoadOrBuild(string, IEnumerable{ConstitutionDocument}, ConstitutionSearchOptions?)"/>:
    /// written to a temporary folder and moved into place, so a reader never sees half an index.
    /// </summary>
    /// <returns>False when the folder could not be written (the index works all the same).</returns>
    public bool TrySave(string cacheDirectory)
    {
        var folder = Path.Combine(cacheDirectory, Fingerprint);
        var temp = folder + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            if (File.Exists(Path.Combine(folder, CompleteMarker)))
            {
                return true;
            }

            System.IO.Directory.CreateDirectory(temp);
            using (var disk = FSDirectory.Open(temp))
            {
                foreach (var file in _directory.ListAll())
                {
                    _directory.Copy(disk, file, file, IOContext.DEFAULT);
                }
            }

            File.WriteAllText(Path.Combine(temp, CompleteMarker), Fingerprint);
            if (System.IO.Directory.Exists(folder))
            {
                System.IO.Directory.Delete(folder, recursive: true); // an incomplete earlier attempt
            }

            System.IO.Directory.Move(temp, folder);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                if (System.IO.Directory.Exists(temp))
                {
                    System.IO.Directory.Delete(temp, recursive: true);
                }
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Left behind; harmless.
            }

            return File.Exists(Path.Combine(folder, CompleteMarker));
        }
    }

    /// <summary>
    /// Runs the analyzer once, so ICU's break iterator and Thai dictionary are loaded (about half a
    /// second, once per process) before the first query instead of during it. Call it on a
    /// background thread after <see cref="LoadOrBuild(string, IEnumerable{ConstitutionDocument}, ConstitutionSearchOptions?)"/>
    /// (a built index has done it already).
    /// </summary>
    public void WarmUp() => _ = Analyze("วุฒิสภาประกอบด้วยสมาชิกจำนวนสองร้อยคน");

    private const string CompleteMarker = "complete.txt";

    // Bump when the index layout changes: old caches are then never loaded.
    private const string FormatVersion = "chantra-search-3";

    private static string ComputeFingerprint(ConstitutionSection[] sections, string[] texts, List<string?>? headings, ConstitutionSearchOptions options)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        void Add(string? value)
        {
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes((value ?? "\u0001null").AsSpan()));
            hash.AppendData([0, 0]);
        }

        Add(FormatVersion);
        Add(options.ToString());
        for (var i = 0; i < sections.Length; i++)
        {
            var s = sections[i];
            Add(s.ConstitutionId);
            Add(s.YearBe.ToString(CultureInfo.InvariantCulture));
            Add(s.Number);
            Add(s.Chapter);
            Add(headings?[i]);
            Add(texts[i]);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    private static (List<ConstitutionSection> Sections, List<string?> Headings) Flatten(IEnumerable<ConstitutionDocument> documents)
    {
        var sections = new List<ConstitutionSection>();
        var headings = new List<string?>();
        foreach (var document in documents)
        {
            foreach (var section in document.Sections)
            {
                sections.Add(section);
                var parts = new[] { document.ChapterOf(section)?.Title, document.PartOf(section)?.Title, section.Heading };
                var heading = string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p)));
                headings.Add(heading.Length == 0 ? null : heading);
            }
        }

        return (sections, headings);
    }

    /// <summary>
    /// Searches the section texts. <paramref name="query"/> is plain text in any form a citizen types:
    /// Thai or Arabic digits, either spelling of sara am, invisible characters, Lucene syntax (which is
    /// just text here). A section reference alone ("มาตรา 54", "ม. 54", "ม.54", "section 54",
    /// "Section ๕๔", "s. 54", "มาตรา 256/1") jumps to that section (see <see cref="SectionJump"/>).
    /// </summary>
    /// <param name="query">What the user typed.</param>
    /// <param name="constitutionId">Search only this instrument (exact id); null for all.</param>
    /// <param name="top">How many hits, 1…<see cref="MaxTop"/>.</param>
    /// <returns>Best first; empty when nothing matches or the query has no searchable word.</returns>
    /// <exception cref="SearchQueryException">Empty or too long a query, or a bad <paramref name="top"/>.</exception>
    public IReadOnlyList<ConstitutionSearchHit> Search(string? query, string? constitutionId = null, int top = 10)
    {
        CheckLimit(top, nameof(top));
        var normalized = NormalizeQuery(query);
        if (constitutionId is not null && !_cidFilters.ContainsKey(constitutionId))
        {
            return [];
        }

        if (SectionJump.TryParse(normalized, out var sectionNumber))
        {
            return JumpTo(sectionNumber, constitutionId, top);
        }

        var expanded = Options.ExpandQueries ? CitizenVocabulary.Expand(normalized) : normalized;
        var allTokens = Tokenize(expanded, dropQuestionWords: false);
        var countQuestion = Options.CountIntent && IsCountQuestion(allTokens);
        var tokens = Options.DropQuestionWords ? allTokens.Where(t => !QueryWords.IsQuestionWord(t.Term)).ToList() : allTokens;
        if (tokens.Count == 0)
        {
            return [];
        }

        var luceneQuery = BuildTextQuery(tokens, countQuestion);
        var terms = tokens.Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
        if (constitutionId is not null)
        {
            var filtered = _searcher.Search(luceneQuery, _cidFilters[constitutionId], top);
            return ToHits(filtered.ScoreDocs.Select(sd => (sd.Doc, sd.Score)).ToList(), terms);
        }

        // All instruments: most provisions exist, in nearly the same words, in a dozen of them, and a
        // citizen who names none means the one in force. The current instrument's scores are
        // multiplied by CurrentBoost over a wider candidate list, then cut to top.
        var candidates = _searcher.Search(luceneQuery, _visibleFilter, Math.Max(top * 3, 30));
        var best = candidates.ScoreDocs
            .Select(sd => (sd.Doc, Score: sd.Score * BoostOf(sd.Doc)))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Doc) // = section order (see WriteIndex)
            .Take(top)
            .ToList();
        return ToHits(best, terms);
    }

    /// <summary>
    /// "Across versions": for every other instrument, the sections most like <paramref name="section"/>,
    /// found with a query of the section's most distinctive words (TF-IDF over this index, numbers
    /// left out: section numbers cited in a text say nothing about its subject). The instrument's own
    /// other text (X and X-current) is not "another version" and is skipped.
    /// </summary>
    /// <returns>Instruments newest first, each with its best <paramref name="perConstitution"/> hits; instruments with no match are left out.</returns>
    public IReadOnlyList<SimilarSections> Similar(ConstitutionSection section, int perConstitution = 3)
    {
        ArgumentNullException.ThrowIfNull(section);
        CheckLimit(perConstitution, nameof(perConstitution));
        var weights = SectionTermWeights(section);
        if (weights.Count == 0)
        {
            return [];
        }

        var query = new BooleanQuery();
        var top = weights.OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal).Take(SimilarTerms).ToList();
        foreach (var (term, weight) in top)
        {
            query.Add(new TermQuery(new Term(TextField, term)) { Boost = (float)weight }, Occur.SHOULD);
        }

        var terms = top.Select(w => w.Key).ToHashSet(StringComparer.Ordinal);
        var results = new List<SimilarSections>();
        foreach (var cid in _constitutionIds)
        {
            // Not the section's own instrument, and an as-promulgated text only where its amended
            // text (X-current) isn't indexed: 2560 and 2560-current are one instrument here.
            if (IsSameInstrument(cid, section.ConstitutionId) || _cidFilters.ContainsKey(cid + CurrentSuffix))
            {
                continue;
            }

            var topDocs = _searcher.Search(query, _cidFilters[cid], perConstitution);
            if (topDocs.ScoreDocs.Length == 0)
            {
                continue;
            }

            var hits = ToHits(topDocs.ScoreDocs.Select(sd => (sd.Doc, sd.Score)).ToList(), terms);
            results.Add(new SimilarSections(cid, hits[0].YearBe, hits));
        }

        return results;
    }

    /// <summary>The section with this instrument id and number, if indexed.</summary>
    public ConstitutionSection? Find(string constitutionId, string number) =>
        _byNumber.TryGetValue((constitutionId, number), out var i) ? _sections[i] : null;

    /// <summary>The words of a text as the index sees them (normalised, tokenised, lower-cased; stop words as the analyzer has them).</summary>
    public IReadOnlyList<string> Analyze(string text) => Tokenize(SearchTextNormalizer.Normalize(text), dropQuestionWords: false).Select(t => t.Term).ToList();

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        Analyzer.Dispose();
    }

    /// <summary>The checks and normalisation every query goes through.</summary>
    /// <exception cref="SearchQueryException">Empty or too long.</exception>
    public static string NormalizeQuery(string? query)
    {
        if (query is not null && query.Length > MaxRawQueryLength)
        {
            throw TooLong();
        }

        var normalized = SearchTextNormalizer.Normalize(query);
        if (normalized.Length == 0)
        {
            throw new SearchQueryException(SearchQueryError.Empty, "กรุณาพิมพ์คำค้น", "Please type something to search for.");
        }

        return normalized.Length > MaxQueryLength ? throw TooLong() : normalized;

        static SearchQueryException TooLong() => new(
            SearchQueryError.TooLong,
            $"คำค้นยาวเกินไป (ไม่เกิน {MaxQueryLength} ตัวอักษร)",
            $"The query is too long (at most {MaxQueryLength} characters).");
    }

    private const int SimilarTerms = 30;

    private static void CheckLimit(int value, string name)
    {
        if (value is < 1 or > MaxTop)
        {
            throw new SearchQueryException(
                SearchQueryError.BadLimit,
                $"{name} ต้องอยู่ระหว่าง 1 ถึง {MaxTop}",
                $"{name} must be between 1 and {MaxTop}.");
        }
    }

    private static FieldType CreateTextFieldType()
    {
        // Offsets in the postings (as Lucene's PostingsHighlighter wants): a snippet reads the offsets
        // of the query's few terms in the hit docs, instead of decoding a term vector per hit.
        var type = new FieldType(Lucene.Net.Documents.TextField.TYPE_NOT_STORED)
        {
            IndexOptions = IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS,
        };
        type.Freeze();
        return type;
    }

    private static Similarity CreateSimilarity(ConstitutionSearchOptions options) =>
        options.Bm25 ? new BM25Similarity() : new DefaultSimilarity();

    /// <summary>The first <see cref="LeadLength"/> characters of a text, carried on to the next space (at most <see cref="LeadMaxLength"/>).</summary>
    internal static string LeadOf(string text)
    {
        if (text.Length <= LeadLength)
        {
            return text;
        }

        var end = LeadLength;
        while (end < text.Length && end < LeadMaxLength && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        return text[..end];
    }

    private static bool IsSameInstrument(string a, string b) =>
        a == b || a == b + CurrentSuffix || b == a + CurrentSuffix;

    private static HashSet<int> HiddenDuplicates(ConstitutionSection[] sections, string[] texts)
    {
        var hidden = new HashSet<int>();
        var byKey = new Dictionary<(string, string), int>();
        for (var i = 0; i < sections.Length; i++)
        {
            byKey.TryAdd((sections[i].ConstitutionId, sections[i].Number), i);
        }

        for (var i = 0; i < sections.Length; i++)
        {
            var s = sections[i];
            if (!s.ConstitutionId.EndsWith(CurrentSuffix, StringComparison.Ordinal)
                && byKey.TryGetValue((s.ConstitutionId + CurrentSuffix, s.Number), out var j)
                && (texts[i] == texts[j] || SearchTextNormalizer.Normalize(texts[i]) == SearchTextNormalizer.Normalize(texts[j])))
            {
                hidden.Add(i);
            }
        }

        return hidden;
    }

    private readonly record struct QueryToken(string Term, int Position);

    private List<QueryToken> Tokenize(string normalized, bool dropQuestionWords)
    {
        var tokens = new List<QueryToken>();
        using var stream = Analyzer.GetTokenStream(TextField, normalized);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            var text = term.ToString();
            if (dropQuestionWords && QueryWords.IsQuestionWord(text))
            {
                continue;
            }

            tokens.Add(new QueryToken(text, position));
        }

        stream.End();
        return tokens;
    }

    // "How many …?" (กี่คน, กี่ท่าน, จำนวน…): the answer is the section that opens with the body and
    // "ประกอบด้วย … จำนวน … คน" / "มีจำนวน … คน".
    private static bool IsCountQuestion(List<QueryToken> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Term == "จำนวน"
                || (tokens[i].Term == "กี่" && i + 1 < tokens.Count && tokens[i + 1].Term is "คน" or "ท่าน" or "ราย"))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] CountAnswerWords = ["ประกอบ", "ด้วย", "จำนวน"];

    private Query BuildTextQuery(List<QueryToken> tokens, bool countQuestion)
    {
        var query = new BooleanQuery();
        var distinct = tokens.Select(t => t.Term).Distinct(StringComparer.Ordinal).ToList();

        // Words in more than a fifth of all sections (การ, ใน, ความ, มี…) are the costliest to score
        // (their postings cover most of the index): a pair of two such words is no phrase clause.
        // (Leaving them out of the term clauses too saved a further ~25% of the time, but cost one
        // top-3 hit of the relevance set: they stay.)
        var weak = distinct.Where(IsWeak).ToHashSet(StringComparer.Ordinal);
        foreach (var term in distinct)
        {
            query.Add(new TermQuery(new Term(TextField, term)), Occur.SHOULD);
            if (Options.LeadBoost > 0)
            {
                query.Add(new TermQuery(new Term(LeadField, term)) { Boost = (float)Options.LeadBoost }, Occur.SHOULD);
            }

            if (Options.HeadingBoost > 0)
            {
                query.Add(new TermQuery(new Term(HeadingField, term)) { Boost = (float)Options.HeadingBoost }, Occur.SHOULD);
            }
        }

        if (countQuestion && Options.LeadBoost > 0)
        {
            foreach (var term in CountAnswerWords.Where(w => !distinct.Contains(w)))
            {
                query.Add(new TermQuery(new Term(LeadField, term)) { Boost = (float)(Options.LeadBoost * Options.CountBoost) }, Occur.SHOULD);
            }
        }

        if (tokens.Count >= 2)
        {
            var first = tokens[0].Position;
            var phrase = new PhraseQuery { Slop = 2, Boost = 2f };
            foreach (var t in tokens)
            {
                phrase.Add(new Term(TextField, t.Term), t.Position - first);
            }

            query.Add(phrase, Occur.SHOULD);
            if (tokens.Count >= 3)
            {
                for (var i = 0; i + 1 < tokens.Count; i++)
                {
                    if (weak.Contains(tokens[i].Term) && weak.Contains(tokens[i + 1].Term))
                    {
                        continue;
                    }

                    var pair = new PhraseQuery { Slop = 1 };
                    pair.Add(new Term(TextField, tokens[i].Term), 0);
                    pair.Add(new Term(TextField, tokens[i + 1].Term), tokens[i + 1].Position - tokens[i].Position);
                    query.Add(pair, Occur.SHOULD);
                }
            }
        }

        return query;
    }

    private bool IsWeak(string term) => _reader.DocFreq(new Term(TextField, term)) > _docCount / 5;

    private Dictionary<string, double> SectionTermWeights(ConstitutionSection section)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in Tokenize(SearchTextNormalizer.Normalize(section.Text), dropQuestionWords: false))
        {
            counts[token.Term] = counts.GetValueOrDefault(token.Term) + 1;
        }

        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (term, count) in counts)
        {
            if (term.Any(char.IsDigit))
            {
                continue;
            }

            var df = _reader.DocFreq(new Term(TextField, term));
            var idf = Math.Log((_docCount + 1.0) / (df + 1.0)) + 1.0;
            weights[term] = Math.Sqrt(count) * idf;
        }

        return weights;
    }

    private float BoostOf(int doc)
    {
        var cid = _sections[_ords[doc]].ConstitutionId;
        return CurrentConstitutionId is not null && IsSameInstrument(cid, CurrentConstitutionId) ? (float)Options.CurrentBoost : 1f;
    }

    private IReadOnlyList<ConstitutionSearchHit> JumpTo(string number, string? constitutionId, int top)
    {
        var order = constitutionId is not null
            ? [constitutionId]
            : _constitutionIds.OrderByDescending(id => id == CurrentConstitutionId).ToArray();
        var hits = new List<ConstitutionSearchHit>();
        foreach (var cid in order)
        {
            if (hits.Count == top)
            {
                break;
            }

            if (_byNumber.TryGetValue((cid, number), out var i) && (constitutionId is not null || !_hidden.Contains(i)))
            {
                var s = _sections[i];
                hits.Add(new ConstitutionSearchHit(s.ConstitutionId, s.YearBe, s.Number, s.Chapter, SnippetFormatter.Lead(_texts[i]), SectionJumpScore, IsSectionJump: true));
            }
        }

        return hits;
    }

    // The hits with their snippets: for each query term and segment, one seek in the term
    // dictionary, then the postings advanced to each hit doc (in doc order) for the offsets.
    private List<ConstitutionSearchHit> ToHits(IReadOnlyList<(int Doc, float Score)> docs, IReadOnlySet<string> terms)
    {
        var spans = new List<(int Start, int End, string Term)>[docs.Count];
        for (var i = 0; i < docs.Count; i++)
        {
            spans[i] = [];
        }

        var byDoc = Enumerable.Range(0, docs.Count).OrderBy(i => docs[i].Doc).ToArray();
        foreach (var leaf in _reader.Leaves)
        {
            var inLeaf = byDoc.Where(i => docs[i].Doc >= leaf.DocBase && docs[i].Doc < leaf.DocBase + leaf.Reader.MaxDoc).ToArray();
            if (inLeaf.Length == 0 || leaf.AtomicReader.GetTerms(TextField) is not { } leafTerms)
            {
                continue;
            }

            var termsEnum = leafTerms.GetEnumerator();
            DocsAndPositionsEnum? reuse = null;
            foreach (var term in terms)
            {
                if (!termsEnum.SeekExact(new BytesRef(term)))
                {
                    continue;
                }

                var postings = reuse = termsEnum.DocsAndPositions(null, reuse, DocsAndPositionsFlags.OFFSETS);
                if (postings is null)
                {
                    continue;
                }

                foreach (var i in inLeaf)
                {
                    var local = docs[i].Doc - leaf.DocBase;
                    if (postings.DocID < local && postings.Advance(local) == DocIdSetIterator.NO_MORE_DOCS)
                    {
                        break;
                    }

                    if (postings.DocID != local)
                    {
                        continue;
                    }

                    for (var k = 0; k < postings.Freq; k++)
                    {
                        postings.NextPosition();
                        if (postings.StartOffset >= 0)
                        {
                            spans[i].Add((postings.StartOffset, postings.EndOffset, term));
                        }
                    }
                }
            }
        }

        // Words in more than a fifth of the sections (การ, ความ, ใน, มี…) are only marked beside others.
        var weak = terms.Where(IsWeak).ToHashSet(StringComparer.Ordinal);
        var hits = new List<ConstitutionSearchHit>(docs.Count);
        for (var i = 0; i < docs.Count; i++)
        {
            var ord = _ords[docs[i].Doc];
            var s = _sections[ord];
            hits.Add(new ConstitutionSearchHit(s.ConstitutionId, s.YearBe, s.Number, s.Chapter, SnippetFormatter.Format(_texts[ord], spans[i], weak), docs[i].Score));
        }

        return hits;
    }
}

/// <summary>
/// The section jump: a query that is only a section reference. Accepted (after normalisation, so Thai
/// digits and case don't matter): <c>มาตรา 54</c>, <c>มาตรา54</c>, <c>ม. 54</c>, <c>ม.54</c>, <c>ม 54</c>,
/// <c>section 54</c>, <c>sec. 54</c>, <c>s. 54</c>, <c>s.54</c>, <c>§ 54</c>, each with an optional
/// "/n" ("มาตรา 256/1"). Without a filter the current constitution's section comes first, then the
/// same number in the other instruments, newest first; with a filter, that instrument's section only.
/// </summary>
public static partial class SectionJump
{
    [GeneratedRegex(@"^(?:มาตรา|ม\s*\.?|section|sec\s*\.?|s\s*\.?|§)\s*(\d{1,4})(?:\s*/\s*(\d{1,3}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>True when <paramref name="normalizedQuery"/> (see <see cref="SearchTextNormalizer.Normalize"/>) is a section reference.</summary>
    public static bool TryParse(string normalizedQuery, out string number)
    {
        var m = Pattern().Match(normalizedQuery);
        if (!m.Success)
        {
            number = string.Empty;
            return false;
        }

        var main = int.Parse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        number = m.Groups[2].Success
            ? $"{main}/{int.Parse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture)}"
            : main.ToString(CultureInfo.InvariantCulture);
        return main > 0;
    }
}
