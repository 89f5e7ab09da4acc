using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Chantra.Domain.Bills;
using Chantra.Domain.Sources;
using Chantra.Sources.News;
using ThaiText = Chantra.Domain.Text.ThaiText;

namespace Chantra.Sources.Live;

/// <summary>One bill as its LIS detail page shows it.</summary>
/// <param name="DocId">The site's id of the page (<c>DOC_ID</c>), as the caller asked for it.</param>
/// <param name="Title">The bill's title (the page heading), normalised: Arabic digits, single spaces.</param>
/// <param name="AcceptanceNumber">The House's acceptance number (เลขรับ), Arabic digits; null when the page gives none.</param>
/// <param name="Proposer">Who proposed the bill (ผู้เสนอ); null when the page gives none.</param>
/// <param name="Steps">The steps the page records, in date order (page order for steps on the same day or undated).</param>
/// <param name="GazetteUrl">The Royal Gazette PDF, once the law is published.</param>
/// <param name="MergedInto">The main bill this one was merged into: its DOC_ID when linked, else its title.</param>
public sealed record LisBillDetail(
    string DocId,
    string Title,
    string? AcceptanceNumber,
    string? Proposer,
    IReadOnlyList<SourceStep> Steps,
    string? GazetteUrl,
    string? MergedInto);

/// <summary>
/// Reads one LIS bill detail page (<c>lis.parliament.go.th/index/search_advance_detail_view.php?DOC_ID={n}</c>,
/// the link <see cref="LisBillListParser"/> reads). Built from the structure documented in shared/SOURCES.md
/// (no real page held yet); every assumption about the layout is a named member here, marked <c>Layout:</c>.
/// </summary>
/// <remarks>
/// <para>
/// Returns null for the empty template (an <c>h3.heading</c> with no title: what a PHP detail page
/// typically answers, with 200, for a DOC_ID it does not know), as <see cref="Meetings.MsbisPageParser"/>
/// does for MSBIS. Throws <see cref="SourceLayoutException"/> when the heading is missing, or when a
/// titled page has no section (a <c>nav</c> title followed by a table) after it.
/// </para>
/// <para>
/// Each known section becomes zero or more steps whose Thai text is composed so that
/// <see cref="BillStatusClassifier"/> maps it to the stage the section stands for (the texts are fixed
/// phrases, so a step keeps its <see cref="SourceStep.Key"/> across scrapes: the presentation to the King stays
/// one phrase when the decision is filled in later). Where a step carries free text written with it (the
/// proposer, a lapse reason, the main bill's title, a withheld assent), the text is kept only when it does
/// not change the step's classification: a reason that happens to say "ประกาศในราชกิจจานุเบกษา" must not
/// make a lapsed bill look enacted. Sections with only placeholders ("-", "ไม่มี") give no step; sections
/// with unknown titles are ignored.
/// </para>
/// </remarks>
public static partial class LisBillDetailParser
{
    public const string SourceName = "lis";

    /// <summary>Step texts other sources use for the same steps (the Senate list's documents, the Gazette
    /// listing), so one step reported by two sources is recognised as one.</summary>
    public const string SenateAcceptedText = "วุฒิสภาลงมติรับหลักการ วาระที่ 1";

    public const string SenateCommitteeDoneText = "คณะกรรมาธิการวุฒิสภาพิจารณาเสร็จแล้ว";

    public const string SenateApprovedText = "วุฒิสภาลงมติเห็นชอบ วาระที่ 3";

    /// <summary>The Senate passed the bill with amendments: it goes back to the House. Worded as <see cref="SenateApprovedText"/>
    /// with more words, so the Senate list's "approved" document for the same vote is recognised as this step.</summary>
    public const string SenateAmendedText = SenateApprovedText + " โดยมีการแก้ไขเพิ่มเติม ส่งคืนสภาผู้แทนราษฎร";

    public const string GazetteText = "ประกาศในราชกิจจานุเบกษา";

    /// <summary>Where relative links (Gazette PDFs, other bills' DOC_ID links) resolve when the caller gives no page URL.</summary>
    public static readonly Uri PageBase = new("https://lis.parliament.go.th/index/search_advance_detail_view.php");

    // ---- The page's frame -----------------------------------------------------------------

    /// <summary>Layout: the bill's title is the text of <c>h3.heading</c>; the empty template keeps the heading, empty.</summary>
    private const string HeadingSelector = "h3.heading";

