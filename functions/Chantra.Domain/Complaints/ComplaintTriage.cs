using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Microsoft.Extensions.Logging;

namespace Chantra.Domain.Complaints;

/// <summary>How a staff action ended.</summary>
public enum TriageOutcome
{
    Done,
    NotFound,
    Invalid,
    /// <summary>The action does not fit the complaint's status (e.g. closing a complaint never answered).</summary>
    NotAllowed,
    /// <summary>Others changed the complaint at the same moment, again and again: try again.</summary>
    Busy,
}

/// <summary>The personal data of a complaint, opened for a staff member who gave a reason.</summary>
public sealed record OpenedPersonalData(string? Name, string? Email, string? Phone, string Details, string? NationalIdLast4, string? InstallationId);

/// <summary>An internal note, opened.</summary>
public sealed record OpenedNote(int Sequence, DateTimeOffset At, string AuthorId, string? AuthorName, string Text);

/// <summary>What staff see of a complaint: <see cref="Personal"/> and <see cref="Notes"/> only after a read with a reason.</summary>
public sealed record StaffComplaintView(StoredComplaint Complaint, OpenedPersonalData? Personal, IReadOnlyList<OpenedNote>? Notes);

/// <summary>The answer of a staff action; <see cref="Message"/> says why it was not allowed.</summary>
public sealed record TriageResult(
    TriageOutcome Outcome,
    StaffComplaintView? View = null,
    IReadOnlyList<ComplaintError>? Errors = null,
    string? Message = null,
    string? MessageTh = null);

/// <summary>
/// Staff's side of complaints (role <c>Complaints.Manage</c>): the list, reading one (which opens the
/// personal data and is audited first), status changes by the rules below, public answers and
/// internal notes. Every change is audited in the same transaction as the change itself.
/// <para>Status rules: <c>received → in-review → forwarded (to a committee) → answered → closed</c>;
/// answered also straight from in-review; forwarded again to another committee; <c>rejected</c>, with
/// a reason code, from any open status. Answered needs a public answer (adding one answers).</para>
/// </summary>
public sealed class ComplaintTriage
{
    public const int MaxTextLength = 5000;
    public const int MaxReasonLength = 500;
    private const int MaxAttempts = 3;

    private readonly IComplaintStore _store;
    private readonly IPersonalDataProtector _protector;
    private readonly OutboxRelay _relay;
    private readonly TimeProvider _time;
    private readonly ILogger<ComplaintTriage> _logger;

    public ComplaintTriage(IComplaintStore store, IPersonalDataProtector protector, IEventPublisher publisher, TimeProvider time, ILoggerFactory loggers)
    {
        _store = store;
        _protector = protector;
        _relay = new OutboxRelay(publisher, store, loggers.CreateLogger<OutboxRelay>());
        _time = time;
        _logger = loggers.CreateLogger<ComplaintTriage>();
    }

    /// <summary>The statuses a complaint may move to from each status.</summary>
    public static IReadOnlySet<ComplaintStatus> NextStatuses(ComplaintStatus from) => from switch
    {
        ComplaintStatus.Received => new HashSet<ComplaintStatus> { ComplaintStatus.InReview, ComplaintStatus.Rejected },
        ComplaintStatus.InReview => new HashSet<ComplaintStatus> { ComplaintStatus.Forwarded, ComplaintStatus.Answered, ComplaintStatus.Rejected },
        ComplaintStatus.Forwarded => new HashSet<ComplaintStatus> { ComplaintStatus.Forwarded, ComplaintStatus.Answered, ComplaintStatus.Rejected },
        ComplaintStatus.Answered => new HashSet<ComplaintStatus> { ComplaintStatus.Closed, ComplaintStatus.Rejected },
        _ => new HashSet<ComplaintStatus>(),
    };

    /// <summary>The staff list. Throws <see cref="InvalidContinuationTokenException"/> for a token not issued for these filters.</summary>
    public Task<ComplaintPage> ListAsync(ComplaintQuery query, CancellationToken cancellationToken) => _store.QueryAsync(query, cancellationToken);

