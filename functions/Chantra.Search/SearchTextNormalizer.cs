using System.Text;
using Lucene.Net.Analysis.CharFilters;

namespace Chantra.Search;

/// <summary>
/// The one normalisation every searched text goes through, section texts and queries alike:
/// <list type="bullet">
/// <item>Thai digits ๐–๙ become Arabic 0–9 (the texts write ๓๔, citizens type 34);</item>
/// <item>the decomposed sara am, nikhahit + sara aa (U+0E4D U+0E32, "ํา"), becomes ำ (U+0E33), and the
/// doubled sara e "เเ" (a common typing of แ) becomes แ;</item>
/// <item>invisible characters are removed: zero-width space/joiners (U+200B–U+200D), word joiner
/// (U+2060), BOM / zero-width no-break space (U+FEFF), soft hyphen (U+00AD), and the bidi marks and
/// controls (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069);</item>
/// <item>(string form only) letters are lower-cased and whitespace runs collapse to one space, trimmed.
/// In the index the analyzer's tokenizer splits on whitespace and its LowerCaseFilter lower-cases, so
/// both forms give the same words.</item>
/// </list>
/// <see cref="Normalize"/> is the string form (queries, the section jump, the substring scan);
/// <see cref="CharMap"/> is the same table as a Lucene <see cref="MappingCharFilter"/> map, which the
/// analyzer puts in front of its tokenizer, so offsets still point into the original text (snippets
/// show the text as published, with its Thai digits).
/// </summary>
public static class SearchTextNormalizer
{
    /// <summary>Characters that are removed: zero-width, BOM, soft hyphen, bidi marks and controls.</summary>
    public static bool IsIgnorable(char c) => c is
        '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD'
        or '\u200E' or '\u200F' or '\u061C'
        or (>= '\u202A' and <= '\u202E')
        or (>= '\u2066' and <= '\u2069');

    private static readonly string[] IgnorableChars =
    [
        "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u200E", "\u200F", "\u061C",
        "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069",
    ];

    /// <summary>
    /// The char-filter form of the same table, in two steps like <see cref="Normalize"/>: first the
    /// invisible characters go (so "ํ\u200Bา" is still sara am), then digits and spellings are mapped.
    /// Used by <see cref="ThaiSearchAnalyzer"/>.
    /// </summary>
    public static NormalizeCharMap InvisibleCharMap { get; } = BuildInvisibleCharMap();

    /// <inheritdoc cref="InvisibleCharMap"/>
    public static NormalizeCharMap CharMap { get; } = BuildCharMap();

    private static NormalizeCharMap BuildInvisibleCharMap()
    {
        var builder = new NormalizeCharMap.Builder();
        foreach (var c in IgnorableChars)
        {
            builder.Add(c, string.Empty);
        }

        return builder.Build();
    }

    private static NormalizeCharMap BuildCharMap()
    {
        var builder = new NormalizeCharMap.Builder();
        for (var d = 0; d < 10; d++)
        {
            builder.Add(((char)('๐' + d)).ToString(), ((char)('0' + d)).ToString());
        }

        builder.Add("\u0E4D\u0E32", "\u0E33");
        builder.Add("\u0E40\u0E40", "\u0E41");
        return builder.Build();
    }

    /// <summary>
    /// The normalised string form: invisible characters removed, then digits and spellings mapped,
    /// lower case, whitespace collapsed and trimmed. Null or blank gives "".
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // Step 1: drop invisible characters, collapse whitespace.
        var visible = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (IsIgnorable(c))
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = visible.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                visible.Append(' ');
                pendingSpace = false;
            }

            visible.Append(c);
        }

        // Step 2: digits, sara am, doubled sara e, lower case.
        var sb = new StringBuilder(visible.Length);
        for (var i = 0; i < visible.Length; i++)
        {
            var c = visible[i];
            var next = i + 1 < visible.Length ? visible[i + 1] : '\0';
            if (c is >= '๐' and <= '๙')
            {
                sb.Append((char)('0' + (c - '๐')));
            }
            else if (c == '\u0E4D' && next == '\u0E32')
            {
                sb.Append('\u0E33');
                i++;
            }
            else if (c == '\u0E40' && next == '\u0E40')
            {
                sb.Append('\u0E41');
                i++;
            }
            else
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }
}