    /// <summary>
    /// Layout: after the heading, in document order, sections alternate a <c>nav</c> holding the section's
    /// title and a <c>table</c> of rows. Elements before the heading (a site navbar is a <c>nav</c> too) are not
    /// read. Tables between the heading and the first <c>nav</c> hold the bill's own data (<see cref="AcceptanceLabel"/> …).
    /// Several tables under one title are read as one section; a table nested in another is read with its outer table.
    /// </summary>
    private const string FrameSelector = "h3.heading, nav, table";

    /// <summary>
    /// Layout: a row is "label : value": three cells (label, ":", value), two cells ("label :", value), or one cell
    /// "label : value" split at its first colon. Header cells (<c>th</c>) count as cells.
    /// </summary>
    private const char LabelSeparator = ':';

    /// <summary>Layout: values that mean "nothing recorded".</summary>
    private static readonly HashSet<string> Placeholders = new(["", "-", "–", "—", "ไม่มี", "ไม่ระบุ"], StringComparer.Ordinal);

    // ---- The bill's own rows (before the first section) -----------------------------------

    /// <summary>Layout: the acceptance number's row (label starts so: "เลขรับ", "เลขรับที่").</summary>
    private const string AcceptanceLabel = "เลขรับ";

    /// <summary>Layout: the proposer's row.</summary>
    private const string ProposerLabel = "ผู้เสนอ";

    /// <summary>Layout: the day the bill was proposed.</summary>
    private const string ProposedOnLabel = "วันที่เสนอ";

    // ---- Rows of the sections ---------------------------------------------------------------

    /// <summary>Layout: a section's day is the first row whose label starts with "วันที่" ("วันที่", "วันที่ประชุม", "วันที่ประกาศ" …).</summary>
    private const string DateLabel = "วันที่";

    /// <summary>Layout: vote rows (SOURCES.md): ที่ประชุมพิจารณา, ชุดที่, ปีที่, สมัย, ครั้งที่, วันที่, มติ, คะแนนเสียง.</summary>
    private const string TermLabel = "ชุดที่";

    private const string YearLabel = "ปีที่";
    private const string SessionLabel = "สมัย";
    private const string SittingLabel = "ครั้งที่";
    private const string ResolutionLabel = "มติ";
    private const string VotesLabel = "คะแนน";

    /// <summary>Layout: the royal section's field with the King's decision.</summary>
    private const string RoyalDecisionLabel = "พระบรมราชวินิจฉัย";

    /// <summary>Layout: the lapsed section's reason.</summary>
    private const string ReasonLabel = "เหตุผล";

    /// <summary>Layout: the merged section names the main bill in a row so labelled (or links it by DOC_ID).</summary>
    private static readonly string[] MainBillLabels = ["ร่างหลัก", "ชื่อร่าง"];

    /// <summary>Layout: links carry <c>DOC_ID={n}</c> (as in the list).</summary>
    [GeneratedRegex(@"DOC_ID=(?<id>[0-9]+)", RegexOptions.IgnoreCase)]
    private static partial Regex DocIdRx();

    /// <summary>Layout: a Gazette link is a PDF or points at ratchakitcha.soc.go.th.</summary>
    [GeneratedRegex(@"\.pdf(?:$|[?#])|ratchakitcha", RegexOptions.IgnoreCase)]
    private static partial Regex GazetteLinkRx();

    /// <summary>
    /// Layout: the tally ("เห็นด้วย 398 เสียง ไม่เห็นด้วย ไม่มี งดออกเสียง 3 เสียง ไม่ลงคะแนน 1 เสียง"): each label
    /// followed by a number, "ไม่มี" or "-" (both 0). A label the text does not give counts 0. Matched on Arabic digits.
    /// </summary>
    [GeneratedRegex(@"(?<label>ไม่เห็นด้วย|เห็นด้วย|งดออกเสียง|ไม่ลงคะแนน(?:เสียง)?)\s*(?:จำนวน\s*)?(?<n>[0-9][0-9,]*|ไม่มี|-)")]
    private static partial Regex TallyRx();

    /// <summary>A resolution that rejects: "ไม่รับหลักการ", "ไม่เห็นชอบ", "ไม่เห็นด้วย", "ตกไป", "ยับยั้ง" …</summary>
    [GeneratedRegex(@"(?:ไม่|มิได้|มิ)(?:รับหลักการ|เห็นชอบ|เห็นด้วย|อนุมัติ|ผ่าน)|ตกไป|ยับยั้ง")]
    private static partial Regex RejectedRx();

    /// <summary>A resolution that passes with amendments: "โดยมีการแก้ไขเพิ่มเติม", "ด้วยการแก้ไข" (not "ไม่มีการแก้ไข").</summary>
    [GeneratedRegex(@"(?<!ไม่)(?:มี|ด้วย)การแก้ไข")]
    private static partial Regex AmendedRx();

