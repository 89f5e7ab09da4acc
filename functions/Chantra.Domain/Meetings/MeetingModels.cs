namespace Chantra.Domain.Meetings;

/// <summary>Which body met, as the heading of a meeting page names it.</summary>
public enum MeetingBody
{
    /// <summary>สภาผู้แทนราษฎร.</summary>
    House,

    /// <summary>วุฒิสภา.</summary>
    Senate,

    /// <summary>การประชุมร่วมกันของรัฐสภา (both houses together).</summary>
    JointSitting,

    /// <summary>สภานิติบัญญัติ (แห่งชาติ): the appointed legislatures that stood in for parliament.</summary>
    NationalLegislativeAssembly,

    /// <summary>A committee (คณะกรรมาธิการ) of the Senate.</summary>
    SenateCommittee,
}

/// <summary>The kind of session (สมัยประชุม) a sitting belongs to.</summary>
public enum SessionKind
{
    /// <summary>The page names no session, or one that says neither สามัญ nor วิสามัญ.</summary>
    Unknown,

    /// <summary>สมัยสามัญ (the ordinary annual sessions).</summary>
    Ordinary,

    /// <summary>สมัยวิสามัญ (an extraordinary session).</summary>
    Extraordinary,
}

/// <summary>
/// One piece of business on a sitting's agenda (เรื่องที่พิจารณา).
/// </summary>
/// <remarks>
/// The archive types the agenda as free HTML. How it is cut into items (the parser applies this):
/// <list type="number">
/// <item>The agenda is read as lines: a line ends at a line break and at the edge of a block
/// (paragraph, div, list item, table row).</item>
/// <item>A line whose text is all bold and carries no item marker is a group heading
/// (<see cref="Heading"/>, e.g. "กระทู้ถามสดด้วยวาจา", "เรื่องด่วน"); bold lines that follow one
/// another with nothing between them are one heading (bold is &lt;b&gt;, &lt;strong&gt; or a style
/// "font-weight: bold/700"; every heading of the 40 detail fragments is bold one way or the other).
/// Older pages (2547) set headings plain or coloured, so a plain line is a heading too when it is one
/// of the House's standard agenda sections (เรื่องที่ประธานแจ้งต่อที่ประชุม, รับรองรายงานการประชุม,
/// กระทู้ถาม…, เรื่องด่วน, ญัตติด่วน, เรื่องที่คณะกรรมาธิการพิจารณาเสร็จแล้ว, เรื่องที่ค้างพิจารณา,
/// เรื่องที่เสนอใหม่, เรื่องอื่น ๆ, …), or when it is short and a new list starts right after it
/// (an item "๑." or, when the item before was not a dash item, a dash).</item>
/// <item>Inside a group, a line "๑." / "1." (a number and a full stop) starts an item, always.
/// A dash line ("- …") starts an item too, unless the current item is a numbered one: then it
/// is one of that item's sub-points. Lines "๑)", "(๑)" and "๒.๑" are sub-points of the current
/// item. Sub-points and plain lines are added to the current item's title.</item>
/// <item>An item that announces a count ("… จำนวน ๒ เรื่อง", "… จำนวน ๒ กระทู้ คือ") and is directly
/// followed by a list that starts (a dash, or a number one in any style) takes the next that-many
/// marked lines as its sub-points, whatever their markers.</item>
/// <item>A plain line where the group has no item yet starts an unnumbered item; a heading under
/// which no item follows is an item itself (e.g. "เชิญพระบรมราชโองการประกาศพระราชกฤษฎีกาปิดประชุม…"),
/// with no heading. A line that is only a dash ("-", the archive's way of saying "nothing") is
/// no item.</item>
/// </list>
/// </remarks>
/// <param name="Number">The item's number within its group ("๑." is 1); null for dash and unnumbered items.</param>
/// <param name="Heading">The group the item sits under, or null before the first heading.</param>
/// <param name="Title">The item's text with its sub-points, whitespace collapsed, digits as typed.</param>
public sealed record AgendaItem(int? Number, string? Heading, string Title);

/// <summary>One vote sheet (ใบประมวลผลการลงมติ): a PDF of a quorum check or of a vote's result.</summary>
/// <param name="Title">What was voted on: the bill or motion the sheet sits under, or the sheet's own text without its trailing "(ผลการลงมติ)"-style notes.</param>
/// <param name="Section">The part of the bill: "มาตรา 16/1 …", "ชื่อร่าง", "คำปรารภ", "ข้อสังเกต" (Arabic digits); null when the sheet is about the whole.</param>
/// <param name="Reading">The reading (วาระที่) when the page names it.</param>
/// <param name="PdfUrl">The sheet, absolute; null when the link has no address.</param>
/// <param name="Label">The link's own text, whitespace collapsed (e.g. "ผลการลงมติ", "- มาตรา ๑ (การตรวจสอบองค์ประชุม)").</param>
public sealed record MeetingVote(string Title, string? Section, int? Reading, Uri? PdfUrl, string Label);

/// <summary>A document of the sitting (บันทึกการประชุม, รายงานการประชุม, สรุปการประชุม…).</summary>
public sealed record MeetingDocument(string Title, Uri? Url);

/// <summary>What one MSBIS meeting page says about one sitting.</summary>
/// <param name="SourceId">The page's <c>mid</c> (or <c>m_id</c> of the outer page).</param>
/// <param name="Body">The body that met.</param>
/// <param name="Term">ชุดที่ (the House's term), when the breadcrumb names it.</param>
/// <param name="Year">ปีที่ (the year of the term), when the breadcrumb names it.</param>
/// <param name="BuddhistEraYear">The calendar year "ปี ๒๕๖๒" that joint sittings and the
/// legislative assembly are filed under instead of a term (Buddhist era, Arabic digits).</param>
/// <param name="Session">The session as the breadcrumb names it, e.g. "สมัยสามัญประจำปีครั้งที่สอง".</param>
/// <param name="SessionKind">Ordinary (สามัญ) or extraordinary (วิสามัญ).</param>
/// <param name="SittingNumber">"25", or "25/2482" (Arabic digits), without "เป็นพิเศษ"; null when the line names no number (a ceremony).</param>
/// <param name="Special">The sitting is "(เป็นพิเศษ)", an extra sitting outside the usual days.</param>
/// <param name="SittingLine">The sitting line as the page shows it, whitespace collapsed.</param>
/// <param name="Start">The first day and the start time, +07:00; midnight when the page gives no time.</param>
/// <param name="End">The last day and the end time, +07:00 (the next day when the page says "ของวันที่ …"
/// or when the end time is before the start time); null when the page gives no end time.</param>
/// <param name="TimesGiven">The page gave a start time (false: <see cref="Start"/> is at midnight only to carry the date).</param>
public sealed record MeetingPage(
    string SourceId,
    MeetingBody Body,
    int? Term,
    int? Year,
    int? BuddhistEraYear,
    string? Session,
    SessionKind SessionKind,
    string? SittingNumber,
    bool Special,
    string SittingLine,
    DateTimeOffset Start,
    DateTimeOffset? End,
    bool TimesGiven,
    IReadOnlyList<AgendaItem> AgendaItems,
    IReadOnlyList<MeetingVote> Votes,
    IReadOnlyList<MeetingDocument> Documents);
