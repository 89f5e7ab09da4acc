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
}

/// <summary>A chapter (หมวด): its number as written (Arabic digits) and its title.</summary>
public sealed record ConstitutionChapter(string Number, string Title);

/// <summary>A whole instrument.</summary>
public sealed record ConstitutionDocument(
    ConstitutionInfo Info,
    string Preamble,
    IReadOnlyList<ConstitutionChapter> Chapters,
    IReadOnlyList<ConstitutionSection> Sections,
    string? Countersignature);

/// <summary>One version of a section in its history: the text, and the instrument that made it so.</summary>
public sealed record SectionVersion(string ConstitutionId, string Number, string Text, string ChangedBy, DateOnly? Since);