    /// <summary>A resolution that passes: "รับหลักการ", "เห็นชอบ", "เห็นด้วย", "อนุมัติ", "ผ่าน".</summary>
    [GeneratedRegex(@"รับหลักการ|เห็นชอบ|เห็นด้วย|อนุมัติ|ผ่าน")]
    private static partial Regex PassedRx();

    /// <summary>A royal decision that withholds assent: "ไม่ทรงลงพระปรมาภิไธย", "ไม่พระราชทานคืนมา", "มิได้ทรงลงพระปรมาภิไธย".</summary>
    [GeneratedRegex(@"(?:ไม่|มิ)(?:ได้)?(?:ทรง)?(?:ลงพระปรมาภิไธย|พระราชทาน|เห็นชอบ)")]
    private static partial Regex RoyalVetoRx();

    /// <summary>A date value that is not a date the parser reads, but has digits, is a layout change rather than a placeholder.</summary>
    [GeneratedRegex(@"[0-9]")]
    private static partial Regex HasDigit();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // ---- Section titles ---------------------------------------------------------------------

    /// <summary>Layout: "ข้อมูลการพิจารณาของสภาผู้แทนราษฎร วาระที่ 1", "ข้อมูลการพิจารณาของวุฒิสภา วาระที่ 3", "ข้อมูลการพิจารณาร่างฯ ของรัฐสภา วาระที่ 1".</summary>
    [GeneratedRegex(@"ข้อมูลการพิจารณา.*?ของ(?:ที่ประชุมร่วมกันของ)?(?<body>สภาผู้แทนราษฎร|วุฒิสภา|รัฐสภา)\s*วาระที่\s*(?<n>[0-9])")]
    private static partial Regex ReadingTitleRx();

    /// <summary>Layout: the other titles, by a phrase each holds (checked in this order).</summary>
    private static readonly (string Says, SectionKind Kind)[] Titles =
    [
        ("ร่างตกไป", SectionKind.Lapsed),
        ("เป็นร่างหลัก", SectionKind.Merged),
        ("ทูลเกล้า", SectionKind.Royal),
        ("ราชกิจจานุเบกษา", SectionKind.Gazette),
        ("ประกาศเป็นกฎหมาย", SectionKind.Gazette),
        ("แต่งตั้งคณะกรรมาธิการ", SectionKind.Appointment),
        ("ผลการพิจารณาของคณะกรรมาธิการ", SectionKind.CommitteeResult),
    ];

    private enum SectionKind { Reading, Appointment, CommitteeResult, Royal, Gazette, Lapsed, Merged }

    /// <summary>The chambers, in the order a bill usually meets them (a joint sitting is last: it decides what the two could not).</summary>
    private enum Chamber { House, Senate, Joint }

    /// <summary>How a chamber voted; <see cref="Amended"/> is a pass with amendments (told apart only for the Senate's third reading).</summary>
    private enum Outcome { Pending, Passed, Amended, Rejected }

    private sealed record Row(string Label, string Value, IElement Element);

    /// <summary>How far a bill got in a chamber: reading 1, 2 for the committee stage and the second reading, 3.</summary>
    private readonly record struct Reached(Chamber Chamber, int Reading);

    private static readonly BillStatusClassifier Classifier = new();

