using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Chantra.Functions.Library;

/// <summary>
/// The library list's continuation token: opaque to clients, the number of entries already served, bound
/// to the query, filters and page size it was issued for, so a token replayed with other ones (or edited)
/// is refused rather than skipping or repeating entries. The library is ranked in memory, so an offset is
/// the position; an entry staff add or delete between two pages can shift the rest by one.
/// </summary>
internal static class LibraryPageToken
{
    private const string Version = "1";

    public static string Write(int offset, string filters) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Version}|{filters}|{offset.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>The offset the token carries; null when it is not one we issued for these <paramref name="filters"/>.</summary>
    public static int? Read(string token, string filters)
    {
        if (token.Length > 256)
        {
            return null;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            return null;
        }

        var parts = text.Split('|');
        return parts.Length == 3 && parts[0] == Version && parts[1] == filters
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : null;
    }

    /// <summary>A short digest of what the list was asked (a field separator no parameter can hold keeps them apart).</summary>
    public static string Filters(string? q, string? type, string? tag, int pageSize) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001F', q ?? "\u0000", type ?? "\u0000", tag ?? "\u0000", pageSize.ToString(CultureInfo.InvariantCulture)))).AsSpan(0, 12));
}
