using Chantra.Domain.Constitution;
using Chantra.Search;

namespace Chantra.Functions.Constitution;

/// <summary>An instrument in the list.</summary>
public sealed record ConstitutionSummaryDto(string Id, string Title, int Year, bool Provisional, int SectionCount, bool Current, string? PromulgatedOn, string? PromulgatedOnThai)
{
    public static ConstitutionSummaryDto From(ConstitutionInfo i) => new(i.Id, i.Title, i.YearBe, i.Provisional, i.SectionCount, i.Current,
        i.PromulgatedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        i.PromulgatedOn is { } d ? Domain.Text.ThaiText.ToBuddhistEraDate(d) : null);
}

/// <summary>A section with where it stands.</summary>
public sealed record SectionDto(string ConstitutionId, int Year, string Number, string? Chapter, string? ChapterTitle, string? Part, string? PartTitle, bool Transitory, IReadOnlyList<string> Paragraphs)
{
    public static SectionDto From(ConstitutionDocument d, ConstitutionSection s) => new(
        s.ConstitutionId, s.YearBe, s.Number, s.Chapter, d.ChapterOf(s)?.Title, s.Part, d.PartOf(s)?.Title, s.Transitory, s.Paragraphs);
}

/// <summary>A whole instrument.</summary>
public sealed record ConstitutionDto(ConstitutionSummaryDto Info, string Preamble, IReadOnlyList<ChapterDto> Chapters, IReadOnlyList<SectionDto> Sections, string? Countersignature)
{
    public static ConstitutionDto From(ConstitutionDocument d) => new(
        ConstitutionSummaryDto.From(d.Info), d.Preamble,
        d.Chapters.Select(c => new ChapterDto(c.Number, c.Title, c.Parts.Select(p => new PartDto(p.Number, p.Title)).ToList())).ToList(),
        d.Sections.Select(s => SectionDto.From(d, s)).ToList(), d.Countersignature);
}

public sealed record ChapterDto(string Number, string Title, IReadOnlyList<PartDto> Parts);

public sealed record PartDto(string Number, string Title);

/// <summary>A search hit. The snippet marks matched words with « and ».</summary>
public sealed record SearchHitDto(string ConstitutionId, int Year, string Section, string? Chapter, string Snippet, double Score, bool SectionJump)
{
    public static SearchHitDto From(ConstitutionSearchHit h) =>
        new(h.ConstitutionId, h.YearBe, h.Number, h.Chapter, h.Snippet, h.IsSectionJump ? 1_000_000 : Math.Round(h.Score, 4), h.IsSectionJump);
}

/// <summary>A section with the matching sections of the other constitutions.</summary>
public sealed record SectionDetailDto(SectionDto Section, IReadOnlyList<SearchHitDto> AcrossVersions);

/// <summary>One version of a section.</summary>
public sealed record SectionVersionDto(string ConstitutionId, string Number, string Text, string ChangedBy, string? Since);

/// <summary>Two sections and the word-level difference from a to b.</summary>
public sealed record CompareDto(SectionDto A, SectionDto B, IReadOnlyList<DiffSegmentDto> Diff);

/// <summary><c>op</c> is equal, added (in b only) or removed (in a only).</summary>
public sealed record DiffSegmentDto(string Op, string Text);
