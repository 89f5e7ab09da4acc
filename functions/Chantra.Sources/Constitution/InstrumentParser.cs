using System.Globalization;
using System.Text.RegularExpressions;
using Chantra.Domain.Constitution;

namespace Chantra.Sources.Constitution;

/// <summary>What one text file says, before it becomes a <see cref="ConstitutionDocument"/>.</summary>
internal sealed record ParsedInstrument(
    string Title,
    DateOnly? PromulgatedOn,
    string Preamble,
    IReadOnlyList<ConstitutionChapter> Chapters,
    IReadOnlyList<ConstitutionSection> Sections,
    string? Countersignature);

/// <summary>
/// Reads the text of one constitution, charter or amendment as typed in the data set: a title, the
/// royal heading, a preamble, then sections (มาตรา) under chapters (หมวด), parts (ส่วนที่) and the
/// transitory provisions (บทเฉพาะกาล), then the countersignature (ผู้รับสนองพระบรมราชโองการ).
/// One paragraph (วรรค) or numbered item is one line; blank lines carry no meaning.
/// </summary>
internal static partial class InstrumentParser
{
    private enum LineKind
    {
        Text,

        /// <summary>Empty, or a single space.</summary>
        Blank,

        /// <summary>Two or more spaces and nothing else: the texts put one after every heading.</summary>
        Separator,
    }

    private readonly record struct Line(LineKind Kind, string Text);

    private enum HeadingKind
    {
        Chapter,
        Part,
        Transitory,
        Unnumbered,
    }

    /// <summary>A heading: its first and last line, what it is, its number (Arabic) and title.</summary>
    private sealed record Heading(int Start, int End, HeadingKind Kind, string? Number, string Title);

    private readonly record struct SectionStart(int Main, int Sub, string Number, string? Rest);

    public static ParsedInstrument Parse(string id, int yearBe, string text, Action<string> warn)
    {
        var lines = ReadLines(text);
        var titleEnd = TitleEnd(lines, out var rawTitle);
        var starts = SectionStarts(lines, titleEnd, id, warn);
        var lastStart = starts.Count == 0 ? titleEnd : starts.Keys.Max();
        var bodyEnd = ClosingStart(lines, lastStart);
        var headings = Headings(lines, titleEnd, bodyEnd, starts);
        var firstStructure = Math.Min(
            starts.Count == 0 ? bodyEnd : starts.Keys.Min(),
            headings.Count == 0 ? int.MaxValue : headings.Keys.Min());
        var preambleStart = PreambleStart(lines, titleEnd, firstStructure);

        var header = lines.Take(preambleStart).Where(l => l.Kind == LineKind.Text).Select(l => l.Text).ToList();
        var preambleLines = lines.Skip(preambleStart).Take(firstStructure - preambleStart).Where(l => l.Kind == LineKind.Text).Select(l => l.Text).ToList();
        var closing = lines.Skip(bodyEnd).Where(l => l.Kind == LineKind.Text).Select(l => l.Text).ToList();

        var (chapters, sections) = Body(lines, firstStructure, bodyEnd, starts, headings, id, yearBe, warn);
        var countersignatureAt = closing.FindIndex(l => l.StartsWith("ผู้รับสนอง", StringComparison.Ordinal));
        var countersignature = countersignatureAt < 0 ? null : string.Join('\n', closing.Skip(countersignatureAt));

        // Most texts head themselves "รัฐธรรมนูญแห่งราชอาณาจักรไทย" alone; the year, as the texts write
        // it, tells them apart in a list ("… พุทธศักราช ๒๕๖๐", the way they are cited).
        var title = rawTitle.Contains("พุทธศักราช", StringComparison.Ordinal) || yearBe <= 0
            ? rawTitle
            : $"{rawTitle} พุทธศักราช {ThaiText.ToThaiDigits(yearBe.ToString(CultureInfo.InvariantCulture))}";
        var date = header.Select(l => ThaiText.DatedLine(l, DateLead.Given)).FirstOrDefault(d => d is not null)
            ?? closing.Select(l => ThaiText.DatedLine(l, DateLead.Proclaimed)).FirstOrDefault(d => d is not null)
            ?? preambleLines.Select(ThaiText.PaliDate).FirstOrDefault(d => d is not null);
        if (date is null)
        {
            warn($"{id}: the text gives no date of promulgation");
        }

        return new ParsedInstrument(title, date, string.Join('\n', preambleLines), chapters, sections, countersignature);
    }