    public static LisBillDetail? Parse(string docId, string html, Uri? pageUrl = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(docId);
        ArgumentNullException.ThrowIfNull(html);
        var document = new HtmlParser().ParseDocument(html);
        var heading = document.QuerySelector(HeadingSelector)
            ?? throw Layout(docId, $"no {HeadingSelector} on the detail page");
        var title = Text(heading);
        if (title.Length == 0)
        {
            return null; // The empty template: no such bill.
        }

        var (info, sections) = Frame(document, docId);
        var baseUrl = pageUrl ?? PageBase;

        var acceptance = ValueOf(info, AcceptanceLabel);
        var proposer = ValueOf(info, ProposerLabel);
        var steps = new List<SourceStep>();
        if (proposer is not null || ValueOf(info, ProposedOnLabel) is not null)
        {
            steps.Add(new SourceStep(Guarded("เสนอร่าง", proposer is null ? null : $"เสนอร่างโดย{proposer}"), DateOf(docId, info, ProposedOnLabel)));
        }

        string? gazetteUrl = null;
        string? mergedInto = null;
        Chamber? previous = null;
        Reached? furthest = null;
        BillStage? stood = null; // The furthest stage the readings and committees put the bill at.
        foreach (var (sectionTitle, rows) in sections)
        {
            if (!rows.Any(r => !IsPlaceholder(r.Value)))
            {
                continue; // A section the template shows before anything happened.
            }

            var kind = KindOf(sectionTitle, out var chamber, out var reading);
            switch (kind)
            {
                case SectionKind.Reading:
                    if (ReadingStep(docId, rows, chamber!.Value, reading, baseUrl) is { } step)
                    {
                        steps.Add(step);
                        previous = chamber;
                        furthest = Further(furthest, new Reached(chamber.Value, reading));
                        stood = FurtherStage(stood, step.StatusText);
                    }

                    break;

                case SectionKind.Appointment:
                    var appointedBy = chamber ?? Chamber.House;
                    steps.Add(new SourceStep(AppointmentText(appointedBy), DateOf(docId, rows, DateLabel), LinkOf(rows, baseUrl)));
                    stood = FurtherStage(stood, steps[^1].StatusText);
                    previous = appointedBy;
                    furthest = Further(furthest, new Reached(appointedBy, 2));
                    break;

                case SectionKind.CommitteeResult:
                    var committeeOf = chamber ?? previous ?? Chamber.House;
                    steps.Add(new SourceStep(CommitteeResultText(committeeOf), DateOf(docId, rows, DateLabel), LinkOf(rows, baseUrl)));
                    stood = FurtherStage(stood, steps[^1].StatusText);
                    previous = committeeOf;
                    furthest = Further(furthest, new Reached(committeeOf, 2));
                    break;

                case SectionKind.Royal:
                    steps.AddRange(RoyalSteps(docId, rows, baseUrl));
                    break;

                case SectionKind.Gazette:
                    var pdf = LinkOf(rows, baseUrl, GazetteLinkRx()) ?? LinkOf(rows, baseUrl);
                    gazetteUrl ??= pdf;
                    steps.Add(new SourceStep(GazetteText, DateOf(docId, rows, DateLabel), pdf));
                    break;

                case SectionKind.Lapsed:
                    var lapsed = LapsedText(furthest, stood);
                    var reason = ValueOf(rows, ReasonLabel);
                    steps.Add(new SourceStep(Guarded(lapsed, reason is null ? null : $"{lapsed} (เหตุผล: {reason})"), DateOf(docId, rows, DateLabel), LinkOf(rows, baseUrl)));
                    break;

                case SectionKind.Merged:
                    if (MergedStep(docId, title, rows, baseUrl) is { } merged)
                    {
                        mergedInto ??= merged.Into;
                        steps.Add(merged.Step);
                    }

                    break;

                default:
                    break; // A title this parser does not know: ignored.
            }
        }

        return new LisBillDetail(docId, title, acceptance, proposer, InDateOrder(steps), gazetteUrl, mergedInto);
    }

    // ---- Frame ------------------------------------------------------------------------------

    /// <summary>The rows before the first section, and each section's normalised title with its rows, in page order.</summary>
    private static (List<Row> Info, List<(string? Title, List<Row> Rows)> Sections) Frame(IDocument document, string docId)
    {
        var info = new List<Row>();
        var sections = new List<(string? Title, List<Row> Rows)>();
        var afterHeading = false;
        IElement? lastTable = null;
        foreach (var element in document.QuerySelectorAll(FrameSelector))
        {
            if (!afterHeading)
            {
                afterHeading = element.LocalName == "h3";
                continue;
            }

            switch (element)
            {
                case IHtmlTableElement table when lastTable?.Contains(table) != true:
                    lastTable = table;
                    var rows = Rows(table);
                    if (sections.Count == 0)
                    {
                        info.AddRange(rows);
                    }
                    else
                    {
                        sections[^1].Rows.AddRange(rows);
                    }

                    break;

                case { LocalName: "nav" }:
                    sections.Add((Text(element), []));
                    break;

                default:
                    break;
            }
        }

        if (!sections.Any(s => s.Rows.Count > 0))
        {
            throw Layout(docId, "no section (a nav title followed by a table of rows) after the heading");
        }

        return (info, sections);
    }

    /// <summary>A table's own rows as label and value (rows of nested tables are read with their outer row's text).</summary>
    private static List<Row> Rows(IHtmlTableElement table)
    {
        var rows = new List<Row>();
        foreach (var tr in table.Rows)
        {
            var cells = tr.Cells.Select(c => Text(c)).ToList();
            string label;
            string value;
            if (cells.Count == 1)
            {
                var at = cells[0].IndexOf(LabelSeparator, StringComparison.Ordinal);
                if (at < 0)
                {
                    continue; // A caption or a spacer row.
                }

                (label, value) = (cells[0][..at], cells[0][(at + 1)..]);
            }
            else if (cells.Count > 1)
            {
                label = cells[0];
                value = string.Join(' ', cells.Skip(1).Where(c => c != LabelSeparator.ToString()));
            }
            else
            {
                continue;
            }

            label = label.Trim().TrimEnd(LabelSeparator).Trim();
            value = value.Trim().TrimStart(LabelSeparator).Trim();
            if (label.Length > 0)
            {
                rows.Add(new Row(label, value, tr));
            }
        }

        return rows;
    }

