using Chantra.Domain.Ministry;
using Chantra.Functions.Bills;
using Chantra.Functions.Http;
using Chantra.Functions.Staff;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Ministry;

/// <summary>
/// Staff (role <c>Ministries.Manage</c>) set a bill's responsible ministry where the source names
/// none, or the wrong one. The value is kept beside the scraped state, so re-scrapes keep it, and
/// the API and webhooks prefer it to the source's. A change is told at once as a <c>bill.updated</c> event
/// (to the new ministry's webhooks and feeds), written to the bill's outbox with the change.
/// </summary>
public sealed class StaffBillMinistryApi(BillMinistryService ministries, StaffAccess staff, TimeProvider time, ILogger<StaffBillMinistryApi> logger)
{
    [Function(nameof(SetBillMinistry))]
    public async Task<IActionResult> SetBillMinistry(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/staff/bills/{id}/ministry")] HttpRequest req,
        string id,
        CancellationToken cancellationToken)
    {
        var (member, denied) = await staff.AuthorizeAsync(req, MinistryRoles.Manage, cancellationToken);
        if (member is null)
        {
            return denied!;
        }

        var (body, error) = await StaffJsonBody.ReadAsync<BillMinistryRequestDto>(req, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        if (body.Ministry is not null && !MinistryCatalog.Contains(body.Ministry))
        {
            return ProblemResult.BadRequest([new FieldError("ministry", "Unknown ministry code; GET /api/v1/ministries lists them (null clears the staff-set ministry).",
                "ไม่รู้จักรหัสกระทรวงนี้ ดูรายการได้ที่ GET /api/v1/ministries (ส่ง null เพื่อยกเลิกค่าที่เจ้าหน้าที่กำหนด)")]);
        }

        var result = BillQueryParser.IsPlausibleId(id)
            ? await ministries.SetAsync(id, body.Ministry, member.ObjectId, time.GetUtcNow(), cancellationToken)
            : null;
        if (result is null)
        {
            return ProblemResult.NotFound($"There is no bill '{Shorten(id)}'.", $"ไม่พบร่างกฎหมาย '{Shorten(id)}'");
        }

        logger.LogInformation("Bill {BillId}: responsible ministry set to {Ministry} by {StaffId} (source says {SourceMinistry})",
            id, body.Ministry ?? "(the source's)", member.ObjectId, result.SourceMinistry ?? "nothing");
        return new JsonApiResult(BillMinistryDto.From(result), "no-store");
    }

    private static string Shorten(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