    /// <summary>
    /// Splits and cleans the lines (see <see cref="ThaiText.CleanLine"/>); page headers, page
    /// numbers and footnote texts are dropped outright, as if they were not there.
    /// </summary>
    private static List<Line> ReadLines(string text)
    {
        var lines = new List<Line>();
        foreach (var raw in text.Split('\n'))
        {
            var r = raw.TrimEnd('\r');
            if (ThaiText.IsFootnoteBody(r))
            {
                continue;
            }

            var clean = ThaiText.CleanLine(r);
            if (clean.Length == 0)
            {
                // The texts put a line of (eighteen or so) spaces after each heading: keep that apart
                // from a plain blank line, it tells a heading from a short paragraph.
                lines.Add(new Line(r.Length >= 2 && string.IsNullOrWhiteSpace(r) ? LineKind.Separator : LineKind.Blank, ""));
                continue;
            }

            if (ThaiText.IsPageArtefact(clean))
            {
                continue;
            }

            lines.Add(new Line(LineKind.Text, clean));
        }

        return lines;
    }

    /// <summary>
    /// The title: the first lines up to a blank line or the date line; a title the texts spread
    /// over blank-separated lines (the 2564 amendment) goes on while the next line continues it
    /// ("แก้ไขเพิ่มเติม …", "พุทธศักราช …", "(ฉบับ…"). Returns the index after the title.
    /// </summary>
    private static int TitleEnd(List<Line> lines, out string title)
    {
        var parts = new List<string>();
        var end = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Kind != LineKind.Text)
            {
                continue;
            }

            var afterBlank = i > 0 && lines[i - 1].Kind != LineKind.Text;
            if (GivenDate().IsMatch(lines[i].Text) || (parts.Count > 0 && afterBlank && !TitleContinuation().IsMatch(lines[i].Text)))
            {
                break;
            }

