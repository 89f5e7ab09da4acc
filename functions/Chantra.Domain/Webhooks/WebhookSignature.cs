using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Chantra.Domain.Webhooks;

/// <summary>
/// The signature of a webhook delivery (README, "Verifying a delivery"):
/// <c>v1=</c> + lowercase hex of HMAC-SHA256, keyed with the UTF-8 bytes of the secret, over the
/// UTF-8 bytes of <c>{unix seconds}.{body}</c>. The timestamp is signed with the body so a
/// captured delivery cannot be replayed later under a new timestamp.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "Chantra-Webhook-Id";
    public const string EventIdHeader = "Chantra-Event-Id";
    public const string TimestampHeader = "Chantra-Timestamp";
    public const string SignatureHeader = "Chantra-Signature";
    public const string Scheme = "v1=";
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret: 256 random bits, base64url, with a prefix that makes a leaked one easy to recognise.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Sign(string secret, long unixSeconds, string body)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var payload = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + "." + body);
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(key, payload));
    }

    /// <summary>What a receiver does (the README's recipe), for tests and for anyone porting it.</summary>
    public static bool Verify(string secret, string timestampHeader, string signatureHeader, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var ts)
            || Math.Abs(now.ToUnixTimeSeconds() - ts) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, ts, body));
        return signatureHeader.Split(',', StringSplitOptions.TrimEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }
}