    /// <summary>Opens a complaint's personal data and notes. The audit entry (who, when, why) is written before anything is opened.</summary>
    public async Task<TriageResult> ReadAsync(string trackingNumber, StaffMember member, string? reason, CancellationToken cancellationToken)
    {
        var why = reason is null ? string.Empty : ComplaintText.Clean(reason);
        if (why.Length < 3 || why.Length > MaxReasonLength)
        {
            return Invalid(new ComplaintError("reason", $"Say why you open this complaint's personal data (3–{MaxReasonLength} characters); it is recorded.",
                $"กรุณาระบุเหตุผลในการเปิดดูข้อมูลส่วนบุคคลของเรื่องนี้ (3–{MaxReasonLength} ตัวอักษร) ระบบจะบันทึกไว้"));
        }

        if (!TrackingNumber.TryParse(trackingNumber, out var number) || await _store.GetAsync(number.TagId, cancellationToken) is not { } stored)
        {
            return new TriageResult(TriageOutcome.NotFound);
        }

        var audit = new ComplaintAuditEntry(_time.GetUtcNow(), member.ObjectId, member.Name, "read-personal-data", why);
        await _store.AddAuditAsync(number.TagId, audit, cancellationToken);
        _logger.LogInformation("Staff {ObjectId} opened the personal data of complaint {TrackingId}", member.ObjectId, number.TagId);

        stored = stored with { Audit = [.. stored.Audit, audit] };
        if (stored.State.Personal is not { } personal)
        {
            return new TriageResult(TriageOutcome.Done, new StaffComplaintView(stored, null, []));
        }

        var id = number.TagId;
        using var key = await _protector.OpenRecordKeyAsync(personal.WrappedKey, cancellationToken);
        var opened = new OpenedPersonalData(
            personal.SealedName is null ? null : key.Open(personal.SealedName, ComplaintSeals.Name(id)),
            personal.SealedEmail is null ? null : key.Open(personal.SealedEmail, ComplaintSeals.Email(id)),
            personal.SealedPhone is null ? null : key.Open(personal.SealedPhone, ComplaintSeals.Phone(id)),
            key.Open(personal.SealedDetails, ComplaintSeals.Details(id)),
            personal.NationalIdLast4,
            personal.InstallationId);
        var notes = stored.Notes.Select(n => new OpenedNote(n.Sequence, n.At, n.AuthorId, n.AuthorName, key.Open(n.SealedText, ComplaintSeals.Note(id, n.Sequence)))).ToList();
        return new TriageResult(TriageOutcome.Done, new StaffComplaintView(stored, opened, notes));
    }

    public async Task<TriageResult> ChangeStatusAsync(string trackingNumber, StaffMember member, string? status, string? reasonCode, string? committee, CancellationToken cancellationToken)
    {
        var errors = new List<ComplaintError>();
        if (!ComplaintVocabulary.TryParseStatus(status, out var to))
        {
            errors.Add(new("status", $"Status is one of {string.Join(", ", ComplaintVocabulary.StatusWireNames)}.",
                $"สถานะต้องเป็นหนึ่งใน {string.Join(", ", ComplaintVocabulary.StatusWireNames)}"));
        }
        else
        {
            CheckReasonAndCommittee(to, reasonCode, committee, errors);
        }

        if (errors.Count > 0)
        {
            return new TriageResult(TriageOutcome.Invalid, Errors: errors);
        }

        return await ChangeAsync(trackingNumber, stored =>
        {
            var state = stored.State;
            if (!NextStatuses(state.Status).Contains(to) || (to == ComplaintStatus.Forwarded && state.Status == ComplaintStatus.Forwarded && state.Committee == committee))
            {
                return Task.FromResult(Refused(TransitionMessage(state.Status, to)));
            }

            if (to == ComplaintStatus.Answered && !state.HasPublicAnswer)
            {
                return Task.FromResult(Refused(("A complaint is answered by a public answer: add one (POST …/answers), which sets this status.",
                    "การเปลี่ยนสถานะเป็น 'มีคำตอบแล้ว' ต้องมีคำตอบสาธารณะ กรุณาเพิ่มคำตอบ (POST …/answers) ซึ่งจะเปลี่ยนสถานะให้")));
            }

            var now = _time.GetUtcNow();
            var sequence = state.HistoryCount + 1;
            var next = state with
            {
                Status = to,
                UpdatedAt = now,
                Committee = to == ComplaintStatus.Forwarded ? committee : state.Committee,
                ReasonCode = to == ComplaintStatus.Rejected ? reasonCode : state.ReasonCode,
                FinalAt = to.IsFinal() ? now : state.FinalAt,
                HistoryCount = sequence,
            };
            var detail = $"{state.Status.ToWire()} → {to.ToWire()}" + (to == ComplaintStatus.Forwarded ? $" ({committee})" : to == ComplaintStatus.Rejected ? $" ({reasonCode})" : string.Empty);
            return Task.FromResult(Planned(new ComplaintChange(
                next,
                [new ComplaintHistoryEntry(sequence, now, ComplaintHistoryType.Status, to, next.Status == ComplaintStatus.Forwarded ? committee : null, to == ComplaintStatus.Rejected ? reasonCode : null)],
                [],
                [new ComplaintAuditEntry(now, member.ObjectId, member.Name, "status:" + to.ToWire(), Detail: detail)],
                [ComplaintEvents.StatusChanged(next, sequence)])));
        }, cancellationToken);
    }

