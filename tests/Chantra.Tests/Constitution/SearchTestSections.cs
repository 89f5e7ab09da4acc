using System.Text.RegularExpressions;
using Chantra.Domain.Constitution;

namespace Chantra.Tests.Constitution;

/// <summary>
/// The sections the search tests run on. Until the constitution importer lands (Chantra.Sources'
/// ConstitutionLibrary) this is a deliberately simple splitter of its own over the shipped texts
/// (Chantra.Sources/Constitution/Data, copied next to the test binaries): a section starts at a line
/// "มาตรา &lt;Thai digits&gt;", chapters at "หมวด n", parts at "ส่วนที่ n", the transitory provisions at
/// "บทเฉพาะกาล"; the text ends at the countersignature. Ids as in the importer's catalogue, plus
/// 2560-current (2560 with sections 83, 86 and 91 replaced by Amendment No. 1 of 2564).
/// </summary>
public static partial class SearchTestSections
{
    private static readonly (string Id, string File, int Year)[] Instruments =
    [
        ("2475-provisional", "พระราชบัญญัติธรรมนูญการปกครองแผ่นดินสยามชั่วคราว2475.txt", 2475),
        ("2475", "รัฐธรรมนูญ2475.txt", 2475),
        ("2489", "รัฐธรรมนูญ2489.txt", 2489),
        ("2490", "รัฐธรรมนูญฉะบับชั่วคราว2490.txt", 2490),
        ("2492", "รัฐธรรมนูญ2492.txt", 2492),
        ("2475-amended-2495", "รัฐธรรมนูญแห่งราชอาณาจักรไทย พุทธศักราช 2475 แก้ไขเพิ่มเติม พุทธศักราช 2495.txt", 2495),
        ("2502", "ธรรมนูญการปกครองราชอาณาจักร พุทธศักราช 2502.txt", 2502),
        ("2511", "รัฐธรรมนูญ2511.txt", 2511),
        ("2515", "ธรรมนูญการปกครองราชอาณาจักร พุทธศักราช 2515.txt", 2515),
        ("2517", "รัฐธรรมนูญ2517.txt", 2517),
        ("2519", "รัฐธรรมนูญ2519.txt", 2519),
        ("2520", "ธรรมนูญการปกครองราชอาณาจักร พุทธศักราช 2520.txt", 2520),
        ("2521", "รัฐธรรมนูญ2521.txt", 2521),
        ("2534-charter", "ธรรมนูญการปกครองราชอาณาจักร พุทธศักราช 2534.txt", 2534),
        ("2534", "รัฐธรรมนูญ2534.txt", 2534),
        ("2540", "รัฐธรรมนูญ2540.txt", 2540),
        ("2549", "รัฐธรรมนูญแห่งราชอาณาจักรไทย (ฉบับชั่วคราว) พุทธศักราช 2549.txt", 2549),
        ("2550", "รัฐธรรมนูญ2550.txt", 2550),
        ("2557", "รัฐธรรมนูญแห่งราชอาณาจักรไทย (ฉบับชั่วคราว) พุทธศักราช 2557.txt", 2557),
        ("2560", "รัฐธรรมนูญ2560.txt", 2560),
    ];

    private const string Amendment2564 = "รัฐธรรมนูญแห่งราชอาณาจักรไทย แก้ไขเพิ่มเติม (ฉบับที่ ๑) พุทธศักราช ๒๕๖๔.txt";

    private static readonly Lazy<IReadOnlyList<ConstitutionDocument>> AllDocuments = new(Load);

    /// <summary>Every instrument (chapters with their titles and parts), plus 2560-current.</summary>
    public static IReadOnlyList<ConstitutionDocument> Documents => AllDocuments.Value;

    /// <summary>Every section of every instrument, plus 2560-current.</summary>
    public static IReadOnlyList<ConstitutionSection> All => field ??= Documents.SelectMany(d => d.Sections).ToList();

    [GeneratedRegex(@"^\s*“?มาตรา\s+([๐-๙0-9]+(?:/[๐-๙0-9]+)?)\s*(.*)$")]
    private static partial Regex SectionLine();

    [GeneratedRegex(@"^\s*หมวด\s+([๐-๙0-9]+)\s*$")]
    private static partial Regex ChapterLine();

    [GeneratedRegex(@"^\s*ส่วนที่\s+([๐-๙0-9]+)\s*$")]
    private static partial Regex PartLine();

