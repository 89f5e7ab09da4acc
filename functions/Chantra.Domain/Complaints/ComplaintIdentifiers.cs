using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Chantra.Domain.Devices;
using Chantra.Domain.Text;

namespace Chantra.Domain.Complaints;

/// <summary>
/// The 13-digit Thai national ID (เลขประจำตัวประชาชน): the first 12 digits weighted 13..2,
/// check digit = (11 − sum mod 11) mod 10; the first digit (the person's category) is never 0.
/// </summary>
public static class ThaiNationalId
{
    public static bool IsValid(string? text) => Normalize(text) is not null;

    /// <summary>The 13 ASCII digits, or null when the text is not a valid ID. Spaces and dashes
    /// are ignored and Thai digits (๐–๙) read as their Arabic equivalents, as people type them
    /// every way.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
        {
            return null;
        }

        Span<char> digits = stackalloc char[13];
        var count = 0;
        foreach (var c in ThaiText.ToArabicDigits(text))
        {
            if (char.IsWhiteSpace(c) || IsDash(c))
            {
                continue;
            }
            if (!char.IsAsciiDigit(c) || count == digits.Length)
            {
                return null;
            }
            digits[count++] = c;
        }

        if (count != 13 || digits[0] == '0')
        {
            return null;
        }

        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (digits[i] - '0') * (13 - i);
        }
        var check = (11 - (sum % 11)) % 10;
        return check == digits[12] - '0' ? new string(digits) : null;
    }

    /// <summary>The last four digits, which staff may see to tell people apart.</summary>
    /// <exception cref="ArgumentException">Not a valid ID.</exception>
    public static string LastFour(string text) =>
        Normalize(text)?[^4..] ?? throw new ArgumentException("Not a valid Thai national ID.", nameof(text));

    internal static bool IsDash(char c) => c is '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212';
}

