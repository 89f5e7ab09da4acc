using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Chantra.Functions.Http;

/// <summary>
/// A JSON answer with a strong ETag over its bytes. A client that sends the same ETag in
/// If-None-Match gets 304 and no body: mobile data is expensive, and most polls find nothing new.
/// Results write the response themselves, so they behave the same in the Functions host and the dev host.
/// </summary>
public sealed class JsonApiResult(object body, string cacheControl = "public, max-age=30, must-revalidate", int statusCode = StatusCodes.Status200OK) : IActionResult
{
    public object Body { get; } = body;

    public int StatusCode { get; } = statusCode;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(Body, Body.GetType(), ApiJson.Options);
        await EntityTags.WriteAsync(context.HttpContext, bytes, "application/json; charset=utf-8", cacheControl, StatusCode);
    }
}

/// <summary>
/// A body that is not JSON (the meeting calendar), under the same ETag, If-None-Match and caching
/// rules as <see cref="JsonApiResult"/>.
/// </summary>
public sealed class ContentApiResult(byte[] body, string contentType, string cacheControl) : IActionResult
{
    public byte[] Body { get; } = body;

    public string ContentType { get; } = contentType;

    public Task ExecuteResultAsync(ActionContext context) =>
        EntityTags.WriteAsync(context.HttpContext, Body, ContentType, cacheControl, StatusCodes.Status200OK);
}

/// <summary>The strong ETag over a body's bytes and the 304 that answers a matching If-None-Match.</summary>
internal static class EntityTags
{
    /// <summary>The first 128 bits of the SHA-256 of the bytes, quoted.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) =>
        "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16)) + "\"";

    public static async Task WriteAsync(HttpContext http, byte[] bytes, string contentType, string cacheControl, int statusCode)
    {
        var etag = Of(bytes);
        var request = http.Request;
        var response = http.Response;
        response.Headers.ETag = etag;
        response.Headers.CacheControl = cacheControl;
        response.Headers.Vary = "Accept-Encoding";

        if (statusCode == StatusCodes.Status200OK && Matches(request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, http.RequestAborted);
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Count == 0)
        {
            return false;
        }

        // If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/"x" matches "x".
        if (!EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
        {
            return false;
        }

        var ours = new EntityTagHeaderValue(etag);
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(ours, useStrongComparison: false));
    }
}

/// <summary>An answer without a body (204), written directly like every other result here.</summary>
public sealed class EmptyApiResult(int statusCode) : IActionResult
{
    public int StatusCode { get; } = statusCode;

    public Task ExecuteResultAsync(ActionContext context)
    {
        context.HttpContext.Response.StatusCode = StatusCode;
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }
}

/// <summary>One invalid input: which parameter, and what is wrong with it in English and Thai.</summary>
public sealed record FieldError(string Parameter, string Message, string MessageTh)
{
    /// <summary>A list's <c>continuationToken</c> that is not one it issued, or was issued for other filters.</summary>
    public static FieldError InvalidContinuationToken(string reason) =>
        new("continuationToken", reason, "โทเคนนี้ไม่ได้ออกโดยระบบ หรือออกให้กับตัวกรองอื่น ส่งโทเคนของหน้าก่อนหน้ากลับมาโดยไม่แก้ไข");
}

/// <summary>
/// An RFC 9457 problem+json answer. <c>title</c> and <c>detail</c> are English, <c>titleTh</c> and
/// <c>detailTh</c> Thai; never a stack trace.
/// </summary>
public sealed class ProblemResult(int status, string title, string titleTh, string? detail = null, string? detailTh = null, IReadOnlyList<FieldError>? errors = null) : IActionResult
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string TitleTh { get; } = titleTh;
    public IReadOnlyList<FieldError>? Errors { get; } = errors;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var http = context.HttpContext;
        var body = new Dictionary<string, object?>
        {
            ["type"] = "https://chantra.senate.go.th/problems/" + Status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["title"] = Title,
            ["titleTh"] = TitleTh,
            ["status"] = Status,
            ["detail"] = detail,
            ["detailTh"] = detailTh,
            ["instance"] = http.Request.Path.Value,
            ["errors"] = Errors,
            ["traceId"] = http.TraceIdentifier,
        };
        http.Response.StatusCode = Status;
        http.Response.ContentType = "application/problem+json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(http.Response.Body, body, ApiJson.Options, http.RequestAborted);
    }

    public static ProblemResult BadRequest(IReadOnlyList<FieldError> errors) => new(
        StatusCodes.Status400BadRequest,
        "One or more parameters are invalid.",
        "พารามิเตอร์บางรายการไม่ถูกต้อง",
        string.Join(" ", errors.Select(e => $"{e.Parameter}: {e.Message}")),
        string.Join(" ", errors.Select(e => $"{e.Parameter}: {e.MessageTh}")),
        errors);

    public static ProblemResult NotFound(string what, string whatTh) => new(
        StatusCodes.Status404NotFound,
        "Not found.",
        "ไม่พบข้อมูล",
        what,
        whatTh);

    public static ProblemResult Unauthorized(string detail, string detailTh) => new(
        StatusCodes.Status401Unauthorized,
        "Not allowed.",
        "ไม่ได้รับอนุญาต",
        detail,
        detailTh);

    public static ProblemResult Conflict(string detail, string detailTh) => new(
        StatusCodes.Status409Conflict,
        "Changed at the same time by another request.",
        "ข้อมูลถูกแก้ไขพร้อมกันโดยคำขออื่น",
        detail,
        detailTh);

    public static ProblemResult Unavailable(string detail, string detailTh) => new(
        StatusCodes.Status503ServiceUnavailable,
        "The service is not ready.",
        "ระบบยังไม่พร้อมให้บริการ",
        detail,
        detailTh);
}