    /// <summary>The folder of the texts: next to the binaries, else in the repository, else the team's shared copy.</summary>
    public static string DataDirectory()
    {
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, "Constitution", "Data") };
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            candidates.Add(Path.Combine(dir.FullName, "functions", "Chantra.Sources", "Constitution", "Data"));
            candidates.Add(Path.Combine(dir.FullName, "shared", "data", "constitutions"));
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, Instruments[^1].File)))
            ?? throw new DirectoryNotFoundException("constitution texts not found");
    }

    private static IReadOnlyList<ConstitutionDocument> Load()
    {
        var dir = DataDirectory();
        var all = new List<ConstitutionDocument>();
        foreach (var (id, file, year) in Instruments)
        {
            var chapters = new List<ConstitutionChapter>();
            var sections = Split(id, year, File.ReadAllLines(Path.Combine(dir, file)), chapters: chapters);
            all.Add(new ConstitutionDocument(
                new ConstitutionInfo(id, id, year, null, id.Contains("provisional") || id is "2549" or "2557", false, sections.Count),
                string.Empty,
                chapters,
                sections,
                null));
        }

        // 2560-current: 2560 with the sections the 2564 amendment replaces.
        var replaced = Split("2560-current", 2560, File.ReadAllLines(Path.Combine(dir, Amendment2564)), quotedOnly: true)
            .ToDictionary(s => s.Number);
        var base2560 = all.Single(d => d.Info.Id == "2560");
        var current = base2560.Sections.Select(s =>
            replaced.TryGetValue(s.Number, out var r)
                ? s with { ConstitutionId = "2560-current", Paragraphs = r.Paragraphs }
                : s with { ConstitutionId = "2560-current" }).ToList();
        all.Add(base2560 with { Info = base2560.Info with { Id = "2560-current", Current = true }, Sections = current });
        return all;
    }

    /// <summary>Splits one text into sections (with <paramref name="quotedOnly"/>: only the quoted “มาตรา …” of an amendment).</summary>
    public static List<ConstitutionSection> Split(string id, int year, IEnumerable<string> lines, bool quotedOnly = false, List<ConstitutionChapter>? chapters = null)
    {
        chapters ??= [];
        var titleOf = string.Empty; // "chapter" or "part": what the next line titles
        var sections = new List<ConstitutionSection>();
        string? chapter = null;
        string? part = null;
        var transitory = false;
        var skipTitle = false;
        string? number = null;
        var paragraphs = new List<string>();

        void Flush()
        {
            if (number is not null && paragraphs.Count > 0)
            {
                sections.Add(new ConstitutionSection(id, year, number, transitory ? null : chapter, transitory ? null : part, transitory, paragraphs.ToList()));
            }

            number = null;
            paragraphs.Clear();
        }

        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("ผู้รับสนองพระบรมราชโองการ", StringComparison.Ordinal))
            {
                break;
            }

            if (SectionLine().Match(line) is { Success: true } m)
            {
                Flush();
                skipTitle = false;
                if (quotedOnly && !line.StartsWith('“'))
                {
                    continue;
                }

                number = Chantra.Domain.Text.ThaiText.ToArabicDigits(m.Groups[1].Value);
                var first = m.Groups[2].Value.Trim().TrimEnd('”');
                if (first.Length > 0)
                {
                    paragraphs.Add(first);
                }

                continue;
            }

            if (ChapterLine().Match(line) is { Success: true } c)
            {
                Flush();
                chapter = Chantra.Domain.Text.ThaiText.ToArabicDigits(c.Groups[1].Value);
                part = null;
                transitory = false;
                skipTitle = true;
                titleOf = "chapter";
                continue;
            }

            if (PartLine().Match(line) is { Success: true } p)
            {
                Flush();
                part = Chantra.Domain.Text.ThaiText.ToArabicDigits(p.Groups[1].Value);
                skipTitle = true;
                titleOf = "part";
                continue;
            }

            if (line == "บทเฉพาะกาล")
            {
                Flush();
                transitory = true;
                continue;
            }

            if (skipTitle)
            {
                skipTitle = false; // the chapter's or part's title
                if (titleOf == "chapter" && chapter is not null)
                {
                    chapters.Add(new ConstitutionChapter(chapter, line));
                }
                else if (titleOf == "part" && chapters.Count > 0 && part is not null)
                {
                    chapters[^1] = chapters[^1] with { Parts = [.. chapters[^1].Parts, new ConstitutionPart(part, line)] };
                }

                continue;
            }

            if (number is not null)
            {
                paragraphs.Add(line.TrimEnd('”'));
            }
        }

        Flush();
        return sections;
    }
}
