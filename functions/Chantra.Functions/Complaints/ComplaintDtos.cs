using Chantra.Domain.Complaints;
using Chantra.Domain.Text;

namespace Chantra.Functions.Complaints;

/// <summary>The body of POST /api/v1/complaints. Unknown members, duplicates and wrong types are refused.</summary>
public sealed record ComplaintRequestDto(
    string? Kind,
    string? Subject,
    string? Details,
    string? Topic,
    string? BillId,
    ComplaintContactDto? Contact,
    string? NationalId,
    ComplaintConsentDto? Consent,
    string? InstallationId)
{
    public ComplaintSubmission ToSubmission() => new(
        Kind, Subject, Details, Topic, BillId,
        Contact?.Name, Contact?.Email, Contact?.Phone, Contact?.Anonymous == true,
        NationalId, Consent?.Accepted == true, Consent?.NoticeVersion, InstallationId);
}

/// <summary>Who to answer: a name with an email and/or a Thai mobile number, or <c>anonymous: true</c>.</summary>
public sealed record ComplaintContactDto(string? Name, string? Email, string? Phone, bool? Anonymous);

/// <summary>Consent to the privacy notice: <c>accepted</c> must be true; the version of the notice shown is recorded.</summary>
public sealed record ComplaintConsentDto(bool? Accepted, string? NoticeVersion);

/// <summary>
/// The 201 answer. <c>trackingToken</c> is shown once — and again to a retry with the same
/// Idempotency-Key and body within 24 hours, for a client that lost the first answer.
/// </summary>
public sealed record SubmissionDto(
    string TrackingNumber,
    string? TrackingToken,
    string Status,
    string StatusTh,
    string StatusEn,
    string? DuplicateOf,
    string? Message,
    string? MessageTh,
    bool PushEnabled,
    bool? Replayed);

/// <summary>A topic of /api/v1/complaints/topics (also a committee's code).</summary>
public sealed record TopicDto(string Code, string NameTh, string NameEn)
{
    public static TopicDto From(ComplaintTopic t) => new(t.Code, t.Thai, t.English);

    public static TopicDto? ForCode(string? code) => ComplaintVocabulary.FindTopic(code) is { } t ? From(t) : null;
}

/// <summary>A rejection reason with its labels.</summary>
public sealed record ReasonDto(string Code, string LabelTh, string LabelEn)
{
    public static ReasonDto? ForCode(string? code) => ComplaintVocabulary.FindRejectionReason(code) is { } r ? new(r.Code, r.Thai, r.English) : null;
}

/// <summary>One entry of the public history: a status change or a public answer.</summary>
public sealed record HistoryDto(
    string Type,
    DateTimeOffset At,
    string AtThai,
    string Status,
    string LabelTh,
    string LabelEn,
    TopicDto? Committee,
    ReasonDto? Reason,
    string? TextTh,
    string? TextEn)
{
    public static HistoryDto From(ComplaintHistoryEntry h)
    {
        var at = ThaiText.ToBangkok(h.At);
        var (th, en) = h.Type == ComplaintHistoryType.Answer ? ("คำตอบจากวุฒิสภา", "Answer from the Senate") : h.Status.Describe();
        return new HistoryDto(h.Type == ComplaintHistoryType.Answer ? "answer" : "status", at, ThaiText.ToBuddhistEraDateTime(at), h.Status.ToWire(), th, en,
            TopicDto.ForCode(h.Committee), ReasonDto.ForCode(h.ReasonCode), h.TextTh, h.TextEn);
    }
}

/// <summary>What the holder of the tracking token sees: status and public history, never personal data.</summary>
public sealed record ComplaintStatusDto(
    string TrackingNumber,
    string Kind,
    string KindTh,
    string KindEn,
    string Subject,
    TopicDto? Topic,
    string? BillId,
    string Status,
    string StatusTh,
    string StatusEn,
    DateTimeOffset ReceivedAt,
    string ReceivedAtThai,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<HistoryDto> History)
{
    public static ComplaintStatusDto From(StoredComplaint c)
    {
        var s = c.State;
        var (kindTh, kindEn) = s.Kind.Describe();
        var (statusTh, statusEn) = s.Status.Describe();
        var received = ThaiText.ToBangkok(s.ReceivedAt);
        return new ComplaintStatusDto(s.TrackingNumber, s.Kind.ToWire(), kindTh, kindEn, s.Subject, TopicDto.ForCode(s.Topic), s.BillId,
            s.Status.ToWire(), statusTh, statusEn, received, ThaiText.ToBuddhistEraDateTime(received), ThaiText.ToBangkok(s.UpdatedAt),
            c.History.Select(HistoryDto.From).ToList());
    }
}

