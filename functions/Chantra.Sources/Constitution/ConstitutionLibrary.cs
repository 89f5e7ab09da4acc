using Chantra.Domain.Constitution;

namespace Chantra.Sources.Constitution;

/// <summary>
/// All the constitutions, held in memory once imported: look-up by id and section number (Thai or
/// Arabic digits), and the history of a section through the amendments. Immutable; safe to share.
/// </summary>
public sealed class ConstitutionLibrary
{
    private readonly Dictionary<string, ConstitutionDocument> _byId;
    private readonly Dictionary<string, Dictionary<string, ConstitutionSection>> _sections;
    private readonly Dictionary<string, string> _baseOf;

    public ConstitutionLibrary(ConstitutionImport import)
    {
        All = import.Documents;
        Amendments = import.Amendments;
        _byId = All.ToDictionary(d => d.Info.Id, StringComparer.Ordinal);
        _sections = All.ToDictionary(
            d => d.Info.Id,
            d => d.Sections.GroupBy(s => s.Number).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal),
            StringComparer.Ordinal);
        _baseOf = ConstitutionCatalog.Consolidations.ToDictionary(c => c.ResultId, c => c.BaseId, StringComparer.Ordinal);
    }

    /// <summary>Where the shipped texts are next to the binaries (Constitution/Data).</summary>
    public static string DefaultDataDirectory => Path.Combine(AppContext.BaseDirectory, "Constitution", "Data");

    /// <summary>Imports the folder (the shipped texts by default).</summary>
    public static ConstitutionLibrary Load(string? folder = null, Action<string>? warn = null) =>
        new(ConstitutionImporter.ImportAll(folder ?? DefaultDataDirectory, warn));

    /// <summary>Every document, oldest first, the text in force (<c>2560-current</c>) last.</summary>
    public IReadOnlyList<ConstitutionDocument> All { get; }

    /// <summary>The amendments, as read.</summary>
    public IReadOnlyList<ConstitutionAmendment> Amendments { get; }

    /// <summary>The text in force today.</summary>
    public ConstitutionDocument? Current => All.FirstOrDefault(d => d.Info.Current);

    public ConstitutionDocument? Get(string id) => _byId.GetValueOrDefault(id);

    /// <summary>A section by its number: "83", "๘๓", "มาตรา ๘๓", "256/1" all work.</summary>
    public ConstitutionSection? GetSection(string id, string number)
    {
        var key = ThaiText.NormalizeSectionNumber(number);
        return key is not null && _sections.TryGetValue(id, out var sections) ? sections.GetValueOrDefault(key) : null;
    }

    /// <summary>
    /// The versions of a section, oldest first: the text as the constitution was promulgated
    /// (changed by the constitution itself, since its promulgation), then one version for each
    /// amendment of that constitution that replaced it (changed by the amendment, since the day it
    /// was given). For 2560 and 2560-current the two are the same history. Empty when there is no
    /// such section.
    /// </summary>
    public IReadOnlyList<SectionVersion> History(string constitutionId, string number)
    {
        if (GetSection(constitutionId, number) is not { } section)
        {
            return [];
        }

        var baseId = _baseOf.GetValueOrDefault(constitutionId, constitutionId);
        var baseDocument = _byId[baseId];
        var original = GetSection(baseId, section.Number) ?? section;
        var versions = new List<SectionVersion>
        {
            new(constitutionId, section.Number, original.Text, baseId, baseDocument.Info.PromulgatedOn),
        };
        foreach (var amendment in Amendments.Where(a => a.BaseId == baseId))
        {
            foreach (var r in amendment.Replacements.Where(r => r.Number == section.Number))
            {
                versions.Add(new SectionVersion(constitutionId, section.Number, string.Join('\n', r.Paragraphs), amendment.Id, amendment.PromulgatedOn));
            }
        }

        return versions;
    }
}