    private static SectionKind? KindOf(string? title, out Chamber? chamber, out int reading)
    {
        chamber = null;
        reading = 0;
        if (string.IsNullOrEmpty(title))
        {
            return null;
        }

        foreach (var (says, kind) in Titles)
        {
            if (title.Contains(says, StringComparison.Ordinal))
            {
                chamber = title.Contains("วุฒิสภา", StringComparison.Ordinal) ? Chamber.Senate
                    : title.Contains("สภาผู้แทนราษฎร", StringComparison.Ordinal) ? Chamber.House
                    : title.Contains("รัฐสภา", StringComparison.Ordinal) ? Chamber.Joint
                    : null;
                return kind;
            }
        }

        if (ReadingTitleRx().Match(title) is { Success: true } m)
        {
            chamber = m.Groups["body"].Value switch
            {
                "สภาผู้แทนราษฎร" => Chamber.House,
                "วุฒิสภา" => Chamber.Senate,
                _ => Chamber.Joint,
            };
            reading = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            return SectionKind.Reading;
        }

        return null;
    }

    // ---- Sections ---------------------------------------------------------------------------

    /// <summary>A reading: its text from the chamber, the reading and the resolution; null when the section records neither day nor resolution.</summary>
    private static SourceStep? ReadingStep(string docId, List<Row> rows, Chamber chamber, int reading, Uri baseUrl)
    {
        var resolution = ValueOf(rows, ResolutionLabel);
        var date = DateOf(docId, rows, DateLabel);
        if (resolution is null && date is null)
        {
            return null;
        }

        var outcome = OutcomeOf(resolution);
        if (outcome == Outcome.Amended && (chamber, reading) != (Chamber.Senate, 3))
        {
            outcome = Outcome.Passed; // Only the Senate's amendments change where the bill goes next.
        }

        return new SourceStep(ReadingText(chamber, reading, outcome), date, LinkOf(rows, baseUrl), Tally(rows, outcome));
    }

    /// <summary>
    /// The fixed text of a reading, worded for <see cref="BillStatusClassifier"/>. A chamber that rejects: the House
    /// and a joint sitting let the bill lapse; the Senate holds it (ยับยั้ง, s. 137 of the constitution).
    /// </summary>
    private static string ReadingText(Chamber chamber, int reading, Outcome outcome) => (chamber, reading, outcome) switch
    {
        (Chamber.House, 1, Outcome.Passed) => "สภาผู้แทนราษฎรลงมติรับหลักการ วาระที่ 1",
        (Chamber.House, 1, Outcome.Rejected) => "สภาผู้แทนราษฎรลงมติไม่รับหลักการ วาระที่ 1",
        (Chamber.House, 2, not Outcome.Rejected) => "สภาผู้แทนราษฎรพิจารณาเรียงตามลำดับมาตรา วาระที่ 2",
        (Chamber.House, _, Outcome.Passed) => $"สภาผู้แทนราษฎรลงมติเห็นชอบ วาระที่ {reading}",
        (Chamber.House, _, Outcome.Rejected) => $"สภาผู้แทนราษฎรลงมติไม่เห็นชอบ วาระที่ {reading}",
        (Chamber.House, _, _) => $"อยู่ระหว่างการพิจารณาของสภาผู้แทนราษฎร วาระที่ {reading}",

        (Chamber.Senate, 1, Outcome.Passed) => SenateAcceptedText,
        (Chamber.Senate, 1, Outcome.Rejected) => "วุฒิสภาลงมติไม่รับหลักการ วาระที่ 1 ยับยั้งร่างไว้ก่อน",
        (Chamber.Senate, 2, not Outcome.Rejected) => "วุฒิสภาพิจารณาเรียงตามลำดับมาตรา วาระที่ 2",
        (Chamber.Senate, 3, Outcome.Amended) => SenateAmendedText,
        (Chamber.Senate, _, Outcome.Passed) => $"วุฒิสภาลงมติเห็นชอบ วาระที่ {reading}",
        (Chamber.Senate, _, Outcome.Rejected) => $"วุฒิสภาลงมติไม่เห็นชอบ วาระที่ {reading} ยับยั้งร่างไว้ก่อน",
        (Chamber.Senate, _, _) => $"อยู่ระหว่างการพิจารณาของวุฒิสภา วาระที่ {reading}",

        (_, 1, Outcome.Passed) => "รัฐสภาลงมติรับหลักการ วาระที่ 1",
        (_, 1, Outcome.Rejected) => "รัฐสภาลงมติไม่รับหลักการ ร่างตกไปในการพิจารณาของรัฐสภา วาระที่ 1",
        (_, 2, not Outcome.Rejected) => "ที่ประชุมร่วมกันของรัฐสภาพิจารณาเรียงตามลำดับมาตรา วาระที่ 2",
        (_, _, Outcome.Passed) => $"รัฐสภาลงมติเห็นชอบ วาระที่ {reading}",
        (_, _, Outcome.Rejected) => $"รัฐสภาลงมติไม่เห็นชอบ วาระที่ {reading}",
        _ => $"อยู่ระหว่างการพิจารณาของรัฐสภา วาระที่ {reading}",
    };

