using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Chantra.Functions.Complaints;

/// <summary>What the complaint functions share: strict JSON bodies with a size limit, and the client's address.</summary>
internal static class ComplaintHttp
{
    /// <summary>
    /// Exactly the documented shape: names as documented (case counts), no unknown or repeated
    /// members, no numbers or booleans in strings, and a shallow depth, so a nesting bomb stops at
    /// the ninth level instead of the serializer's default 64.
    /// </summary>
    public static JsonSerializerOptions BodyOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        PropertyNameCaseInsensitive = false,
        AllowDuplicateProperties = false,
        NumberHandling = JsonNumberHandling.Strict,
        MaxDepth = 8,
    };

    public static async Task<(byte[]? Bytes, IActionResult? Error)> ReadBytesAsync(HttpRequest req, int maxBytes, CancellationToken cancellationToken)
    {
        if (req.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await req.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return (null, TooLarge(maxBytes)); // a body without (or lying about) its length stops here
            }
        }

        return (buffer.ToArray(), null);
    }

    public static (T? Body, IActionResult? Error) Parse<T>(byte[] bytes, string what, string whatTh)
        where T : class
    {
        try
        {
            var body = JsonSerializer.Deserialize<T>(bytes, BodyOptions);
            return body is null ? (null, BadBody("The body is empty or null.", whatTh)) : (body, null);
        }
        catch (JsonException ex)
        {
            // The serializer says what it could not take (a wrong type, an unknown member, invalid UTF-8, too deep).
            var where = ex.Path is { Length: > 0 } p ? $" at {p}" : string.Empty;
            return (null, BadBody($"The body is not {what}{where}: {FirstLine(ex.Message)}", whatTh));
        }
    }

    public static ProblemResult TooLarge(int maxBytes) => new(StatusCodes.Status413PayloadTooLarge, "The body is too large.", "เนื้อหาคำขอใหญ่เกินไป",
        $"A request here is at most {maxBytes / 1024} KB.", $"เนื้อหาคำขอต้องไม่เกิน {maxBytes / 1024} กิโลไบต์");

    /// <summary>The one value of a header, or null when it is absent or given more than once.</summary>
    public static string? Header(HttpRequest req, string name) =>
        req.Headers.TryGetValue(name, out var v) && v.Count == 1 ? v[0] : null;

    /// <summary>
    /// The client's address for rate limits: the first hop of X-Forwarded-For, which Azure Front Door
    /// and App Service set to the address that reached them, else the connection's address. IPv4 as
    /// it is; IPv6 by its /64, which one subscriber gets whole (counting single addresses would let
    /// anyone walk around a limit). Only a keyed hash of it is ever stored.
    /// </summary>
    public static string ClientAddress(HttpRequest req)
    {
        IPAddress? address = null;
        if (req.Headers.TryGetValue("X-Forwarded-For", out var forwarded) && forwarded.Count > 0 && forwarded[0] is { } header)
        {
            var first = header.Split(',')[0].Trim();
            if (!IPAddress.TryParse(first, out address) && IPEndPoint.TryParse(first, out var endpoint))
            {
                address = endpoint.Address; // App Service appends the client's port: "203.0.113.7:51234"
            }
        }

        address ??= req.HttpContext.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            address = new IPAddress(bytes);
        }

        return address.ToString();
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Split(" Path:")[0];

    private static ProblemResult BadBody(string message, string whatTh) =>
        ProblemResult.BadRequest([new FieldError("body", message, $"เนื้อหาคำขอไม่ใช่{whatTh}ที่ถูกต้องตามรูปแบบ")]);
}
