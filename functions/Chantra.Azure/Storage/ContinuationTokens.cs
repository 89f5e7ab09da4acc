using System.Text;
using Chantra.Domain.Bills;

namespace Chantra.Azure.Storage;

/// <summary>
/// Continuation tokens of the list APIs: opaque to clients, the last row key served, bound to the
/// filters it was issued for, so a token replayed with other filters (or edited) is refused
/// instead of skipping or repeating items.
/// </summary>
internal static class ContinuationTokens
{
    public static string Write(string rowKey, string filterKey) =>
        System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"1|{filterKey}|{rowKey}"));

    public static string Read(string token, string filterKey)
    {
        string text;
        try
        {
            text = token.Length <= 2048
                ? Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token))
                : throw new FormatException("Too long.");
        }
        catch (FormatException)
        {
            throw new InvalidContinuationTokenException("The continuation token is not one this API issued.");
        }

        var parts = text.Split('|', 3);
        if (parts.Length != 3 || parts[0] != "1" || parts[2].Length == 0)
        {
            throw new InvalidContinuationTokenException("The continuation token is not one this API issued.");
        }

        if (parts[1] != filterKey)
        {
            throw new InvalidContinuationTokenException("The continuation token was issued for other filters or another page size.");
        }

        return parts[2];
    }
}
