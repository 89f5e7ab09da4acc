using System.Globalization;
using System.Text;

namespace Chantra.Domain.Complaints;

/// <summary>
/// How citizens' text is kept and compared. Text is stored as text, never as markup: HTML such as
/// <c>&lt;script&gt;</c> is kept literally (every output is JSON, which encodes it; no page of ours renders it),
/// while control characters, which have no business in a letter to the Senate and confuse logs and
/// terminals, are removed.
/// </summary>
public static class ComplaintText
{
    /// <summary>
    /// Removes C0 and C1 control characters except line feed and tab (a CR LF or lone CR becomes a
    /// line feed), and trims the ends. Everything else — Thai combining marks, emoji, angle brackets,
    /// quotes — is kept exactly as sent.
    /// </summary>
    public static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                sb.Append('\n');
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
            }
            else if (c is '\n' or '\t' || !char.IsControl(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Trim();
    }

    /// <summary>Whether a text has at least one Thai or Latin letter or a digit: what a text in Thai or English has.</summary>
    public static bool HasThaiOrLatinContent(string text)
    {
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || (c >= '\u0E01' && c <= '\u0E5B') || (char.IsLetter(c) && c < '\u0250'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Length of the character shingles <see cref="Similarity"/> compares.</summary>
    public const int ShingleLength = 5;

    /// <summary>
    /// Jaccard similarity (0–1) of two texts' character 5-shingles after <see cref="ForComparison"/>.
    /// Characters, not words: Thai is written without spaces between words, so word shingles
    /// would see a whole Thai sentence as one "word" and never find a near-copy.
    /// </summary>
    public static double Similarity(string a, string b)
    {
        var x = ForComparison(a);
        var y = ForComparison(b);
        if (x.Length < ShingleLength || y.Length < ShingleLength)
        {
            return x.Length > 0 && string.Equals(x, y, StringComparison.Ordinal) ? 1.0 : 0.0;
        }

        var sx = Shingles(x);
        var sy = Shingles(y);
        var common = sx.Count(sy.Contains);
        return (double)common / (sx.Count + sy.Count - common);
    }

    /// <summary>Lower case, compatibility-normalised (full-width letters, ligatures), letters, marks and digits only.</summary>
    public static string ForComparison(string text)
    {
        var normal = ThaiTextDigits(text.Normalize(NormalizationForm.FormKC)).ToLowerInvariant();
        var sb = new StringBuilder(normal.Length);
        foreach (var c in normal)
        {
            var category = char.GetUnicodeCategory(c);
            if (char.IsLetterOrDigit(c) || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static string ThaiTextDigits(string text) => Text.ThaiText.ToArabicDigits(text);

    private static HashSet<string> Shingles(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + ShingleLength <= text.Length; i++)
        {
            set.Add(text.Substring(i, ShingleLength));
        }

        return set;
    }
}
