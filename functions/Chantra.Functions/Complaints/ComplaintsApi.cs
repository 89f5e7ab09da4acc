using System.Security.Cryptography;
using Chantra.Domain.Complaints;
using Chantra.Functions.Bills;
using Chantra.Functions.Devices;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Chantra.Functions.Complaints;

/// <summary>
/// Citizens' complaints, suggestions and petitions: filing one (anonymous, rate-limited, idempotent)
/// and following it with its tracking token. Nothing here logs what people wrote or who they are.
/// </summary>
/// <remarks>
/// <c>v1/complaints/topics</c> and <c>v1/complaints/{trackingNo}</c> share a shape; routing ranks the
/// literal segment above the parameter, so <c>topics</c> never reaches <see cref="GetComplaint"/>.
/// </remarks>
public sealed class ComplaintsApi(ComplaintIntake intake)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string TrackingTokenHeader = "X-Tracking-Token";

    /// <summary>Says that an answer repeats the first one (a retry with the same Idempotency-Key).</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public const int MaxBodyBytes = 32 * 1024;

    [Function(nameof(ListComplaintTopics))]
    public IActionResult ListComplaintTopics(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/complaints/topics")] HttpRequest req) =>
        new JsonApiResult(new PageDto<TopicDto>(ComplaintVocabulary.Topics.Select(TopicDto.From).ToList(), null), "public, max-age=3600");

    [Function(nameof(SubmitComplaint))]
    public async Task<IActionResult> SubmitComplaint(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/complaints")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var (bytes, tooLarge) = await ComplaintHttp.ReadBytesAsync(req, MaxBodyBytes, cancellationToken);
        if (bytes is null)
        {
            return tooLarge!;
        }

        string? idempotencyKey = null;
        if (req.Headers.ContainsKey(IdempotencyKeyHeader))
        {
            idempotencyKey = ComplaintHttp.Header(req, IdempotencyKeyHeader);
            if (!ComplaintIntake.IsValidIdempotencyKey(idempotencyKey))
            {
                return ProblemResult.BadRequest([new FieldError(IdempotencyKeyHeader, "Once, 1–128 letters, digits, '_' or '-' (a UUID is best).",
                    "ระบุครั้งเดียว ยาว 1–128 ตัว เป็นตัวอักษรอังกฤษ ตัวเลข _ หรือ - (แนะนำ UUID)")]);
            }
        }

        var (body, invalid) = ComplaintHttp.Parse<ComplaintRequestDto>(bytes, "a complaint", "เรื่องร้องเรียน");
        if (body is null)
        {
            return invalid!;
        }

        var context = new SubmissionContext(idempotencyKey, Convert.ToHexStringLower(SHA256.HashData(bytes)), ComplaintHttp.ClientAddress(req),
            ComplaintHttp.Header(req, DevicesApi.SecretHeader));
        var result = await intake.SubmitAsync(body.ToSubmission(), context, cancellationToken);
        return result.Outcome switch
        {
            SubmissionOutcome.Created => new JsonApiResult(Answer(result, replayed: false), "no-store", StatusCodes.Status201Created),
            SubmissionOutcome.Replayed => new HeaderResult(new JsonApiResult(Answer(result, replayed: true), "no-store", StatusCodes.Status201Created), ReplayedHeader, "true"),
            SubmissionOutcome.Invalid => ProblemResult.BadRequest(result.Errors!.Select(e => new FieldError(e.Field, e.Message, e.MessageTh)).ToList()),
            SubmissionOutcome.IdempotencyKeyReused => new ProblemResult(StatusCodes.Status422UnprocessableEntity,
                "This Idempotency-Key was used with another body.", "คีย์ Idempotency-Key นี้ถูกใช้กับเนื้อหาอื่นแล้ว",
                "A retry must send the same body as the first request; a new complaint needs a new key.",
                "การส่งซ้ำต้องใช้เนื้อหาเดิมทุกประการ หากเป็นเรื่องใหม่ให้ใช้คีย์ใหม่"),
            SubmissionOutcome.InProgress => new RetryAfterResult(new ProblemResult(StatusCodes.Status409Conflict,
                "The first request with this Idempotency-Key is still being processed.", "คำขอแรกที่ใช้คีย์นี้ยังดำเนินการอยู่",
                "Send the same request again in a few seconds to get its answer.", "กรุณาส่งคำขอเดิมอีกครั้งในอีกไม่กี่วินาที"), Seconds(result.RetryAfter)),
            SubmissionOutcome.RateLimited => new RetryAfterResult(new ProblemResult(StatusCodes.Status429TooManyRequests,
                "Too many submissions.", "ส่งเรื่องบ่อยเกินไป",
                "Too many complaints came from this network or device in a short time; try again after the time in Retry-After.",
                "มีการส่งเรื่องจากเครือข่ายหรืออุปกรณ์นี้มากเกินไปในเวลาสั้น ๆ กรุณาลองใหม่ภายหลังตามเวลาใน Retry-After"), Seconds(result.RetryAfter)),
            _ => ProblemResult.Unauthorized($"The installation id needs its device secret in {DevicesApi.SecretHeader}; or leave installationId out.",
                $"หากระบุรหัสการติดตั้ง ต้องส่งรหัสลับของอุปกรณ์ในส่วนหัว {DevicesApi.SecretHeader} หรือไม่ต้องระบุรหัสการติดตั้ง"),
        };
    }

    /// <summary>
    /// Status and public history for the holder of the tracking token. An unknown number, a malformed
    /// one, and a missing or wrong token all get the very same 404, after the same work.
    /// </summary>
    [Function(nameof(GetComplaint))]
    public async Task<IActionResult> GetComplaint(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/complaints/{trackingNo}")] HttpRequest req,
        string trackingNo,
        CancellationToken cancellationToken)
    {
        var complaint = await intake.TrackAsync(trackingNo, ComplaintHttp.Header(req, TrackingTokenHeader), cancellationToken);
        return complaint is null
            ? ProblemResult.NotFound("No complaint with this number and tracking token.", "ไม่พบเรื่องที่ตรงกับเลขติดตามและรหัสติดตามนี้")
            : new JsonApiResult(ComplaintStatusDto.From(complaint), "private, no-cache");
    }

    private static SubmissionDto Answer(SubmissionResult r, bool replayed)
    {
        var (th, en) = r.Status.Describe();
        string? message = null, messageTh = null;
        if (r.DuplicateOf is { } original)
        {
            message = $"This is very like {original}, which you sent within the last day; the two are linked so that staff consider them together.";
            messageTh = $"เรื่องนี้คล้ายกับเรื่องเลขที่ {original} ที่คุณส่งมาภายใน 24 ชั่วโมง ระบบได้เชื่อมโยงทั้งสองเรื่องไว้ให้เจ้าหน้าที่พิจารณาร่วมกัน";
        }

        if (replayed && r.TrackingToken is null)
        {
            message = (message is null ? string.Empty : message + " ") + "This request was received before; its tracking token was shown in the first answer and cannot be shown again.";
            messageTh = (messageTh is null ? string.Empty : messageTh + " ") + "ได้รับคำขอนี้ไว้ก่อนแล้ว รหัสติดตามแสดงไว้ในคำตอบครั้งแรกและไม่สามารถแสดงซ้ำได้";
        }

        return new SubmissionDto(r.TrackingNumber!, r.TrackingToken, r.Status.ToWire(), th, en, r.DuplicateOf, message, messageTh, r.PushLinked, replayed ? true : null);
    }

    private static int Seconds(TimeSpan t) => Math.Max(1, (int)Math.Ceiling(t.TotalSeconds));
}

/// <summary>Adds one response header to an answer.</summary>
public sealed class HeaderResult(IActionResult inner, string name, string value) : IActionResult
{
    public IActionResult Inner { get; } = inner;

    public Task ExecuteResultAsync(ActionContext context)
    {
        context.HttpContext.Response.Headers[name] = value;
        return Inner.ExecuteResultAsync(context);
    }
}