    /// <summary>Adds a public answer (Thai, English or both); a complaint in review or forwarded becomes answered.</summary>
    public async Task<TriageResult> AnswerAsync(string trackingNumber, StaffMember member, string? textTh, string? textEn, CancellationToken cancellationToken)
    {
        var errors = new List<ComplaintError>();
        var th = OptionalText(textTh, "textTh", errors);
        var en = OptionalText(textEn, "textEn", errors);
        if (errors.Count == 0 && th is null && en is null)
        {
            errors.Add(new("textTh", "An answer has a Thai text, an English text, or both.", "คำตอบต้องมีข้อความภาษาไทย ภาษาอังกฤษ หรือทั้งสองภาษา"));
        }

        if (errors.Count > 0)
        {
            return new TriageResult(TriageOutcome.Invalid, Errors: errors);
        }

        return await ChangeAsync(trackingNumber, stored =>
        {
            var state = stored.State;
            if (state.Status is not (ComplaintStatus.InReview or ComplaintStatus.Forwarded or ComplaintStatus.Answered))
            {
                return Task.FromResult(Refused(state.Status == ComplaintStatus.Received
                    ? ("Take the complaint into review (status in-review) before answering it.", "กรุณาเปลี่ยนสถานะเป็น 'อยู่ระหว่างการพิจารณา' ก่อนตอบ")
                    : ($"A complaint that is {state.Status.ToWire()} is not answered any more.", $"เรื่องที่มีสถานะ '{state.Status.Describe().Thai}' ไม่สามารถตอบได้อีก")));
            }

            var now = _time.GetUtcNow();
            var history = new List<ComplaintHistoryEntry> { new(state.HistoryCount + 1, now, ComplaintHistoryType.Answer, ComplaintStatus.Answered, TextTh: th, TextEn: en) };
            var next = state with { HasPublicAnswer = true, UpdatedAt = now, HistoryCount = state.HistoryCount + 1 };
            var events = new List<CloudEvent>();
            if (state.Status != ComplaintStatus.Answered)
            {
                next = next with { Status = ComplaintStatus.Answered, HistoryCount = state.HistoryCount + 2 };
                history.Add(new(state.HistoryCount + 2, now, ComplaintHistoryType.Status, ComplaintStatus.Answered));
                events.Add(ComplaintEvents.StatusChanged(next, next.HistoryCount));
            }

            return Task.FromResult(Planned(new ComplaintChange(next, history, [],
                [new ComplaintAuditEntry(now, member.ObjectId, member.Name, "answer", Detail: $"public answer #{state.HistoryCount + 1}" + (events.Count > 0 ? $"; {state.Status.ToWire()} → answered" : string.Empty))],
                events)));
        }, cancellationToken);
    }

    /// <summary>Adds an internal note, sealed with the complaint's data key (notes talk about people).</summary>
    public async Task<TriageResult> AddNoteAsync(string trackingNumber, StaffMember member, string? text, CancellationToken cancellationToken)
    {
        var errors = new List<ComplaintError>();
        var note = OptionalText(text, "text", errors);
        if (errors.Count == 0 && note is null)
        {
            errors.Add(new("text", "A note has a text.", "ต้องระบุข้อความของบันทึก"));
        }

        if (errors.Count > 0)
        {
            return new TriageResult(TriageOutcome.Invalid, Errors: errors);
        }

        return await ChangeAsync(trackingNumber, async stored =>
        {
            var state = stored.State;
            if (state.Personal is not { } personal)
            {
                return Refused(("The personal data of this complaint was erased under the retention rule; it takes no more notes.",
                    "ข้อมูลส่วนบุคคลของเรื่องนี้ถูกลบตามระยะเวลาการเก็บรักษาแล้ว จึงเพิ่มบันทึกไม่ได้"));
            }

            var now = _time.GetUtcNow();
            var sequence = state.NoteCount + 1;
            using var key = await _protector.OpenRecordKeyAsync(personal.WrappedKey, cancellationToken);
            return Planned(new ComplaintChange(
                state with { NoteCount = sequence, UpdatedAt = now },
                [],
                [new ComplaintNote(sequence, now, member.ObjectId, member.Name, key.Seal(note!, ComplaintSeals.Note(state.TrackingId, sequence)))],
                [new ComplaintAuditEntry(now, member.ObjectId, member.Name, "note", Detail: $"internal note #{sequence}")],
                []));
        }, cancellationToken);
    }