            parts.Add(lines[i].Text);
            end = i + 1;
        }

        title = string.Join(' ', parts);
        return end;
    }

    /// <summary>
    /// Where the sections begin. THE RULE: a line is the start of a section when
    /// <list type="number">
    /// <item>it reads "มาตรา", a number (Thai or Arabic digits, optionally "/n"), whitespace and
    /// text — "มาตรา ๘๓  สภาผู้แทนราษฎร…" (the texts put two spaces, sometimes one or none before
    /// the number);</item>
    /// <item>the text after the number does not carry on a reference ("มาตรา ๑๑๔ วรรคสอง…",
    /// "มาตรา ๕ และมาตรา ๖…", "มาตรา ๒๑ (๒)…"): a paragraph that wraps so that a cross-reference
    /// begins a line is not a section;</item>
    /// <item>its number is the next one: one more than the section before ("๘๔" after "๘๓"), or the
    /// next inserted number ("๒๕๖/๑" after "๒๕๖", "๒๕๖/๒" after "๒๕๖/๑"). The first section is ๑.
    /// A jump of up to five (a section missing from the source) is accepted, with a warning, only
    /// when the line follows a blank line or a heading, as every section does in these texts; a
    /// larger jump or a number going back is never a section start.</item>
    /// </list>
    /// So a quoted section inside an amending section ("“มาตรา ๔ …", or the unquoted
    /// "มาตรา ๓๘" inside a quoted new chapter of 2495) is text of the amending section, since its
    /// number is not the next one.
    /// </summary>
    private static SortedDictionary<int, SectionStart> SectionStarts(List<Line> lines, int from, string id, Action<string> warn)
    {
        var starts = new SortedDictionary<int, SectionStart>();
        var (main, sub) = (0, 0);
        for (var i = from; i < lines.Count; i++)
        {
            if (lines[i].Kind != LineKind.Text)
            {
                continue;
            }

            var m = SectionLine().Match(lines[i].Text);
            if (!m.Success)
            {
                continue;
            }

            var rest = m.Groups["rest"].Success ? m.Groups["rest"].Value : null;
            if (rest is not null && ReferenceContinuation().IsMatch(rest))
            {
                continue;
            }

            var n = int.Parse(ThaiText.ToArabicDigits(m.Groups["main"].Value), CultureInfo.InvariantCulture);
            var s = m.Groups["sub"].Success ? int.Parse(ThaiText.ToArabicDigits(m.Groups["sub"].Value), CultureInfo.InvariantCulture) : 0;
            var next = (s == 0 && n == main + 1) || (n == main && s == sub + 1 && main > 0);
            var afterBreak = i == 0 || lines[i - 1].Kind != LineKind.Text || HeadingLine().IsMatch(lines[i - 1].Text);
            var gap = s == 0 && n > main + 1 && n <= main + 5 && afterBreak;
            if (!next && !gap)
            {
                continue;
            }

            if (gap)
            {
                warn($"{id}: section {n} follows section {main}{(sub > 0 ? $"/{sub}" : "")}; the sections in between are not in the text");
            }

            var number = s == 0 ? n.ToString(CultureInfo.InvariantCulture) : $"{n}/{s}";
            starts[i] = new SectionStart(n, s, number, rest);
            (main, sub) = (n, s);
        }

        return starts;
    }

    /// <summary>
    /// Where the last section ends: the countersignature (ผู้รับสนอง…), a closing date
    /// ("ประกาศ(มา) ณ วันที่ …") or the king's signature "(พระบรมนามาภิธัย)", whichever comes first
    /// after the last section's first line.
    /// </summary>
    private static int ClosingStart(List<Line> lines, int lastStart)
    {
        for (var i = lastStart + 1; i < lines.Count; i++)
        {
            if (lines[i].Kind == LineKind.Text && Closing().IsMatch(lines[i].Text))
            {
                return i;
            }
        }

        return lines.Count;
    }

    /// <summary>
    /// The headings between the title and the closing. A heading is a line that reads exactly
    /// "หมวด ๓" / "หมวดที่ ๔" or "ส่วนที่ ๒" (its title is the next line), "บทเฉพาะกาล", "บททั่วไป",
    /// or — for 2550's numbered bodies — "๑. คณะกรรมการการเลือกตั้ง" on a line of its own between
    /// blank lines with the heading separator after it. And only if what follows it (past blank lines)
    /// is a section start or another heading: a quoted "บทเฉพาะกาล" inside an amending section
    /// (2495) is followed by a quoted section, so it stays text.
    /// </summary>
    private static Dictionary<int, Heading> Headings(List<Line> lines, int from, int to, SortedDictionary<int, SectionStart> starts)
    {
        var candidates = new List<Heading>();
        for (var i = from; i < to; i++)
        {
            if (lines[i].Kind != LineKind.Text || starts.ContainsKey(i))
            {
                continue;
            }

            var t = lines[i].Text;
            var numbered = ChapterOrPart().Match(t);
            if (numbered.Success)
            {
                var titleAt = NextText(lines, i + 1, to);
                if (titleAt < 0 || starts.ContainsKey(titleAt) || ChapterOrPart().IsMatch(lines[titleAt].Text))
                {
                    continue;
                }

                var kind = numbered.Groups["kind"].Value.StartsWith("หมวด", StringComparison.Ordinal) ? HeadingKind.Chapter : HeadingKind.Part;
                candidates.Add(new Heading(i, titleAt, kind, ThaiText.ToArabicDigits(numbered.Groups["n"].Value), lines[titleAt].Text));
                i = titleAt;
            }
            else if (t == "บทเฉพาะกาล")
            {
                candidates.Add(new Heading(i, i, HeadingKind.Transitory, null, t));
            }
            else if (t == "บททั่วไป")
            {
                candidates.Add(new Heading(i, i, HeadingKind.Unnumbered, null, t));
            }
            else if (NumberedBody().IsMatch(t) && i > 0 && lines[i - 1].Kind != LineKind.Text && i + 1 < lines.Count && lines[i + 1].Kind == LineKind.Separator)
            {
                candidates.Add(new Heading(i, i, HeadingKind.Unnumbered, null, t));
            }
        }

        // Keep a heading only if a section or a kept heading follows it (decided from the last one back).
        var kept = new Dictionary<int, Heading>();
        for (var c = candidates.Count - 1; c >= 0; c--)
        {
            var next = NextText(lines, candidates[c].End + 1, to);
            if (next >= 0 && (starts.ContainsKey(next) || kept.ContainsKey(next)))
            {
                kept[candidates[c].Start] = candidates[c];
            }
        }

        return kept;
    }

    /// <summary>
    /// Where the preamble begins: after the "เป็นปีที่ … ในรัชกาลปัจจุบัน" line of the royal heading
    /// when there is one; otherwise after the blocks of short lines (the king's names) that follow
    /// the title.
    /// </summary>
    private static int PreambleStart(List<Line> lines, int titleEnd, int firstStructure)
    {
        for (var i = titleEnd; i < firstStructure; i++)
        {
            if (lines[i].Kind == LineKind.Text && ReignYear().IsMatch(lines[i].Text))
            {
                return i + 1;
            }
        }

        var at = titleEnd;
        while (true)
        {
            var blockStart = NextText(lines, at, firstStructure);
            if (blockStart < 0)
            {
                return at;
            }

            var blockEnd = blockStart;
            while (blockEnd < firstStructure && lines[blockEnd].Kind == LineKind.Text)
            {
                blockEnd++;
            }

            if (Enumerable.Range(blockStart, blockEnd - blockStart).Any(j => lines[j].Text.Length >= 60))
            {
                return blockStart;
            }

            at = blockEnd;
        }
    }

    private static (IReadOnlyList<ConstitutionChapter>, IReadOnlyList<ConstitutionSection>) Body(
        List<Line> lines, int from, int to, SortedDictionary<int, SectionStart> starts, Dictionary<int, Heading> headings,
        string id, int yearBe, Action<string> warn)
    {
        var chapters = new List<(string Number, string Title, List<ConstitutionPart> Parts)>();
        var sections = new List<ConstitutionSection>();
        string? chapter = null, part = null, heading = null;
        var transitory = false;
        SectionStart? current = null;
        List<string>? paragraphs = null;
        (string? Chapter, string? Part, string? Heading, bool Transitory) place = default;

        void Flush()
        {
            if (current is { } s && paragraphs is not null)
            {
                if (paragraphs.Count == 0)
                {
                    warn($"{id}: section {s.Number} has no text");
                }

                sections.Add(new ConstitutionSection(id, yearBe, s.Number, place.Chapter, place.Part, place.Transitory, paragraphs.ToArray())
                {
                    Heading = place.Heading,
                });
            }

            current = null;
            paragraphs = null;
        }

        for (var i = from; i < to; i++)
        {
            if (headings.TryGetValue(i, out var h))
            {
                Flush();
                switch (h.Kind)
                {
                    case HeadingKind.Chapter:
                        chapter = h.Number;
                        part = null;
                        heading = null;
                        // 2475's หมวด ๗ is "การใช้รัฐธรรมนูญและบทเฉพาะกาล": its sections are transitory too.
                        transitory = h.Title.Contains("บทเฉพาะกาล", StringComparison.Ordinal);
                        if (chapters.Any(c => c.Number == h.Number))
                        {
                            warn($"{id}: chapter {h.Number} appears twice");
                        }

                        chapters.Add((h.Number!, h.Title, []));
                        break;
                    case HeadingKind.Part:
                        part = h.Number;
                        heading = null;
                        if (chapters.Count == 0)
                        {
                            warn($"{id}: part {h.Number} stands in no chapter");
                        }
                        else
                        {
                            chapters[^1].Parts.Add(new ConstitutionPart(h.Number!, h.Title));
                        }

                        break;
                    case HeadingKind.Transitory:
                        (chapter, part, heading, transitory) = (null, null, null, true);
                        break;
                    default:
                        heading = h.Title;
                        break;
                }

                i = h.End;
                continue;
            }

            if (starts.TryGetValue(i, out var start))
            {
                Flush();
                current = start;
                paragraphs = [];
                place = (chapter, part, heading, transitory);
                if (!string.IsNullOrEmpty(start.Rest))
                {
                    paragraphs.Add(start.Rest);
                }

                continue;
            }

            if (lines[i].Kind != LineKind.Text)
            {
                continue;
            }

            if (paragraphs is null)
            {
                warn($"{id}: text outside any section skipped: {lines[i].Text[..Math.Min(60, lines[i].Text.Length)]}");
                continue;
            }

            paragraphs.Add(lines[i].Text);
        }

        Flush();
        RepairLineBreaks(id, sections, warn);
        var chapterList = chapters.Select(c => new ConstitutionChapter(c.Number, c.Title) { Parts = c.Parts.ToArray() }).ToArray();
        return (chapterList, sections);
    }

    private static void RepairLineBreaks(string id, List<ConstitutionSection> sections, Action<string> warn)
    {
        foreach (var fix in ConstitutionCatalog.LineBreaks.Where(f => f.InstrumentId == id))
        {
            var at = sections.FindIndex(s => s.Number == fix.Section);
            var p = at < 0 ? -1 : sections[at].Paragraphs.ToList().FindIndex(x => x.StartsWith(fix.ContinuationStart, StringComparison.Ordinal));
            if (p <= 0)
            {
                warn($"{id}: the known line break in section {fix.Section} ('{fix.ContinuationStart}') is not in the text any more");
                continue;
            }

            var paragraphs = sections[at].Paragraphs.ToList();
            paragraphs[p - 1] += paragraphs[p]; // Thai runs words together: no space at a mid-sentence break
            paragraphs.RemoveAt(p);
            sections[at] = sections[at] with { Paragraphs = paragraphs.ToArray() };
        }
    }

    private static int NextText(List<Line> lines, int from, int to)
    {
        for (var i = from; i < to && i < lines.Count; i++)
        {
            if (lines[i].Kind == LineKind.Text)
            {
                return i;
            }
        }

        return -1;
    }

    [GeneratedRegex(@"^มาตรา\s*(?<main>[๐-๙0-9]+)(?:\s*/\s*(?<sub>[๐-๙0-9]+))?(?:\s+(?<rest>\S.*))?$")]
    private static partial Regex SectionLine();

    // What follows a section number when it is a cross-reference, not a new section.
    [GeneratedRegex(@"^(วรรค|แห่ง|และ|หรือ|ถึง|ประกอบ|\(|ของ|ด้วย|นี้|ดังกล่าว|ดั่งกล่าว|ตาม|ซึ่ง|มาตรา)")]
    private static partial Regex ReferenceContinuation();

    [GeneratedRegex(@"^(?<kind>หมวดที่|หมวด|ส่วนที่)\s*(?<n>[๐-๙0-9]+)$")]
    private static partial Regex ChapterOrPart();

    [GeneratedRegex(@"^((หมวดที่|หมวด|ส่วนที่)\s*[๐-๙0-9]+|บทเฉพาะกาล|บททั่วไป)$")]
    private static partial Regex HeadingLine();

    [GeneratedRegex(@"^[๐-๙0-9]{1,2}\.\s*\S.{0,80}$")]
    private static partial Regex NumberedBody();

    [GeneratedRegex(@"^(ผู้รับสนอง|ประกาศ(มา)?\s*ณ\s*วันที่|\(พระบรมนามาภิธัย\))")]
    private static partial Regex Closing();

    [GeneratedRegex(@"^(ตราไว้|ให้ไว้)\s*ณ\s*วันที่")]
    private static partial Regex GivenDate();

    [GeneratedRegex(@"^(แก้ไขเพิ่มเติม|พุทธศักราช|\(ฉ)")]
    private static partial Regex TitleContinuation();

    [GeneratedRegex(@"^เป็นปีที่\s*[๐-๙0-9]+\s*ใน")]
    private static partial Regex ReignYear();
}
