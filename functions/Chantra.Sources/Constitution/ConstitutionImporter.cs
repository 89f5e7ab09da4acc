using System.Text;
using System.Text.RegularExpressions;
using Chantra.Domain.Constitution;

namespace Chantra.Sources.Constitution;

/// <summary>Everything the data folder holds: the documents (the 20 instruments and the consolidated current text) and the amendments.</summary>
public sealed record ConstitutionImport(IReadOnlyList<ConstitutionDocument> Documents, IReadOnlyList<ConstitutionAmendment> Amendments);

/// <summary>
/// Reads the folder of constitution texts (see Data/README.md; the files and ids are the table in
/// <see cref="ConstitutionCatalog"/>) into documents, section by section, and applies the
/// amendments to build the text in force (<c>2560-current</c>). Plain files in, records out: no
/// Azure, no network. A file of the catalog that is missing stops the import; anything doubtful in a
/// text is reported through <c>warn</c> and the import goes on.
/// </summary>
public static partial class ConstitutionImporter
{
    /// <summary>The documents, oldest first, the consolidated current text last.</summary>
    public static IReadOnlyList<ConstitutionDocument> Import(string folder, Action<string>? warn = null) =>
        ImportAll(folder, warn).Documents;

    /// <summary>The documents and the amendments.</summary>
    public static ConstitutionImport ImportAll(string folder, Action<string>? warn = null)
    {
        warn ??= _ => { };
        var files = FilesByName(folder, warn);
        var documents = new List<ConstitutionDocument>();
        foreach (var entry in ConstitutionCatalog.Instruments)
        {
            documents.Add(ParseDocument(entry.Id, entry.YearBe, ReadText(files, folder, entry.FileName), warn));
        }

        var amendments = ConstitutionCatalog.Amendments
            .Select(a => ParseAmendment(a.Id, a.BaseId, ReadText(files, folder, a.FileName), warn))
            .ToList();

        foreach (var consolidation in ConstitutionCatalog.Consolidations)
        {
            var baseDocument = documents.Single(d => d.Info.Id == consolidation.BaseId);
            documents.Add(Consolidate(baseDocument, consolidation.ResultId, amendments.Where(a => a.BaseId == consolidation.BaseId), warn));
        }

        return new ConstitutionImport(documents, amendments);
    }

    /// <summary>One instrument's text as a document.</summary>
    internal static ConstitutionDocument ParseDocument(string id, int yearBe, string text, Action<string> warn)
    {
        var parsed = InstrumentParser.Parse(id, yearBe, text, warn);
        if (parsed.PromulgatedOn is { } date && ThaiYear(date) != yearBe)
        {
            warn($"{id}: the text's date {date:yyyy-MM-dd} is not in B.E. {yearBe}");
        }

        // ธรรมนูญการปกครอง… (a charter) and ฉบับชั่วคราว / ฉะบับชั่วคราว (interim) are provisional.
        var provisional = parsed.Title.Contains("ธรรมนูญการปกครอง", StringComparison.Ordinal)
            || parsed.Title.Contains("ชั่วคราว", StringComparison.Ordinal);
        var info = new ConstitutionInfo(id, parsed.Title, yearBe, parsed.PromulgatedOn, provisional, Current: false, parsed.Sections.Count);
        return new ConstitutionDocument(info, parsed.Preamble, parsed.Chapters, parsed.Sections, parsed.Countersignature);
    }

