using Chantra.Domain.Constitution;

namespace Chantra.Sources.Constitution;

/// <summary>
/// An amendment of a constitution, as read from its text: its own sections, and the new wording of
/// each section it replaces ("ให้ยกเลิกความในมาตรา ๘๓ … และให้ใช้ความต่อไปนี้แทน").
/// </summary>
/// <param name="Id">Stable id, e.g. <c>2560-amendment-1-2564</c>.</param>
/// <param name="BaseId">The constitution it amends, e.g. <c>2560</c>.</param>
/// <param name="Title">The Thai title as promulgated.</param>
/// <param name="PromulgatedOn">The day it was given (ให้ไว้ ณ วันที่ …), Gregorian.</param>
/// <param name="Sections">The amendment's own sections (its มาตรา ๑, ๒, …).</param>
/// <param name="Replacements">The sections of the base it replaces, with their new paragraphs, in order.</param>
public sealed record ConstitutionAmendment(
    string Id,
    string BaseId,
    string Title,
    DateOnly? PromulgatedOn,
    IReadOnlyList<ConstitutionSection> Sections,
    IReadOnlyList<SectionReplacement> Replacements);

/// <summary>The new wording of one section, as an amendment gives it.</summary>
/// <param name="Number">The section replaced (Arabic digits).</param>
/// <param name="Paragraphs">Its new paragraphs, without the quotation marks and the "มาตรา n" of the quote.</param>
/// <param name="AmendingSection">The amendment's own section that replaces it.</param>
public sealed record SectionReplacement(string Number, IReadOnlyList<string> Paragraphs, string AmendingSection);
