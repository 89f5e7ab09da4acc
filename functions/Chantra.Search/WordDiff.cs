using System.Text;
using Lucene.Net.Analysis.TokenAttributes;

namespace Chantra.Search;

/// <summary>What a stretch of a word diff is.</summary>
public enum WordDiffKind
{
    /// <summary>In both texts.</summary>
    Equal,

    /// <summary>Only in the second (newer) text.</summary>
    Added,

    /// <summary>Only in the first (older) text.</summary>
    Removed,
}

/// <summary>One stretch of a word diff: consecutive tokens of one kind, as written in the text they come from.</summary>
public sealed record WordDiffSegment(WordDiffKind Kind, string Text);

/// <summary>
/// A word-level diff of two Thai texts (two versions of a section). Words are cut by the search's own
/// tokenizer (ThaiTokenizer: ICU dictionary word breaking, no stop words, after
/// <see cref="SearchTextNormalizer"/>'s char maps), and what lies between words becomes tokens too
/// (a run of whitespace, each punctuation mark), so nothing is lost. Tokens compare by their
/// normalised form: ๓๔ equals 34, ํา equals ำ, any run of whitespace equals any other (a line break
/// between paragraphs equals a space), and invisible characters (zero-width, bidi marks) don't count.
/// An Equal segment is written as in <c>b</c>, so the Equal and Added segments give <c>b</c> exactly,
/// and the Equal and Removed ones give <c>a</c> up to that normalisation. The diff is Myers' O(ND) algorithm over the tokens, after the common prefix
/// and suffix are set aside; Removed comes before Added where a stretch was replaced.
/// </summary>
public static class WordDiff
{
    // Past this many differences (a completely rewritten long section) the middle is shown as one
    // removal and one addition instead of spending O(D²) memory on the exact edit script.
    private const int MaxEditDistance = 4_000;

    private static readonly ThaiSearchAnalyzer Tokenizer = new(SearchAnalyzerKind.ThaiNoStopWords);

    /// <summary>Compares <paramref name="a"/> (older) with <paramref name="b"/> (newer).</summary>
    public static IReadOnlyList<WordDiffSegment> Compare(string? a, string? b)
    {
        var ta = Tokens(a ?? string.Empty);
        var tb = Tokens(b ?? string.Empty);

        // Token keys as ints, so comparing is cheap.
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var ka = ta.Select(t => Id(ids, t.Key)).ToArray();
        var kb = tb.Select(t => Id(ids, t.Key)).ToArray();

        var ops = new List<(WordDiffKind Kind, string Text)>(ta.Count + tb.Count);
        var prefix = 0;
        while (prefix < ka.Length && prefix < kb.Length && ka[prefix] == kb[prefix])
        {
            ops.Add((WordDiffKind.Equal, tb[prefix].Text));
            prefix++;
        }

        var suffix = 0;
        while (suffix < ka.Length - prefix && suffix < kb.Length - prefix && ka[^(suffix + 1)] == kb[^(suffix + 1)])
        {
            suffix++;
        }

        ops.AddRange(Myers(ka.AsSpan(prefix, ka.Length - prefix - suffix), kb.AsSpan(prefix, kb.Length - prefix - suffix), prefix, ta, tb));
        for (var i = kb.Length - suffix; i < kb.Length; i++)
        {
            ops.Add((WordDiffKind.Equal, tb[i].Text));
        }

        // Merge neighbours of one kind.
        var segments = new List<WordDiffSegment>();
        var sb = new StringBuilder();
        WordDiffKind? current = null;
        foreach (var (kind, text) in ops)
        {
            if (current is not null && kind != current)
            {
                segments.Add(new WordDiffSegment(current.Value, sb.ToString()));
                sb.Clear();
            }

            current = kind;
            sb.Append(text);
        }

        if (current is not null && sb.Length > 0)
        {
            segments.Add(new WordDiffSegment(current.Value, sb.ToString()));
        }

        return segments;
    }

    /// <summary>The tokens a text is cut into for the diff: words, whitespace runs, single other characters.</summary>
    public static IReadOnlyList<string> Tokenize(string text) => Tokens(text).Select(t => t.Text).ToList();

    private static int Id(Dictionary<string, int> ids, string key)
    {
        if (!ids.TryGetValue(key, out var id))
        {
            id = ids.Count;
            ids.Add(key, id);
        }

        return id;
    }

    private readonly record struct Token(string Text, string Key);