    private static string AppointmentText(Chamber chamber) => chamber switch
    {
        Chamber.Senate => "วุฒิสภาตั้งคณะกรรมาธิการพิจารณาร่าง",
        Chamber.Joint => "รัฐสภาตั้งคณะกรรมาธิการพิจารณาร่าง อยู่ระหว่างการพิจารณาของรัฐสภา",
        _ => "สภาผู้แทนราษฎรตั้งคณะกรรมาธิการพิจารณาร่าง (ชั้นกรรมาธิการ)",
    };

    /// <summary>A committee's report: whose committee is told by the section's title, else by the chamber of the section before it, else the House.</summary>
    private static string CommitteeResultText(Chamber chamber) => chamber switch
    {
        Chamber.Senate => SenateCommitteeDoneText,
        Chamber.Joint => "คณะกรรมาธิการพิจารณาเสร็จแล้ว อยู่ระหว่างการพิจารณาของรัฐสภา",
        _ => "คณะกรรมาธิการ (ชั้น ส.ส.) พิจารณาเสร็จแล้ว",
    };

    /// <summary>
    /// Where the bill fell. In a committee or in the Senate: the stage the readings and committees had put it at
    /// (a bill the Senate accepted in principle fell in the Senate's committee). Else from the furthest reading the
    /// page shows: the House's first or final readings, a joint sitting; a bill that fell before any reading (or
    /// after Parliament passed it) is told as disposed of (สั่งจำหน่ายเรื่อง).
    /// </summary>
    private static string LapsedText(Reached? furthest, BillStage? stood) => stood switch
    {
        BillStage.HouseCommittee => "ร่างตกไปในชั้นกรรมาธิการ ส.ส.",
        BillStage.SenateFirstReading => "ร่างตกไปในวุฒิสภา วาระที่ 1",
        BillStage.SenateCommittee => "ร่างตกไปในชั้นกรรมาธิการวุฒิสภา",
        BillStage.SenateFinalReadings => furthest is { Chamber: Chamber.Senate, Reading: 3 } ? "ร่างตกไปในวุฒิสภา วาระที่ 3" : "ร่างตกไปในวุฒิสภา ก่อนลงมติวาระที่ 3",
        _ => furthest switch
        {
            { Chamber: Chamber.House, Reading: 1 } => "ร่างตกไปในสภาผู้แทนราษฎร วาระที่ 1",
            { Chamber: Chamber.House, Reading: 2 } => "ร่างตกไปในสภาผู้แทนราษฎร ก่อนลงมติวาระที่ 3",
            { Chamber: Chamber.House } => "ร่างตกไปในสภาผู้แทนราษฎร วาระที่ 3",
            { Chamber: Chamber.Joint, Reading: 1 } => "ร่างตกไปในการพิจารณาของรัฐสภา วาระที่ 1",
            { Chamber: Chamber.Joint, Reading: 2 } => "ร่างตกไปในการพิจารณาของรัฐสภา ก่อนลงมติวาระที่ 3",
            { Chamber: Chamber.Joint } => "ร่างตกไปในการพิจารณาของรัฐสภา วาระที่ 3",
            _ => "ร่างตกไป สั่งจำหน่ายเรื่อง",
        },
    };

    /// <summary>The later, in the order of <see cref="BillStage"/>, of <paramref name="stood"/> and the stage <paramref name="text"/> classifies as.</summary>
    private static BillStage? FurtherStage(BillStage? stood, string text) =>
        Classifier.Classify(text).Stage is var stage && stage != BillStage.Unclassified && (stood is null || stage > stood) ? stage : stood;

    private static Reached Further(Reached? a, Reached b) =>
        a is not { } x || (b.Chamber, b.Reading).CompareTo((x.Chamber, x.Reading)) >= 0 ? b : x;