/// <summary>One line of the staff list: no personal data.</summary>
public sealed record StaffComplaintSummaryDto(
    string TrackingNumber,
    string TrackingId,
    string Kind,
    string Subject,
    TopicDto? Topic,
    string? BillId,
    bool Anonymous,
    string Status,
    string StatusTh,
    DateTimeOffset ReceivedAt,
    string ReceivedAtThai,
    DateTimeOffset UpdatedAt,
    string? DuplicateOf,
    TopicDto? Committee)
{
    public static StaffComplaintSummaryDto From(ComplaintSummary s)
    {
        var received = ThaiText.ToBangkok(s.ReceivedAt);
        return new StaffComplaintSummaryDto(s.TrackingNumber, s.TrackingId, s.Kind.ToWire(), s.Subject, TopicDto.ForCode(s.Topic), s.BillId, s.Anonymous,
            s.Status.ToWire(), s.Status.Describe().Thai, received, ThaiText.ToBuddhistEraDateTime(received), ThaiText.ToBangkok(s.UpdatedAt),
            DisplayNumber(s.DuplicateOf), TopicDto.ForCode(s.Committee));
    }

    /// <summary>The Thai form of a stored tracking id.</summary>
    public static string? DisplayNumber(string? trackingId) =>
        trackingId is not null && Domain.Complaints.TrackingNumber.TryParse(trackingId, out var n) ? n.Value : trackingId;
}

/// <summary>The personal data of a complaint, opened for staff (the read is audited).</summary>
public sealed record PersonalDataDto(string? Name, string? Email, string? Phone, string Details, string? NationalIdLast4, string? InstallationId);

public sealed record NoteDto(int Sequence, DateTimeOffset At, string AuthorId, string? AuthorName, string Text);

public sealed record AuditDto(DateTimeOffset At, string ActorId, string? ActorName, string Action, string? Reason, string? Detail);

public sealed record ConsentDto(string NoticeVersion, DateTimeOffset At);

/// <summary>
/// A complaint as staff see it. <c>personal</c> and <c>notes</c> appear only in the answer to a read
/// with a reason; after the retention period <c>personalDataErasedAt</c> says they are gone.
/// </summary>
public sealed record StaffComplaintDto(
    string TrackingNumber,
    string TrackingId,
    string Kind,
    string Subject,
    TopicDto? Topic,
    string? BillId,
    bool Anonymous,
    string Status,
    string StatusTh,
    DateTimeOffset ReceivedAt,
    string ReceivedAtThai,
    DateTimeOffset UpdatedAt,
    string? DuplicateOf,
    TopicDto? Committee,
    ReasonDto? Reason,
    ConsentDto Consent,
    DateTimeOffset? PersonalDataErasedAt,
    PersonalDataDto? Personal,
    IReadOnlyList<HistoryDto> History,
    IReadOnlyList<NoteDto>? Notes,
    int NoteCount,
    IReadOnlyList<AuditDto> Audit)
{
    public static StaffComplaintDto From(StaffComplaintView view)
    {
        var c = view.Complaint;
        var s = c.State;
        var received = ThaiText.ToBangkok(s.ReceivedAt);
        var p = view.Personal;
        return new StaffComplaintDto(s.TrackingNumber, s.TrackingId, s.Kind.ToWire(), s.Subject, TopicDto.ForCode(s.Topic), s.BillId, s.Anonymous,
            s.Status.ToWire(), s.Status.Describe().Thai, received, ThaiText.ToBuddhistEraDateTime(received), ThaiText.ToBangkok(s.UpdatedAt),
            StaffComplaintSummaryDto.DisplayNumber(s.DuplicateOf), TopicDto.ForCode(s.Committee), ReasonDto.ForCode(s.ReasonCode),
            new ConsentDto(s.ConsentNoticeVersion, ThaiText.ToBangkok(s.ConsentAt)),
            s.PersonalDataErasedAt is { } erased ? ThaiText.ToBangkok(erased) : null,
            p is null ? null : new PersonalDataDto(p.Name, p.Email, p.Phone, p.Details, p.NationalIdLast4, p.InstallationId),
            c.History.Select(HistoryDto.From).ToList(),
            view.Notes?.Select(n => new NoteDto(n.Sequence, ThaiText.ToBangkok(n.At), n.AuthorId, n.AuthorName, n.Text)).ToList(),
            s.NoteCount,
            c.Audit.OrderBy(a => a.At).Select(a => new AuditDto(ThaiText.ToBangkok(a.At), a.ActorId, a.ActorName, a.Action, a.Reason, a.Detail)).ToList());
    }
}

/// <summary>The body of POST …/status.</summary>
public sealed record StatusChangeDto(string? Status, string? ReasonCode, string? Committee);

/// <summary>The body of POST …/answers: a public answer in Thai, English or both.</summary>
public sealed record AnswerRequestDto(string? TextTh, string? TextEn);

/// <summary>The body of POST …/notes: an internal note.</summary>
public sealed record NoteRequestDto(string? Text);
