using Chantra.Domain.Complaints;
using Chantra.Functions.Devices;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Chantra.Functions.Staff;

/// <summary>
/// The first line of every staff function: the signed-in staff member, or the problem+json answer
/// to return instead (401 with a Bearer challenge, 403, or 503 with Retry-After).
/// </summary>
/// <example><code>
/// var (member, denied) = await staff.AuthorizeAsync(req, StaffRoles.ComplaintsManage, cancellationToken);
/// if (member is null) return denied!;
/// </code></example>
public sealed class StaffAccess(StaffAuthenticator authenticator)
{
    /// <summary>Seconds a client waits before trying again when the tenant's keys could not be fetched.</summary>
    public const int RetryAfterSeconds = 30;

    public async Task<(StaffMember? Member, IActionResult? Denied)> AuthorizeAsync(HttpRequest req, string role, CancellationToken ct)
    {
        var result = await authenticator.AuthenticateAsync(req, role, ct);
        return result.Outcome == StaffAuthOutcome.Authenticated ? (result.Member, null) : (null, Denied(result, role));
    }

    /// <summary>The answer for a refused request; public so other staff entry points answer alike.</summary>
    public static IActionResult Denied(StaffAuthResult result, string role) => result.Outcome switch
    {
        StaffAuthOutcome.Unauthenticated when result.NoTokenSent => new WwwAuthenticateResult(
            ProblemResult.Unauthorized(
                "Sign in with a staff account: send its Entra ID access token as 'Authorization: Bearer <token>'.",
                "กรุณาลงชื่อเข้าใช้ด้วยบัญชีเจ้าหน้าที่ โดยส่งโทเค็นการเข้าถึงของ Entra ID ในส่วนหัว 'Authorization: Bearer <token>'"),
            StaffAuthResult.BareChallenge),
        StaffAuthOutcome.Unauthenticated => new WwwAuthenticateResult(
            ProblemResult.Unauthorized(
                "The access token is malformed, expired, or not issued for this API by the Senate's tenant; sign in again.",
                "โทเค็นการเข้าถึงไม่ถูกต้อง หมดอายุ หรือไม่ได้ออกให้ระบบนี้โดยผู้เช่าของวุฒิสภา กรุณาลงชื่อเข้าใช้อีกครั้ง"),
            result.Challenge ?? StaffAuthResult.InvalidTokenChallenge),
        StaffAuthOutcome.Forbidden => new WwwAuthenticateResult(
            new ProblemResult(
                StatusCodes.Status403Forbidden,
                "Forbidden.",
                "ไม่มีสิทธิ์ดำเนินการ",
                $"Your account does not have the {role} role.",
                $"บัญชีของคุณไม่มีบทบาท {role}"),
            result.Challenge ?? StaffAuthResult.InsufficientScopeChallenge),
        _ => new RetryAfterResult(
            ProblemResult.Unavailable(
                "Staff sign-in cannot be checked right now; try again shortly.",
                "ขณะนี้ไม่สามารถตรวจสอบการลงชื่อเข้าใช้ของเจ้าหน้าที่ได้ กรุณาลองใหม่อีกครั้งในอีกสักครู่"),
            RetryAfterSeconds),
    };
}

/// <summary>Adds a <c>WWW-Authenticate</c> challenge (RFC 6750) to an answer.</summary>
public sealed class WwwAuthenticateResult(IActionResult inner, string challenge) : IActionResult
{
    public IActionResult Inner { get; } = inner;

    public string Challenge { get; } = challenge;

    public Task ExecuteResultAsync(ActionContext context)
    {
        context.HttpContext.Response.Headers.WWWAuthenticate = Challenge;
        return Inner.ExecuteResultAsync(context);
    }
}