    /// <summary>
    /// The presentation to the King (dated by its first day row that is not about the decision; its text fixed), and a
    /// royal veto when <see cref="RoyalDecisionLabel"/> says assent was withheld (dated by a day row about the return or decision, if any).
    /// </summary>
    private static IEnumerable<SourceStep> RoyalSteps(string docId, List<Row> rows, Uri baseUrl)
    {
        var decision = ValueOf(rows, RoyalDecisionLabel);
        var presented = rows.FirstOrDefault(r => r.Label.StartsWith(DateLabel, StringComparison.Ordinal) && !IsAboutDecision(r.Label));
        var returned = rows.FirstOrDefault(r => r.Label.StartsWith(DateLabel, StringComparison.Ordinal) && IsAboutDecision(r.Label));
        yield return new SourceStep("นำขึ้นทูลเกล้าทูลกระหม่อมถวาย", presented is null ? null : ToDate(docId, presented), LinkOf(rows, baseUrl));
        if (decision is not null && RoyalVetoRx().IsMatch(decision))
        {
            yield return new SourceStep(Guarded("ไม่ทรงลงพระปรมาภิไธย", $"ไม่ทรงลงพระปรมาภิไธย (พระบรมราชวินิจฉัย: {decision})"), returned is null ? null : ToDate(docId, returned));
        }

        static bool IsAboutDecision(string label) => label.Contains("คืน", StringComparison.Ordinal) || label.Contains("วินิจฉัย", StringComparison.Ordinal);
    }

    /// <summary>
    /// The main bill the section names (a DOC_ID link, else a row labelled <see cref="MainBillLabels"/>, else the
    /// first value). When it is this bill itself (its DOC_ID or its title) the others were merged into this one:
    /// no step, and <see cref="LisBillDetail.MergedInto"/> stays null.
    /// </summary>
    private static (string Into, SourceStep Step)? MergedStep(string docId, string title, List<Row> rows, Uri baseUrl)
    {
        var link = rows.SelectMany(r => r.Element.QuerySelectorAll("a[href]"))
            .FirstOrDefault(a => DocIdRx().IsMatch(a.GetAttribute("href")!));
        var mainId = link is null ? null : DocIdRx().Match(link.GetAttribute("href")!).Groups["id"].Value;
        var mainTitle = link is not null && Text(link) is { Length: > 0 } linked ? linked
            : MainBillLabels.Select(l => ValueOf(rows, l)).FirstOrDefault(v => v is not null)
              ?? rows.Select(r => r.Value).FirstOrDefault(v => !IsPlaceholder(v));
        if (mainId == docId || (mainId is null && (mainTitle is null || mainTitle == title)))
        {
            return null;
        }

        var url = link is null ? null : new Uri(baseUrl, link.GetAttribute("href")!.Trim()).AbsoluteUri;
        var step = new SourceStep(Guarded("รวมร่างพิจารณากับร่างหลัก", mainTitle is null ? null : $"รวมร่างพิจารณากับร่างหลัก {mainTitle}"), DateOf(docId, rows, DateLabel), url);
        return ((mainId ?? mainTitle)!, step);
    }

    // ---- Votes ------------------------------------------------------------------------------

    private static Outcome OutcomeOf(string? resolution) =>
        resolution is null ? Outcome.Pending
        : RejectedRx().IsMatch(resolution) ? Outcome.Rejected
        : PassedRx().IsMatch(resolution) ? (AmendedRx().IsMatch(resolution) ? Outcome.Amended : Outcome.Passed)
        : Outcome.Pending;

    /// <summary>The tally from <see cref="VotesLabel"/>; null when the row is missing, a placeholder, or names no count.</summary>
    private static VoteTally? Tally(List<Row> rows, Outcome outcome)
    {
        var text = ValueOf(rows, VotesLabel);
        if (text is null)
        {
            return null;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match m in TallyRx().Matches(text))
        {
            var label = m.Groups["label"].Value.StartsWith("ไม่ลงคะแนน", StringComparison.Ordinal) ? "ไม่ลงคะแนน" : m.Groups["label"].Value;
            var n = m.Groups["n"].Value;
            counts.TryAdd(label, n is "ไม่มี" or "-" ? 0 : int.Parse(n.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture));
        }

        if (counts.Count == 0)
        {
            return null;
        }

        return new VoteTally(
            counts.GetValueOrDefault("เห็นด้วย"),
            counts.GetValueOrDefault("ไม่เห็นด้วย"),
            counts.GetValueOrDefault("งดออกเสียง"),
            counts.GetValueOrDefault("ไม่ลงคะแนน"),
            outcome is Outcome.Passed or Outcome.Amended,
            Meeting(rows));
    }