/// <summary>
/// A complaint's tracking number, e.g. <c>ร-2569-7K3M9QX</c>: a prefix by kind, the Buddhist-era
/// year (Bangkok time), six random characters and one check character, in Crockford's base32
/// alphabet (<c>0-9 A-Z</c> without I, L, O, U, so nothing is misread).
/// <list type="bullet">
/// <item>Prefixes: complaint ร (เรื่องร้องเรียน) / R, suggestion ข (ข้อเสนอแนะ) / S, petition ค (คำร้อง) / P.
/// <see cref="Value"/> (Thai) is what people see; <see cref="TagId"/> (ASCII, e.g. <c>R-2569-7K3M9QX</c>)
/// is for Table Storage keys and push tags, which allow only <c>[A-Za-z0-9_@#.:-]</c>.</item>
/// <item>Check character: the symbols of <c>{ASCII prefix}{year}{random}</c> as elements of GF(32)
/// (polynomial x⁵+x²+1), the i-th (from 0) multiplied by α^(i+1), all added (XOR). Every position has
/// its own nonzero weight, so any single substitution and any transposition of two different
/// characters (adjacent or not, the check character included) changes the check.</item>
/// <item>Guessing: 6 × 5 = 30 random bits per kind and year. The number is not a secret — the
/// <see cref="TrackingToken"/> is — it only must not be enumerable.</item>
/// </list>
/// </summary>
public sealed record TrackingNumber
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int RandomLength = 6;

    private const int BuddhistEraOffset = 543;
    private const int CompactLength = 1 + 4 + RandomLength + 1;
    private const int FieldPolynomial = 0b100101;

    // Thailand has had no daylight saving time since 1920: the year turns at 00:00 UTC+7.
    private static readonly TimeSpan BangkokOffset = TimeSpan.FromHours(7);

    private TrackingNumber(ComplaintKind kind, int buddhistYear, string code)
    {
        Kind = kind;
        BuddhistYear = buddhistYear;
        Code = code;
    }

    public ComplaintKind Kind { get; }

    public int BuddhistYear { get; }

    /// <summary>The random characters and the check character.</summary>
    public string Code { get; }

    /// <summary>The form people see: <c>ร-2569-7K3M9QX</c>.</summary>
    public string Value => string.Create(CultureInfo.InvariantCulture, $"{ThaiPrefix(Kind)}-{BuddhistYear:D4}-{Code}");

    /// <summary>The ASCII form for keys and push tags: <c>R-2569-7K3M9QX</c>.</summary>
    public string TagId => string.Create(CultureInfo.InvariantCulture, $"{AsciiPrefix(Kind)}-{BuddhistYear:D4}-{Code}");

    public static TrackingNumber New(ComplaintKind kind, DateTimeOffset now)
    {
        var year = now.ToOffset(BangkokOffset).Year + BuddhistEraOffset;
        var random = RandomNumberGenerator.GetString(Alphabet, RandomLength);
        return new TrackingNumber(kind, year, random + Alphabet[CheckValue(kind, year, random)]);
    }

    /// <summary>Reads a number as people type it: Thai or ASCII prefix, any case, Thai or Arabic digits,
    /// with or without dashes and spaces, O read as 0 and I/L as 1. False for anything else,
    /// including a wrong check character.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out TrackingNumber? number)
    {
        number = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
        {
            return false;
        }

        var compact = new StringBuilder(CompactLength);
        foreach (var c in ThaiText.ToArabicDigits(text))
        {
            if (char.IsWhiteSpace(c) || ThaiNationalId.IsDash(c))
            {
                continue;
            }
            if (compact.Length == CompactLength)
            {
                return false;
            }
            compact.Append(c);
        }
        if (compact.Length != CompactLength || !TryReadPrefix(compact[0], out var kind))
        {
            return false;
        }

        Span<char> rest = stackalloc char[CompactLength - 1];
        for (var i = 1; i < CompactLength; i++)
        {
            var c = Canonical(compact[i]);
            if (c is null || (i <= 4 && !char.IsAsciiDigit(c.Value)))
            {
                return false;
            }
            rest[i - 1] = c.Value;
        }

        var year = int.Parse(rest[..4], NumberStyles.None, CultureInfo.InvariantCulture);
        var random = new string(rest[4..^1]);
        if (Alphabet[CheckValue(kind, year, random)] != rest[^1])
        {
            return false;
        }

        number = new TrackingNumber(kind, year, random + rest[^1]);
        return true;
    }

    /// <exception cref="FormatException">Not a valid tracking number.</exception>
    public static TrackingNumber Parse(string text) =>
        TryParse(text, out var number) ? number : throw new FormatException("Not a valid tracking number.");

    public override string ToString() => Value;

    public static char ThaiPrefix(ComplaintKind kind) => kind switch
    {
        ComplaintKind.Complaint => 'ร',
        ComplaintKind.Suggestion => 'ข',
        ComplaintKind.Petition => 'ค',
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static char AsciiPrefix(ComplaintKind kind) => kind switch
    {
        ComplaintKind.Complaint => 'R',
        ComplaintKind.Suggestion => 'S',
        ComplaintKind.Petition => 'P',
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static bool TryReadPrefix(char c, out ComplaintKind kind)
    {
        switch (char.ToUpperInvariant(c))
        {
            case 'ร' or 'R':
                kind = ComplaintKind.Complaint;
                return true;
            case 'ข' or 'S':
                kind = ComplaintKind.Suggestion;
                return true;
            case 'ค' or 'P':
                kind = ComplaintKind.Petition;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    // Crockford's decoding: case-insensitive, O → 0, I and L → 1; U (and all else) is not a symbol.
    private static char? Canonical(char c)
    {
        var upper = char.ToUpperInvariant(c);
        upper = upper switch
        {
            'O' => '0',
            'I' or 'L' => '1',
            _ => upper,
        };
        return upper < 128 && Alphabet.Contains(upper, StringComparison.Ordinal) ? upper : null;
    }

    private static int CheckValue(ComplaintKind kind, int year, string random)
    {
        var symbols = string.Create(CultureInfo.InvariantCulture, $"{AsciiPrefix(kind)}{year:D4}{random}");
        var weight = 1;
        var check = 0;
        foreach (var symbol in symbols)
        {
            weight = Multiply(weight, 2);
            check ^= Multiply(Alphabet.IndexOf(symbol, StringComparison.Ordinal), weight);
        }
        return check;
    }

    // Multiplication in GF(2^5) modulo x^5 + x^2 + 1, for which α = x (2) is primitive (order 31).
    private static int Multiply(int a, int b)
    {
        var product = 0;
        while (b != 0)
        {
            if ((b & 1) != 0)
            {
                product ^= a;
            }
            b >>= 1;
            a <<= 1;
            if ((a & 0b100000) != 0)
            {
                a ^= FieldPolynomial;
            }
        }
        return product;
    }
}

/// <summary>
/// The secret that lets a citizen follow their complaint: 256 random bits as base64url, shown once,
/// stored only as a SHA-256 hash, compared in constant time — the same scheme as device secrets.
/// </summary>
public static class TrackingToken
{
    public static string New() => DeviceSecrets.New();

    public static string Hash(string token) => DeviceSecrets.Hash(token);

    public static bool Matches(string? presented, string storedHash) => DeviceSecrets.Matches(presented, storedHash);
}
