namespace Chantra.Domain.Constitution;

/// <summary>One constitution or charter (2475–2560), as the list shows it.</summary>
/// <param name="Id">Stable id, e.g. <c>2560</c>, <c>2560-current</c>, <c>2475-provisional</c>, <c>2549-interim</c>.</param>
/// <param name="Title">The Thai title as promulgated.</param>
/// <param name="YearBe">Year of promulgation, Buddhist era.</param>
/// <param name="PromulgatedOn">The day it was promulgated (Gregorian), when the text says.</param>
/// <param name="Provisional">A provisional charter (ธรรมนูญการปกครอง, ฉบับชั่วคราว).</param>
/// <param name="Current">The text in force today (2560 with its amendments).</param>
public sealed record ConstitutionInfo(string Id, string Title, int YearBe, DateOnly? PromulgatedOn, bool Provisional, bool Current, int SectionCount);

/// <summary>
/// One section (มาตรา) with where it stands: its chapter (หมวด) and part (ส่วน), or the transitory
/// provisions (บทเฉพาะกาล). <see cref="Number"/> is in Arabic digits and may carry a slash ("256/1").
/// <see cref="Paragraphs"/> are the section's paragraphs (วรรค) in order, numbered items kept as lines.
/// </summary>
public sealed record ConstitutionSection(
    string ConstitutionId,
    int YearBe,
    string Number,
    string? Chapter,
    string? Part,
    bool Transitory,
    IReadOnlyList<string> Paragraphs)
{
    /// <summary>The whole text of the section, paragraphs separated by a line break.</summary>
    public string Text => string.Join('\n', Paragraphs);

    /// <summary>
    /// An unnumbered heading the section stands under, as written, when there is one: บททั่วไป before
    /// หมวด ๑ in 2475, 2489 and 2490, or the numbered bodies in 2550's หมวด ๑๑ ("๑. คณะกรรมการการเลือกตั้ง").
    /// <see cref="Chapter"/> and <see cref="Part"/> hold the numbers (Arabic digits) of the chapter and
    /// part; their titles are in <see cref="ConstitutionDocument.Chapters"/>.
    /// </summary>
    public string? Heading { get; init; }
}

/// <summary>A chapter (หมวด): its number as written (Arabic digits) and its title.</summary>
public sealed record ConstitutionChapter(string Number, string Title)
{
    /// <summary>The chapter's parts (ส่วนที่), in order; empty when it has none.</summary>
    public IReadOnlyList<ConstitutionPart> Parts { get; init; } = [];
}

/// <summary>A part (ส่วนที่) of a chapter: its number (Arabic digits) and its title.</summary>
public sealed record ConstitutionPart(string Number, string Title);

/// <summary>A whole instrument.</summary>
public sealed record ConstitutionDocument(
    ConstitutionInfo Info,
    string Preamble,
    IReadOnlyList<ConstitutionChapter> Chapters,
    IReadOnlyList<ConstitutionSection> Sections,
    string? Countersignature)
{
    /// <summary>The chapter a section stands in, or null (no chapter, or transitory provisions).</summary>
    public ConstitutionChapter? ChapterOf(ConstitutionSection section) =>
        section.Chapter is null ? null : Chapters.FirstOrDefault(c => c.Number == section.Chapter);

    /// <summary>The part (ส่วนที่) of its chapter a section stands in, or null.</summary>
    public ConstitutionPart? PartOf(ConstitutionSection section) =>
        section.Part is null ? null : ChapterOf(section)?.Parts.FirstOrDefault(p => p.Number == section.Part);
}

/// <summary>One version of a section in its history: the text, and the instrument that made it so.</summary>
public sealed record SectionVersion(string ConstitutionId, string Number, string Text, string ChangedBy, DateOnly? Since);