    private async Task<TriageResult> ChangeAsync(string trackingNumber, Func<StoredComplaint, Task<(ComplaintChange? Change, TriageResult? Refusal)>> plan, CancellationToken cancellationToken)
    {
        if (!TrackingNumber.TryParse(trackingNumber, out var number))
        {
            return new TriageResult(TriageOutcome.NotFound);
        }

        var id = number.TagId;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await _store.GetAsync(id, cancellationToken) is not { } stored)
            {
                return new TriageResult(TriageOutcome.NotFound);
            }

            var (change, refusal) = await plan(stored);
            if (refusal is not null)
            {
                return refusal;
            }

            if (await _store.CommitAsync(change!, cancellationToken) != CommitOutcome.Committed)
            {
                continue; // changed since it was read: read again and decide again
            }

            foreach (var audit in change!.Audit)
            {
                _logger.LogInformation("Complaint {TrackingId}: {Action} by staff {ObjectId}", id, audit.Action, audit.ActorId);
            }

            try
            {
                // The relay refreshes the staff list when it completes the outbox; without events, or with the topic down, do it here.
                if (change.Events.Count == 0 || await _relay.RelayAsync(change.Events.Select(e => new PendingEvent(id, e)).ToList(), CancellationToken.None) == 0)
                {
                    await _store.RefreshReadModelAsync(id, CancellationToken.None);
                }
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "The staff list entry of complaint {TrackingId} waits for the outbox sweeper", id);
            }

            var after = await _store.GetAsync(id, CancellationToken.None);
            return new TriageResult(TriageOutcome.Done, new StaffComplaintView(after ?? stored, null, null));
        }

        return new TriageResult(TriageOutcome.Busy);
    }

    private static (ComplaintChange?, TriageResult?) Planned(ComplaintChange change) => (change, null);

    private static (ComplaintChange?, TriageResult?) Refused((string English, string Thai) why) =>
        (null, new TriageResult(TriageOutcome.NotAllowed, Message: why.English, MessageTh: why.Thai));

    private static TriageResult Invalid(ComplaintError error) => new(TriageOutcome.Invalid, Errors: [error]);

    private static (string English, string Thai) TransitionMessage(ComplaintStatus from, ComplaintStatus to)
    {
        var allowed = NextStatuses(from);
        var options = allowed.Count == 0 ? "none: it is final" : string.Join(", ", allowed.Select(s => s.ToWire()));
        return ($"A complaint that is {from.ToWire()} cannot become {to.ToWire()} (allowed: {options}).",
            $"เรื่องที่มีสถานะ '{from.Describe().Thai}' เปลี่ยนเป็น '{to.Describe().Thai}' ไม่ได้");
    }

    private static void CheckReasonAndCommittee(ComplaintStatus to, string? reasonCode, string? committee, List<ComplaintError> errors)
    {
        if (to == ComplaintStatus.Rejected)
        {
            if (ComplaintVocabulary.FindRejectionReason(reasonCode) is null)
            {
                var codes = string.Join(", ", ComplaintVocabulary.RejectionReasons.Select(r => r.Code));
                errors.Add(new("reasonCode", $"Rejecting needs a reason code: one of {codes}.", $"การไม่รับพิจารณาต้องระบุรหัสเหตุผล: {codes}"));
            }
        }
        else if (reasonCode is not null)
        {
            errors.Add(new("reasonCode", "A reason code goes only with status rejected.", "ระบุรหัสเหตุผลได้เฉพาะเมื่อไม่รับพิจารณา"));
        }

        if (to == ComplaintStatus.Forwarded)
        {
            if (ComplaintVocabulary.FindCommittee(committee) is null)
            {
                errors.Add(new("committee", "Forwarding needs the committee: a topic code of /api/v1/complaints/topics other than 'other'.",
                    "การส่งต่อต้องระบุคณะกรรมาธิการ (รหัสหัวข้อ ยกเว้น 'other')"));
            }
        }
        else if (committee is not null)
        {
            errors.Add(new("committee", "A committee goes only with status forwarded.", "ระบุคณะกรรมาธิการได้เฉพาะเมื่อส่งต่อ"));
        }
    }

    private static string? OptionalText(string? value, string field, List<ComplaintError> errors)
    {
        if (value is null)
        {
            return null;
        }

        var text = ComplaintText.Clean(value);
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Length > MaxTextLength)
        {
            errors.Add(new(field, $"At most {MaxTextLength} characters.", $"ต้องยาวไม่เกิน {MaxTextLength} ตัวอักษร"));
            return null;
        }

        return text;
    }
}
