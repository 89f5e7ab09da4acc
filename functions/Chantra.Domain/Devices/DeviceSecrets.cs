using System.Security.Cryptography;
using System.Text;

namespace Chantra.Domain.Devices;

/// <summary>
/// The per-device secret: 256 random bits, given to the app once, stored only as a SHA-256 hash
/// (a random 256-bit secret needs no salt or stretching), compared in constant time.
/// </summary>
public static class DeviceSecrets
{
    public static string New() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string? presented, string storedHash)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 256)
        {
            return false;
        }

        var a = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        byte[] b;
        try
        {
            b = Convert.FromHexString(storedHash);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
