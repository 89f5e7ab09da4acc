using System.Text.Json;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Chantra.Functions.Ministry;

/// <summary>Reads the small JSON bodies of the ministry and webhook staff APIs: bounded, strict, errors as problem+json.</summary>
internal static class StaffJsonBody
{
    public const int MaxBytes = 4 * 1024;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 4,
    };

    public static async Task<(T? Body, IActionResult? Error)> ReadAsync<T>(HttpRequest req, CancellationToken cancellationToken)
        where T : class
    {
        if (req.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[1024];
        int read;
        while ((read = await req.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return (null, TooLarge());
            }
        }

        try
        {
            var body = buffer.Length == 0 ? null : JsonSerializer.Deserialize<T>(buffer.ToArray(), Options);
            return body is null ? (null, Bad("The body is empty; send a JSON object.")) : (body, null);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } p ? $" at {p}" : string.Empty;
            return (null, Bad($"The body is not the expected JSON object{where}: {ex.Message.Split('\n')[0].Split(" Path:")[0]}"));
        }
    }

    private static ProblemResult Bad(string message) =>
        ProblemResult.BadRequest([new FieldError("body", message, "เนื้อหาคำขอไม่ใช่ออบเจกต์ JSON ตามที่กำหนด")]);

    private static ProblemResult TooLarge() => new(StatusCodes.Status413PayloadTooLarge, "The body is too large.", "เนื้อหาคำขอใหญ่เกินไป",
        $"At most {MaxBytes} bytes.", $"ต้องไม่เกิน {MaxBytes} ไบต์");
}
