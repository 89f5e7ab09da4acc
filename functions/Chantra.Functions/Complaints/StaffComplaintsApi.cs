using System.Globalization;
using System.Text.RegularExpressions;
using Chantra.Domain.Bills;
using Chantra.Domain.Complaints;
using Chantra.Domain.Text;
using Chantra.Functions.Bills;
using Chantra.Functions.Http;
using Chantra.Functions.Staff;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Chantra.Functions.Complaints;

/// <summary>
/// Staff triage of complaints (Entra ID bearer token with the app role <c>Complaints.Manage</c>,
/// checked in code by <see cref="StaffAccess"/> before anything else). The list never shows
/// personal data; reading one opens it and is audited first; every change is audited with it.
/// </summary>
public sealed class StaffComplaintsApi(StaffAccess staff, ComplaintTriage triage)
{
    // Two answers of 5,000 Thai characters are 30 KB of UTF-8.
    private const int MaxBodyBytes = 64 * 1024;
    private const string NoStore = "private, no-store";

    [Function(nameof(ListStaffComplaints))]
    public async Task<IActionResult> ListStaffComplaints(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/staff/complaints")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var (member, denied) = await staff.AuthorizeAsync(req, StaffRoles.ComplaintsManage, cancellationToken);
        if (member is null)
        {
            return denied!;
        }

        var (query, errors) = StaffComplaintQueryParser.Parse(req.Query);
        if (query is null)
        {
            return ProblemResult.BadRequest(errors);
        }

        try
        {
            var page = await triage.ListAsync(query, cancellationToken);
            return new JsonApiResult(new PageDto<StaffComplaintSummaryDto>(page.Items.Select(StaffComplaintSummaryDto.From).ToList(), page.ContinuationToken), NoStore);
        }
        catch (InvalidContinuationTokenException ex)
        {
            return ProblemResult.BadRequest([FieldError.InvalidContinuationToken(ex.Message)]);
        }
    }

    /// <summary>One complaint with its personal data opened: <c>reason</c> is required and recorded (who, when, why) before anything is opened.</summary>
    [Function(nameof(GetStaffComplaint))]
    public async Task<IActionResult> GetStaffComplaint(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/staff/complaints/{trackingNo}")] HttpRequest req,
        string trackingNo,
        CancellationToken cancellationToken)
    {
        var (member, denied) = await staff.AuthorizeAsync(req, StaffRoles.ComplaintsManage, cancellationToken);
        if (member is null)
        {
            return denied!;
        }

        var repeated = QueryParameters.Repeated(req.Query).ToList();
        if (repeated.Count > 0)
        {
            return ProblemResult.BadRequest(repeated);
        }

        var result = await triage.ReadAsync(trackingNo, member, req.Query.TryGetValue("reason", out var r) ? r.ToString() : null, cancellationToken);
        return Answer(result);
    }

    [Function(nameof(ChangeComplaintStatus))]
    public async Task<IActionResult> ChangeComplaintStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/staff/complaints/{trackingNo}/status")] HttpRequest req,
        string trackingNo,
        CancellationToken cancellationToken)
    {
        var (member, denied) = await staff.AuthorizeAsync(req, StaffRoles.ComplaintsManage, cancellationToken);
        if (member is null)
        {
            return denied!;
        }

        var (body, error) = await ReadAsync<StatusChangeDto>(req, "a status change", "การเปลี่ยนสถานะ", cancellationToken);
        return body is null ? error! : Answer(await triage.ChangeStatusAsync(trackingNo, member, body.Status, body.ReasonCode, body.Committee, cancellationToken));
    }

    [Function(nameof(AnswerComplaint))]
    public async Task<IActionResult> AnswerComplaint(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/staff/complaints/{trackingNo}/answers")] HttpRequest req,
        string trackingNo,
        CancellationToken cancellationToken)
    {
        var (member, denied) = await staff.AuthorizeAsync(req, StaffRoles.ComplaintsManage, cancellationToken);
        if (member is null)
        {
            return denied!;
        }

        var (body, error) = await ReadAsync<AnswerRequestDto>(req, "an answer", "คำตอบ", cancellationToken);
        return body is null ? error! : Answer(await triage.AnswerAsync(trackingNo, member, body.TextTh, body.TextEn, cancellationToken));
    }

    [Function(nameof(AddComplaintNote))]
    public async Task<IActionResult> AddComplaintNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/staff/complaints/{trackingNo}/notes")] HttpRequest req,
        string trackingNo,
        CancellationToken cancellationToken)
    {
        var (member, denied) = await staff.AuthorizeAsync(req, StaffRoles.ComplaintsManage, cancellationToken);
        if (member is null)
        {
            return denied!;
        }

        var (body, error) = await ReadAsync<NoteRequestDto>(req, "a note", "บันทึก", cancellationToken);
        return body is null ? error! : Answer(await triage.AddNoteAsync(trackingNo, member, body.Text, cancellationToken));
    }

    private static async Task<(T? Body, IActionResult? Error)> ReadAsync<T>(HttpRequest req, string what, string whatTh, CancellationToken cancellationToken)
        where T : class
    {
        var (bytes, tooLarge) = await ComplaintHttp.ReadBytesAsync(req, MaxBodyBytes, cancellationToken);
        return bytes is null ? (null, tooLarge) : ComplaintHttp.Parse<T>(bytes, what, whatTh);
    }

    private static IActionResult Answer(TriageResult result) => result.Outcome switch
    {
        TriageOutcome.Done => new JsonApiResult(StaffComplaintDto.From(result.View!), NoStore),
        TriageOutcome.NotFound => ProblemResult.NotFound("There is no complaint with this tracking number.", "ไม่พบเรื่องที่มีเลขติดตามนี้"),
        TriageOutcome.Invalid => ProblemResult.BadRequest(result.Errors!.Select(e => new FieldError(e.Field, e.Message, e.MessageTh)).ToList()),
        TriageOutcome.NotAllowed => new ProblemResult(StatusCodes.Status409Conflict, "Not allowed in the complaint's status.", "ไม่สามารถทำได้ในสถานะปัจจุบันของเรื่อง",
            result.Message, result.MessageTh),
        _ => ProblemResult.Conflict("Others changed this complaint at the same moment; send the request again.",
            "เรื่องนี้ถูกแก้ไขโดยผู้อื่นในเวลาเดียวกัน กรุณาส่งคำขออีกครั้ง"),
    };
}