    /// <summary>"ชุดที่ 26 ปีที่ 1 สมัยสามัญ ครั้งที่ 5" from the vote rows the section gives; null when it gives none.</summary>
    private static string? Meeting(List<Row> rows)
    {
        var parts = new List<string>();
        if (ValueOf(rows, TermLabel) is { } term)
        {
            parts.Add($"{TermLabel} {term}");
        }

        if (ValueOf(rows, YearLabel) is { } year)
        {
            parts.Add($"{YearLabel} {year}");
        }

        if (ValueOf(rows, SessionLabel) is { } session)
        {
            parts.Add(session.StartsWith(SessionLabel, StringComparison.Ordinal) ? session : SessionLabel + session);
        }

        if (ValueOf(rows, SittingLabel) is { } sitting)
        {
            parts.Add($"{SittingLabel} {sitting}");
        }

        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    // ---- Helpers ----------------------------------------------------------------------------

    /// <summary>
    /// <paramref name="full"/> (a fixed phrase with the page's free text added) unless that free text changes what the
    /// classifier makes of the phrase alone (stage or status), in which case <paramref name="plain"/>: the phrase decides
    /// the stage, never the free text.
    /// </summary>
    private static string Guarded(string plain, string? full)
    {
        if (full is null)
        {
            return plain;
        }

        var (a, b) = (Classifier.Classify(plain), Classifier.Classify(full));
        return a.Stage == b.Stage && a.Status == b.Status ? full : plain;
    }

    /// <summary>Steps by day; an undated step keeps its place after the step before it on the page (the sort is stable).</summary>
    private static List<SourceStep> InDateOrder(List<SourceStep> steps)
    {
        var keyed = new List<(DateOnly Key, SourceStep Step)>(steps.Count);
        var last = DateOnly.MinValue;
        foreach (var step in steps)
        {
            last = step.OccurredOn ?? last;
            keyed.Add((last, step));
        }

        return keyed.OrderBy(k => k.Key).Select(k => k.Step).ToList();
    }

    private static bool IsPlaceholder(string value) => Placeholders.Contains(value);

    /// <summary>The value of the first row whose label starts with <paramref name="label"/>; null when missing or a placeholder.</summary>
    private static string? ValueOf(List<Row> rows, string label) =>
        rows.FirstOrDefault(r => r.Label.StartsWith(label, StringComparison.Ordinal)) is { } row && !IsPlaceholder(row.Value) ? row.Value : null;

    private static DateOnly? DateOf(string docId, List<Row> rows, string label) =>
        rows.FirstOrDefault(r => r.Label.StartsWith(label, StringComparison.Ordinal)) is { } row ? ToDate(docId, row) : null;

    /// <summary>
    /// A Buddhist-era day (<c>22/02/2566</c>, <c>๒๒ กุมภาพันธ์ ๒๕๖๖</c>, <c>22 ก.พ. 66</c>) read by the sources' shared
    /// <see cref="SenateNewsXmlParser.ParseDate"/>. A placeholder, or words without digits, is no day; digits that are not a
    /// day the parser reads (or an impossible day) are a layout change.
    /// </summary>
    private static DateOnly? ToDate(string docId, Row row)
    {
        if (IsPlaceholder(row.Value) || !HasDigit().IsMatch(row.Value))
        {
            return null;
        }

        return SenateNewsXmlParser.ParseDate(row.Value) is { } parsed
            ? DateOnly.FromDateTime(parsed.At.DateTime)
            : throw Layout(docId, $"the row '{row.Label}' holds '{row.Value}', not a date this parser reads");
    }

    /// <summary>The first link in the rows (matching <paramref name="pattern"/> if given), absolute.</summary>
    private static string? LinkOf(List<Row> rows, Uri baseUrl, Regex? pattern = null) =>
        rows.SelectMany(r => r.Element.QuerySelectorAll("a[href]"))
            .Select(a => a.GetAttribute("href")!.Trim())
            .Where(h => h.Length > 0 && !h.StartsWith('#') && !h.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
            .Where(h => pattern is null || pattern.IsMatch(h))
            .Select(h => Uri.TryCreate(baseUrl, h, out var u) ? u.AbsoluteUri : null)
            .FirstOrDefault(u => u is not null);

    /// <summary>Normalised text: Arabic digits, one spelling, single spaces.</summary>
    private static string Text(IElement e) => Spaces().Replace(ThaiText.Normalize(e.TextContent), " ").Trim();

    private static SourceLayoutException Layout(string docId, string message) => new(SourceName, $"DOC_ID {docId}: {message}");
}