    private static List<Token> Tokens(string text)
    {
        var tokens = new List<Token>();
        if (text.Length == 0)
        {
            return tokens;
        }

        var pos = 0;
        using (var stream = Tokenizer.GetTokenStream("diff", text))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var offset = stream.AddAttribute<IOffsetAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                var start = Math.Clamp(offset.StartOffset, pos, text.Length);
                var end = Math.Clamp(offset.EndOffset, start, text.Length);
                AddGap(tokens, text, pos, start);
                if (end > start)
                {
                    tokens.Add(new Token(text[start..end], term.ToString()));
                }

                pos = end;
            }

            stream.End();
        }

        AddGap(tokens, text, pos, text.Length);
        return tokens;
    }

    // Between words: a whitespace run is one token (key " "), any other character one token each.
    // Invisible characters join the token before them (at the very start: a token of their own with
    // an empty key) and add nothing to its key.
    private static void AddGap(List<Token> tokens, string text, int from, int to)
    {
        var i = from;
        while (i < to)
        {
            var c = text[i];
            if (SearchTextNormalizer.IsIgnorable(c))
            {
                var j = i;
                while (j < to && SearchTextNormalizer.IsIgnorable(text[j]))
                {
                    j++;
                }

                if (tokens.Count > 0)
                {
                    tokens[^1] = tokens[^1] with { Text = tokens[^1].Text + text[i..j] };
                }
                else
                {
                    tokens.Add(new Token(text[i..j], string.Empty));
                }

                i = j;
            }
            else if (char.IsWhiteSpace(c))
            {
                var j = i;
                while (j < to && char.IsWhiteSpace(text[j]))
                {
                    j++;
                }

                tokens.Add(new Token(text[i..j], " "));
                i = j;
            }
            else
            {
                var len = char.IsHighSurrogate(c) && i + 1 < to ? 2 : 1;
                var s = text.Substring(i, len);
                tokens.Add(new Token(s, SearchTextNormalizer.Normalize(s)));
                i += len;
            }
        }
    }

    private static List<(WordDiffKind, string)> Myers(ReadOnlySpan<int> a, ReadOnlySpan<int> b, int offset, List<Token> ta, List<Token> tb)
    {
        var n = a.Length;
        var m = b.Length;
        var result = new List<(WordDiffKind, string)>();
        if (n == 0 && m == 0)
        {
            return result;
        }

        var max = n + m;
        var v = new int[2 * max + 3];
        var zero = max + 1; // v[zero + k] is the furthest x on diagonal k
        var trace = new List<int[]>();
        var found = false;
        for (var d = 0; d <= max && d <= MaxEditDistance; d++)
        {
            // The state at the start of round d, diagonals -d…d (all that backtracking reads of it).
            var snapshot = new int[2 * d + 1];
            Array.Copy(v, zero - d, snapshot, 0, 2 * d + 1);
            trace.Add(snapshot);
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[zero + k - 1] < v[zero + k + 1])
                    ? v[zero + k + 1]
                    : v[zero + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }

                v[zero + k] = x;
                if (x >= n && y >= m)
                {
                    found = true;
                    break;
                }
            }

            if (found)
            {
                break;
            }
        }

        if (!found)
        {
            for (var i = 0; i < n; i++)
            {
                result.Add((WordDiffKind.Removed, ta[offset + i].Text));
            }

            for (var j = 0; j < m; j++)
            {
                result.Add((WordDiffKind.Added, tb[offset + j].Text));
            }

            return result;
        }

        // Backtrack from (n, m) through the saved states; the ops come out last first.
        var cx = n;
        var cy = m;
        for (var d = trace.Count - 1; d >= 0; d--)
        {
            var snap = trace[d];
            int At(int k) => snap[k + d];
            var k = cx - cy;
            var prevK = k == -d || (k != d && At(k - 1) < At(k + 1)) ? k + 1 : k - 1;
            var prevX = d == 0 ? 0 : At(prevK);
            var prevY = d == 0 ? 0 : prevX - prevK;
            while (cx > prevX && cy > prevY)
            {
                result.Add((WordDiffKind.Equal, tb[offset + cy - 1].Text));
                cx--;
                cy--;
            }

            if (d > 0)
            {
                if (cx == prevX)
                {
                    result.Add((WordDiffKind.Added, tb[offset + cy - 1].Text));
                }
                else
                {
                    result.Add((WordDiffKind.Removed, ta[offset + cx - 1].Text));
                }
            }

            cx = prevX;
            cy = prevY;
        }

        result.Reverse();
        return result;
    }
}