/// <summary>The query string of the staff list: status, topic, kind, from/to (Bangkok days, inclusive), pageSize, continuationToken.</summary>
public static partial class StaffComplaintQueryParser
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^[A-Za-z0-9_\-]{1,1024}$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenChars();

    public static (ComplaintQuery? Query, IReadOnlyList<FieldError> Errors) Parse(IQueryCollection q)
    {
        var errors = QueryParameters.Repeated(q).ToList();

        ComplaintStatus? status = null;
        if (QueryParameters.Value(q, "status") is { } s)
        {
            if (ComplaintVocabulary.TryParseStatus(s, out var parsed))
            {
                status = parsed;
            }
            else
            {
                errors.Add(new("status", $"One of {string.Join(", ", ComplaintVocabulary.StatusWireNames)}.", $"ต้องเป็นหนึ่งใน {string.Join(", ", ComplaintVocabulary.StatusWireNames)}"));
            }
        }

        var topic = QueryParameters.Value(q, "topic");
        if (topic is not null && ComplaintVocabulary.FindTopic(topic) is null)
        {
            errors.Add(new("topic", "A topic code of /api/v1/complaints/topics.", "ต้องเป็นรหัสหัวข้อตาม /api/v1/complaints/topics"));
        }

        ComplaintKind? kind = null;
        if (QueryParameters.Value(q, "kind") is { } k)
        {
            if (ComplaintVocabulary.TryParseKind(k, out var parsed))
            {
                kind = parsed;
            }
            else
            {
                errors.Add(new("kind", $"One of {string.Join(", ", ComplaintVocabulary.KindWireNames)}.", $"ต้องเป็นหนึ่งใน {string.Join(", ", ComplaintVocabulary.KindWireNames)}"));
            }
        }

        var from = Date(q, "from", errors);
        var to = Date(q, "to", errors);
        if (from is { } f && to is { } t && f > t)
        {
            errors.Add(new("to", "'to' is before 'from'; the range is inclusive.", "วันที่ 'to' อยู่ก่อนวันที่ 'from'"));
        }

        var pageSize = DefaultPageSize;
        if (QueryParameters.Value(q, "pageSize") is { } p
            && (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            errors.Add(new("pageSize", $"A whole number from 1 to {MaxPageSize}.", $"ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง {MaxPageSize}"));
        }

        var token = QueryParameters.Value(q, "continuationToken");
        if (token is not null && !TokenChars().IsMatch(token))
        {
            errors.Add(new("continuationToken", "Pass back the token of the previous page unchanged.", "ส่งโทเคนของหน้าก่อนหน้ากลับมาโดยไม่แก้ไข"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        // Bangkok days: from its first moment to the last moment of 'to'.
        var start = from is { } fd ? new DateTimeOffset(fd.ToDateTime(TimeOnly.MinValue), ThaiText.BangkokOffset) : (DateTimeOffset?)null;
        var end = to is { } td ? new DateTimeOffset(td.ToDateTime(TimeOnly.MaxValue), ThaiText.BangkokOffset) : (DateTimeOffset?)null;
        return (new ComplaintQuery(status, topic, kind, start, end, pageSize, token), errors);
    }

    private static DateOnly? Date(IQueryCollection q, string name, List<FieldError> errors)
    {
        if (QueryParameters.Value(q, name) is not { } v)
        {
            return null;
        }

        if (!IsoDate().IsMatch(v) || !DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || day.Year >= 2400)
        {
            errors.Add(new(name, "An ISO 8601 date, yyyy-MM-dd, Christian era (e.g. 2026-11-25).", "ใช้วันที่แบบ ปี-เดือน-วัน เป็นปีคริสต์ศักราช เช่น 2026-11-25"));
            return null;
        }

        return day;
    }
}
