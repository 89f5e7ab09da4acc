using Chantra.Domain.Constitution;
using Chantra.Search;
using Chantra.Sources.Constitution;

namespace Chantra.Tests.Constitution;

/// <summary>
/// What the search tests run on: the real import of the shipped texts (<see cref="ConstitutionLibrary"/>,
/// all 20 instruments plus 2560-current), and one default index built from it, shared by the test
/// classes (building takes a second or more: ICU word breaking of 1.2 million characters).
/// </summary>
public static class SearchTestSections
{
    private static readonly Lazy<ConstitutionLibrary> LazyLibrary = new(() => ConstitutionLibrary.Load());
    private static readonly Lazy<ConstitutionSearchIndex> LazyIndex = new(() => ConstitutionSearchIndex.Build(Documents));

    /// <summary>The imported library.</summary>
    public static ConstitutionLibrary Library => LazyLibrary.Value;

    /// <summary>Every instrument, oldest first, 2560-current last.</summary>
    public static IReadOnlyList<ConstitutionDocument> Documents => Library.All;

    /// <summary>Every section of every instrument.</summary>
    public static IReadOnlyList<ConstitutionSection> All => field ??= Documents.SelectMany(d => d.Sections).ToList();

    /// <summary>The index with the default options, built once for all the search tests.</summary>
    public static ConstitutionSearchIndex Index => LazyIndex.Value;

    /// <summary>A section by instrument and number (fails the test if it isn't there).</summary>
    public static ConstitutionSection Section(string constitutionId, string number) =>
        Library.GetSection(constitutionId, number) ?? throw new InvalidOperationException($"no section {constitutionId} s.{number}");
}
