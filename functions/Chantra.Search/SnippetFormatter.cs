using System.Globalization;
using System.Text;

namespace Chantra.Search;

/// <summary>
/// Snippets: a window of a section's text around its densest cluster of matched words, with every
/// run of matched words wrapped in «…». Plain text on purpose: no HTML to escape, and the
/// constitutions contain no guillemets, so a client can turn «…» into bold or &lt;mark&gt; safely.
/// </summary>
public static class SnippetFormatter
{
    /// <summary>Roughly how many characters of the text a snippet shows.</summary>
    public const int DefaultLength = 200;

    public const char OpenMark = '«';
    public const char CloseMark = '»';

    // How far to look for a space to cut at, and how much text to show before the first match.
    private const int SnapDistance = 30;
    private const int LeadChars = 40;

    /// <summary>The start of a text, cut at a space where possible (the snippet of a section jump).</summary>
    public static string Lead(string text) => Format(text, []);

    // Strong matches stay; a weak one stays when it touches (no character between) a kept match,
    // repeated until nothing changes, so a run of weak words between strong ones is marked whole.
    private static List<(int Start, int End, string Term)> KeepWeakTouchingStrong(List<(int Start, int End, string Term)> sorted, IReadOnlySet<string> weak)
    {
        var keep = sorted.Select(s => !weak.Contains(s.Term)).ToArray();
        bool changed;
        do
        {
            changed = false;
            for (var i = 0; i < sorted.Count; i++)
            {
                if (keep[i])
                {
                    continue;
                }

                for (var j = 0; j < sorted.Count; j++)
                {
                    if (keep[j] && (sorted[j].End == sorted[i].Start || sorted[i].End == sorted[j].Start))
                    {
                        keep[i] = true;
                        changed = true;
                        break;
                    }
                }
            }
        }
        while (changed);
        return sorted.Where((_, i) => keep[i]).ToList();
    }

    /// <summary>
    /// The snippet of <paramref name="text"/> with the matches <paramref name="spans"/> (offsets into
    /// <paramref name="text"/>, with the matched term, in any order, possibly overlapping).
    /// </summary>
    /// <param name="text">The section's text.</param>
    /// <param name="spans">The matches.</param>
    /// <param name="weakTerms">
    /// Terms too common to mark on their own (การ, ความ, ใน…): a match of one is marked only where it
    /// touches a marked match of another term, as in «เสรีภาพในการแสดงความคิดเห็น».
    /// </param>
    /// <param name="length">About how many characters to show.</param>
    public static string Format(
        string text,
        IReadOnlyCollection<(int Start, int End, string Term)> spans,
        IReadOnlySet<string>? weakTerms = null,
        int length = DefaultLength)
    {
        if (text.Length == 0)
        {
            return string.Empty;
        }

        var sorted = spans
            .Where(s => s.Start >= 0 && s.End <= text.Length && s.End > s.Start)
            .OrderBy(s => s.Start)
            .ThenByDescending(s => s.End)
            .ToList();
        if (weakTerms is { Count: > 0 })
        {
            sorted = KeepWeakTouchingStrong(sorted, weakTerms);
        }

        // The window start: the match that begins the cluster with the most distinct terms (then the most matches).
        var windowStart = 0;
        if (sorted.Count > 0)
        {
            var best = (Distinct: -1, Count: -1, Start: 0);
            var terms = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < sorted.Count; i++)
            {
                terms.Clear();
                var count = 0;
                for (var j = i; j < sorted.Count && sorted[j].End <= sorted[i].Start + length - LeadChars; j++)
                {
                    terms.Add(sorted[j].Term);
                    count++;
                }

                if (terms.Count > best.Distinct || (terms.Count == best.Distinct && count > best.Count))
                {
                    best = (terms.Count, count, sorted[i].Start);
                }
            }

            windowStart = Math.Max(0, best.Start - LeadChars);
        }

        var start = SnapStart(text, windowStart);
        var end = SnapEnd(text, Math.Min(text.Length, start + length));
        if (end - start < length && start > 0)
        {
            // Near the end of the text: show more before instead.
            start = SnapStart(text, Math.Max(0, end - length));
        }

        // Which characters are inside a match.
        var marked = new bool[end - start];
        foreach (var (s, e, _) in sorted)
        {
            for (var k = Math.Max(s, start); k < Math.Min(e, end); k++)
            {
                marked[k - start] = true;
            }
        }

        var sb = new StringBuilder(end - start + 16);
        if (start > 0)
        {
            sb.Append('…');
        }

        var inMark = false;
        var pendingSpace = false;
        for (var k = start; k < end; k++)
        {
            var c = text[k];
            if (char.IsWhiteSpace(c))
            {
                if (inMark && !(k + 1 < end && marked[k + 1 - start]))
                {
                    sb.Append(CloseMark);
                    inMark = false;
                }

                pendingSpace = sb.Length > 0 && sb[^1] != '…';
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            var m = marked[k - start];
            if (m && !inMark)
            {
                sb.Append(OpenMark);
                inMark = true;
            }
            else if (!m && inMark)
            {
                sb.Append(CloseMark);
                inMark = false;
            }

            sb.Append(c);
        }

        if (inMark)
        {
            sb.Append(CloseMark);
        }

        if (end < text.Length)
        {
            sb.Append('…');
        }

        return sb.ToString();
    }

    // Back to the start of a word: the character after a space within SnapDistance, else at least not
    // inside a grapheme (a Thai vowel or tone mark never starts a snippet).
    private static int SnapStart(string text, int start)
    {
        if (start <= 0)
        {
            return 0;
        }

        for (var k = start; k > Math.Max(0, start - SnapDistance); k--)
        {
            if (char.IsWhiteSpace(text[k - 1]))
            {
                return k;
            }
        }

        while (start > 0 && IsCombining(text[start]))
        {
            start--;
        }

        return start;
    }

    private static int SnapEnd(string text, int end)
    {
        if (end >= text.Length)
        {
            return text.Length;
        }

        for (var k = end; k < Math.Min(text.Length, end + SnapDistance); k++)
        {
            if (char.IsWhiteSpace(text[k]))
            {
                return k;
            }
        }

        while (end < text.Length && IsCombining(text[end]))
        {
            end++;
        }

        return end;
    }

    private static bool IsCombining(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
        || char.IsLowSurrogate(c);
}