    /// <summary>
    /// An amendment's text: its own sections, and from each section that reads "ให้ยกเลิกความใน
    /// มาตรา n ของรัฐธรรมนูญ… และให้ใช้ความต่อไปนี้แทน" the quoted new wording of section n.
    /// </summary>
    internal static ConstitutionAmendment ParseAmendment(string id, string baseId, string text, Action<string> warn)
    {
        var parsed = InstrumentParser.Parse(id, 0, text, warn);
        var replacements = new List<SectionReplacement>();
        foreach (var section in parsed.Sections)
        {
            var instruction = section.Paragraphs.Count == 0 ? null : section.Paragraphs[0];
            var m = instruction is null ? Match.Empty : ReplaceInstruction().Match(instruction);
            if (!m.Success)
            {
                if (instruction is not null && OtherInstruction().IsMatch(instruction))
                {
                    warn($"{id}: section {section.Number} changes the constitution in a way the importer does not apply: {instruction}");
                }

                continue;
            }

            var number = ThaiText.NormalizeSectionNumber(m.Groups["n"].Value)!;
            var quoted = section.Paragraphs.Skip(1).ToList();
            var head = quoted.Count == 0 ? Match.Empty : QuotedSectionHead().Match(quoted[0]);
            if (!head.Success || ThaiText.NormalizeSectionNumber(head.Groups["n"].Value) != number)
            {
                warn($"{id}: section {section.Number} replaces section {number} but does not quote it as “มาตรา {number} …”");
                continue;
            }

            quoted[0] = quoted[0][head.Length..];
            var close = quoted.FindIndex(p => p.EndsWith('”'));
            if (close < 0)
            {
                warn($"{id}: the new wording of section {number} has no closing quotation mark; taken to the end of section {section.Number}");
                close = quoted.Count - 1;
            }
            else if (close < quoted.Count - 1)
            {
                warn($"{id}: section {section.Number} has text after the quoted section {number}; left out of the new wording");
            }

            quoted = quoted.Take(close + 1).ToList();
            quoted[^1] = quoted[^1].TrimEnd('”').TrimEnd();
            replacements.Add(new SectionReplacement(number, quoted, section.Number));
        }

        if (replacements.Count == 0)
        {
            warn($"{id}: no replaced section found");
        }

        var sections = parsed.Sections.Select(s => s with { YearBe = parsed.PromulgatedOn is { } d ? ThaiYear(d) : 0 }).ToList();
        return new ConstitutionAmendment(id, baseId, parsed.Title, parsed.PromulgatedOn, sections, replacements);
    }

    /// <summary>The text in force: the base document with every section the amendments replace, in order.</summary>
    internal static ConstitutionDocument Consolidate(ConstitutionDocument baseDocument, string resultId, IEnumerable<ConstitutionAmendment> amendments, Action<string> warn)
    {
        var sections = baseDocument.Sections.Select(s => s with { ConstitutionId = resultId }).ToList();
        foreach (var amendment in amendments)
        {
            foreach (var r in amendment.Replacements)
            {
                var at = sections.FindIndex(s => s.Number == r.Number);
                if (at < 0)
                {
                    warn($"{amendment.Id}: replaces section {r.Number}, which {baseDocument.Info.Id} does not have");
                    continue;
                }

                sections[at] = sections[at] with { Paragraphs = r.Paragraphs };
            }
        }

        var info = baseDocument.Info with { Id = resultId, Current = true, SectionCount = sections.Count };
        return baseDocument with { Info = info, Sections = sections };
    }

    /// <summary>The Buddhist-era year of a Gregorian date (from 2484 on, when the year begins on 1 January).</summary>
    private static int ThaiYear(DateOnly date) => date.Year < 1941 && date.Month <= 3 ? date.Year + 542 : date.Year + 543;

    private static Dictionary<string, string> FilesByName(string folder, Action<string> warn)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The constitution data folder '{folder}' does not exist.");
        }

        // Compared in NFC: a file copied through a system that stores names decomposed is still found.
        var files = Directory.EnumerateFiles(folder, "*.txt")
            .ToDictionary(p => Path.GetFileName(p).Normalize(NormalizationForm.FormC), p => p, StringComparer.Ordinal);
        var known = ConstitutionCatalog.Instruments.Select(i => i.FileName)
            .Concat(ConstitutionCatalog.Amendments.Select(a => a.FileName))
            .Select(n => n.Normalize(NormalizationForm.FormC))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var extra in files.Keys.Where(n => !known.Contains(n)))
        {
            warn($"'{extra}' in the constitution data folder is in no catalog row; not read");
        }

        return files;
    }

    private static string ReadText(Dictionary<string, string> files, string folder, string fileName) =>
        files.TryGetValue(fileName.Normalize(NormalizationForm.FormC), out var path)
            ? File.ReadAllText(path, Encoding.UTF8)
            : throw new FileNotFoundException($"The constitution text '{fileName}' is not in '{folder}'.", fileName);

    [GeneratedRegex(@"ให้ยกเลิกความในมาตรา\s*(?<n>[๐-๙0-9]+(?:\s*/\s*[๐-๙0-9]+)?)\s*(?:ของ|แห่ง)\s*รัฐธรรมนูญ.*และให้ใช้ความต่อไปนี้แทน")]
    private static partial Regex ReplaceInstruction();

    [GeneratedRegex(@"^(ให้ยกเลิก|ให้เพิ่ม|ให้แก้)")]
    private static partial Regex OtherInstruction();

    [GeneratedRegex(@"^“\s*มาตรา\s*(?<n>[๐-๙0-9]+(?:\s*/\s*[๐-๙0-9]+)?)\s+")]
    private static partial Regex QuotedSectionHead();
}
