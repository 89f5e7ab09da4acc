using System.Text.Json;
using Chantra.Domain.Devices;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Devices;

/// <summary>
/// Push registration: the apps' only door to Notification Hubs. Anonymous, but every call after
/// the first must carry the device's secret in <c>X-Device-Secret</c>.
/// </summary>
public sealed class DevicesApi(DeviceService devices, ILogger<DevicesApi> logger)
{
    public const string SecretHeader = "X-Device-Secret";
    private const int MaxBodyBytes = 16 * 1024;

    private static readonly JsonSerializerOptions BodyOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 8,
    };

    [Function(nameof(PutDevice))]
    public async Task<IActionResult> PutDevice(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/devices/{installationId}")] HttpRequest req,
        string installationId,
        CancellationToken cancellationToken)
    {
        var (body, error) = await ReadBodyAsync(req, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        var platform = body.Platform switch
        {
            "apns" => DevicePlatform.Apns,
            "fcmv1" => DevicePlatform.FcmV1,
            _ => (DevicePlatform?)null,
        };
        if (platform is null)
        {
            return ProblemResult.BadRequest([new FieldError("platform", "Platform is 'fcmv1' (Android) or 'apns' (iOS).", "แพลตฟอร์มต้องเป็น 'fcmv1' (Android) หรือ 'apns' (iOS)")]);
        }

        var registration = new DeviceRegistration(installationId, platform.Value, body.PushChannel ?? string.Empty, body.Language ?? string.Empty,
            (body.Follows ?? new FollowsDto()).ToDomain());
        var result = await devices.RegisterAsync(registration, Secret(req), cancellationToken);
        return result.Outcome switch
        {
            DeviceOutcome.Created => new JsonApiResult(DeviceDto.From(result.Device!, result.NewSecret), "no-store", StatusCodes.Status201Created),
            DeviceOutcome.Updated => new JsonApiResult(DeviceDto.From(result.Device!), "no-store"),
            _ => Failure(result),
        };
    }

    [Function(nameof(GetDevice))]
    public async Task<IActionResult> GetDevice(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/devices/{installationId}")] HttpRequest req,
        string installationId,
        CancellationToken cancellationToken)
    {
        var result = await devices.GetAsync(installationId, Secret(req), cancellationToken);
        return result.Outcome == DeviceOutcome.Found ? new JsonApiResult(DeviceDto.From(result.Device!), "private, no-cache") : Failure(result);
    }

    [Function(nameof(DeleteDevice))]
    public async Task<IActionResult> DeleteDevice(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/devices/{installationId}")] HttpRequest req,
        string installationId,
        CancellationToken cancellationToken)
    {
        var result = await devices.DeleteAsync(installationId, Secret(req), cancellationToken);
        return result.Outcome == DeviceOutcome.Deleted ? new EmptyApiResult(StatusCodes.Status204NoContent) : Failure(result);
    }

    [Function(nameof(FollowBill))]
    public Task<IActionResult> FollowBill(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/devices/{installationId}/follows/bills/{billId}")] HttpRequest req,
        string installationId,
        string billId,
        CancellationToken cancellationToken) => SetFollowAsync(req, installationId, billId, true, cancellationToken);

    [Function(nameof(UnfollowBill))]
    public Task<IActionResult> UnfollowBill(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/devices/{installationId}/follows/bills/{billId}")] HttpRequest req,
        string installationId,
        string billId,
        CancellationToken cancellationToken) => SetFollowAsync(req, installationId, billId, false, cancellationToken);

    private async Task<IActionResult> SetFollowAsync(HttpRequest req, string installationId, string billId, bool follow, CancellationToken cancellationToken)
    {
        var result = await devices.SetBillFollowAsync(installationId, billId, follow, Secret(req), cancellationToken);
        return result.Outcome == DeviceOutcome.Updated ? new JsonApiResult(DeviceDto.From(result.Device!), "no-store") : Failure(result);
    }

    private static string? Secret(HttpRequest req) =>
        req.Headers.TryGetValue(SecretHeader, out var v) && v.Count == 1 ? v[0] : null;

    private IActionResult Failure(DeviceResult result)
    {
        switch (result.Outcome)
        {
            case DeviceOutcome.Invalid:
                return ProblemResult.BadRequest(result.Errors!.Select(e => new FieldError(e.Field, e.Message, e.MessageTh)).ToList());
            case DeviceOutcome.Unauthorized:
                return ProblemResult.Unauthorized($"This installation is registered; send its secret in {SecretHeader}.",
                    $"อุปกรณ์นี้ลงทะเบียนไว้แล้ว กรุณาส่งรหัสลับของอุปกรณ์ในส่วนหัว {SecretHeader}");
            case DeviceOutcome.NotFound:
                return ProblemResult.NotFound("There is no such device.", "ไม่พบอุปกรณ์นี้");
            case DeviceOutcome.Conflict:
                return ProblemResult.Conflict("The device was changed by another request at the same time; send the request again.",
                    "อุปกรณ์ถูกแก้ไขโดยคำขออื่นในเวลาเดียวกัน กรุณาส่งคำขออีกครั้ง");
            default:
                logger.LogWarning("Device request ended {Outcome}", result.Outcome);
                return new RetryAfterResult(ProblemResult.Unavailable("The push service did not answer; nothing was changed. Try again shortly.",
                    "บริการแจ้งเตือนไม่ตอบสนอง ยังไม่มีการเปลี่ยนแปลงใด ๆ กรุณาลองใหม่อีกครั้ง"), seconds: 30);
        }
    }

    private static async Task<(DeviceRequestDto? Body, IActionResult? Error)> ReadBodyAsync(HttpRequest req, CancellationToken cancellationToken)
    {
        if (req.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await req.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                return (null, TooLarge());
            }
        }

        try
        {
            var body = JsonSerializer.Deserialize<DeviceRequestDto>(buffer.ToArray(), BodyOptions);
            return body is null ? (null, BadBody("The body is empty.")) : (body, null);
        }
        catch (JsonException ex)
        {
            // The serializer names what it could not take, e.g. a "tags" member: tags are the server's to decide.
            var what = ex.Path is { Length: > 0 } p ? $" at {p}" : string.Empty;
            return (null, BadBody($"The body is not a device registration{what}: {FirstLine(ex.Message)}"));
        }
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Split(" Path:")[0];

    private static ProblemResult BadBody(string message) =>
        ProblemResult.BadRequest([new FieldError("body", message, "เนื้อหาคำขอไม่ใช่ข้อมูลการลงทะเบียนอุปกรณ์ที่ถูกต้อง (แท็กกำหนดโดยเซิร์ฟเวอร์เท่านั้น)")]);

    private static ProblemResult TooLarge() => new(StatusCodes.Status413PayloadTooLarge, "The body is too large.", "เนื้อหาคำขอใหญ่เกินไป",
        $"A device registration is at most {MaxBodyBytes} bytes.", $"ข้อมูลการลงทะเบียนอุปกรณ์ต้องไม่เกิน {MaxBodyBytes} ไบต์");
}

/// <summary>Adds Retry-After to an answer (503: when to try again).</summary>
public sealed class RetryAfterResult(IActionResult inner, int seconds) : IActionResult
{
    public IActionResult Inner { get; } = inner;

    public Task ExecuteResultAsync(ActionContext context)
    {
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Inner.ExecuteResultAsync(context);
    }
}
