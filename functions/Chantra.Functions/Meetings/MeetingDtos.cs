using System.Text.Json.Serialization;
using Chantra.Domain.Meetings;
using Chantra.Domain.Text;

namespace Chantra.Functions.Meetings;

/// <summary>
/// A sitting as the API shows it, list and detail alike (the agenda is small, and answers are gzipped).
/// Times carry +07:00; the <c>…Thai</c> fields are the Buddhist-era forms people read.
/// </summary>
public sealed record MeetingDto(
    string Id,
    string Body,
    string BodyTh,
    string BodyEn,
    string Title,
    int? Term,
    int? Year,
    int? BuddhistEraYear,
    string? Session,
    string SessionKind,
    string? SittingNumber,
    bool Special,
    string SittingLine,
    DateTimeOffset Start,
    string StartThai,
    DateTimeOffset? End,
    string? EndThai,
    bool TimesGiven,
    string? Place,
    string? LiveStreamUrl,
    string? SourceUrl,
    string State,
    AgendaEntryDto? CurrentItem,
    IReadOnlyList<AgendaEntryDto> Agenda,
    IReadOnlyList<MeetingVoteDto> Votes,
    IReadOnlyList<MeetingDocumentDto> Documents,
    DateTimeOffset UpdatedAt,
    string UpdatedAtThai)
{
    public static MeetingDto From(Meeting m)
    {
        var (bodyTh, bodyEn) = m.Body.Describe();
        var agenda = m.Agenda.Select(a => AgendaEntryDto.From(m, a)).ToList();
        var start = Wire(m.Start);
        var end = m.End is { } e ? Wire(e) : (DateTimeOffset?)null;
        var updated = Wire(m.UpdatedAt);
        return new MeetingDto(
            m.Id, m.Body.ToWire(), bodyTh, bodyEn, TitleTh(m),
            m.Term, m.Year, m.BuddhistEraYear, m.Session, m.SessionKind.ToWire(), m.SittingNumber, m.Special, m.SittingLine,
            start, Readable(start, m.TimesGiven),
            end, end is { } last ? Readable(last, m.TimesGiven) : null,
            m.TimesGiven, m.Place, m.LiveStreamUrl?.AbsoluteUri, m.SourceUrl?.AbsoluteUri,
            m.LiveState.ToWire(),
            m.CurrentAgendaItem is { } current ? agenda.FirstOrDefault(a => a.Index == current.Index) : null,
            agenda,
            m.Votes.Select(MeetingVoteDto.From).ToList(),
            m.Documents.Select(d => new MeetingDocumentDto(d.Title, d.Url?.AbsoluteUri)).ToList(),
            updated, ThaiText.ToBuddhistEraDateTime(updated));
    }

    /// <summary>
    /// The sitting's Thai name as people say it: "การประชุมวุฒิสภา ครั้งที่ 25" (เป็นพิเศษ when it is an
    /// extra sitting); a ceremony without a number is named by its own line.
    /// </summary>
    public static string TitleTh(Meeting m)
    {
        var body = m.Body.Describe().Thai;
        if (m.SittingNumber is { } n)
        {
            return body + " ครั้งที่ " + n + (m.Special ? " (เป็นพิเศษ)" : string.Empty);
        }

        return string.IsNullOrWhiteSpace(m.SittingLine) ? body : m.SittingLine;
    }

    /// <summary>Bangkok offset, whole seconds: the one form of a moment on the wire.</summary>
    internal static DateTimeOffset Wire(DateTimeOffset moment)
    {
        var local = ThaiText.ToBangkok(moment);
        return local.AddTicks(-(local.Ticks % TimeSpan.TicksPerSecond));
    }

    // Without a time the source gave only the day: "25 พฤศจิกายน 2569", not "… เวลา 00.00 น.".
    private static string Readable(DateTimeOffset moment, bool timesGiven) =>
        timesGiven ? ThaiText.ToBuddhistEraDateTime(moment) : ThaiText.ToBuddhistEraDate(DateOnly.FromDateTime(moment.DateTime));
}

/// <summary>One agenda item and where it stands (<c>pending</c>, <c>on-floor</c>, <c>done</c>).</summary>
public sealed record AgendaEntryDto(int Index, int? Number, string? Heading, string Title, string? BillId, string State)
{
    public static AgendaEntryDto From(Meeting m, MeetingAgendaEntry a) =>
        new(a.Index, a.Number, a.Heading, a.Title, a.BillId, m.ItemState(a.Index).ToWire());
}

/// <summary>A recorded vote; the counts are absent where the source gives only the sheet (MSBIS).</summary>
public sealed record MeetingVoteDto(
    string Title,
    string? Section,
    int? Reading,
    int? Yes,
    int? No,
    int? Abstain,
    int? Absent,
    string? PdfUrl,
    string? BillId,
    int? AgendaIndex)
{
    public static MeetingVoteDto From(MeetingVoteResult v) =>
        new(v.Title, v.Section, v.Reading, v.Yes, v.No, v.Abstain, v.Absent, v.PdfUrl?.AbsoluteUri, v.BillId, v.AgendaIndex);
}

/// <summary>A document of the sitting (minutes, report, summary).</summary>
public sealed record MeetingDocumentDto(string Title, string? Url);

/// <summary>
/// The sittings in session now and the next one to come. <c>next</c> is written even when null,
/// so a client polling this one route always sees the same shape.
/// </summary>
public sealed record LiveMeetingsDto(
    IReadOnlyList<MeetingDto> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] MeetingDto? Next);
