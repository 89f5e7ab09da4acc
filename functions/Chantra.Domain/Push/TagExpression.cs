namespace Chantra.Domain.Push;

/// <summary>
/// Evaluates a Notification Hubs tag expression (tags joined by <c>||</c>, <c>&amp;&amp;</c>, <c>!</c>
/// and parentheses) against a set of tags, as the hub does when it picks the installations a send reaches.
/// </summary>
public static class TagExpression
{
    public static bool Matches(string expression, IReadOnlySet<string> tags)
    {
        var tokens = Tokenize(expression);
        var position = 0;
        var result = Or(tokens, ref position, tags);
        if (position != tokens.Count)
        {
            throw new FormatException($"Unexpected '{tokens[position]}' in the tag expression.");
        }

        return result;
    }

    private static bool Or(List<string> t, ref int i, IReadOnlySet<string> tags)
    {
        var value = And(t, ref i, tags);
        while (i < t.Count && t[i] == "||")
        {
            i++;
            value |= And(t, ref i, tags);
        }

        return value;
    }

    private static bool And(List<string> t, ref int i, IReadOnlySet<string> tags)
    {
        var value = Not(t, ref i, tags);
        while (i < t.Count && t[i] == "&&")
        {
            i++;
            value &= Not(t, ref i, tags);
        }

        return value;
    }

    private static bool Not(List<string> t, ref int i, IReadOnlySet<string> tags)
    {
        if (i >= t.Count)
        {
            throw new FormatException("The tag expression ends too soon.");
        }

        switch (t[i])
        {
            case "!":
                i++;
                return !Not(t, ref i, tags);
            case "(":
                i++;
                var inner = Or(t, ref i, tags);
                if (i >= t.Count || t[i] != ")")
                {
                    throw new FormatException("A parenthesis is not closed.");
                }

                i++;
                return inner;
            case "||" or "&&" or ")":
                throw new FormatException($"Unexpected '{t[i]}' in the tag expression.");
            default:
                return tags.Contains(t[i++]);
        }
    }

    private static List<string> Tokenize(string s)
    {
        var tokens = new List<string>();
        for (var i = 0; i < s.Length;)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or '!')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if ((c == '|' || c == '&') && i + 1 < s.Length && s[i + 1] == c)
            {
                tokens.Add(new string(c, 2));
                i += 2;
            }
            else
            {
                var start = i;
                while (i < s.Length && !char.IsWhiteSpace(s[i]) && s[i] is not ('(' or ')' or '!' or '|' or '&'))
                {
                    i++;
                }

                if (i == start)
                {
                    throw new FormatException($"Unexpected '{c}' in the tag expression.");
                }

                tokens.Add(s[start..i]);
            }
        }

        return tokens;
    }
}
