using Chantra.Domain.Text;

namespace Chantra.Domain.Meetings;

/// <summary>A bill as the matcher needs it: its id, title and who proposed it.</summary>
public sealed record BillTitle(string Id, string Title, string? Proposer);

/// <summary>
/// Links agenda items and vote sheets to the bills they name. A bill's key is its title without
/// "ร่าง", spaces and the year ("พ.ศ. …"), digits in Arabic: "ร่างพระราชบัญญัติกัญชา กัญชง พ.ศ. ...."
/// is "พระราชบัญญัติกัญชากัญชง". An item names a bill when its text (normalised alike) contains the
/// key; the longest key wins. Several bills often share a name (competing drafts of one law): then
/// the proposer named in the item decides ("ซึ่งคณะรัฐมนตรีเป็นผู้เสนอ"), and when it does not, the
/// item stays unlinked — a wrong link would push people about a bill that is not on the floor.
/// </summary>
public sealed class AgendaBillMatcher
{
    /// <summary>Keys shorter than this ("พระราชบัญญัติ" plus a word) name no bill in particular.</summary>
    private const int MinKeyLength = 17;

    private readonly Dictionary<string, List<BillTitle>> _byKey = new(StringComparer.Ordinal);
    private readonly string[] _keysLongestFirst;

    public AgendaBillMatcher(IEnumerable<BillTitle> bills)
    {
        foreach (var bill in bills)
        {
            var key = Key(bill.Title);
            if (key.Length < MinKeyLength)
            {
                continue;
            }

            if (!_byKey.TryGetValue(key, out var list))
            {
                _byKey[key] = list = [];
            }

            list.Add(bill);
        }

        _keysLongestFirst = [.. _byKey.Keys.OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal)];
    }

    /// <summary>A matcher that knows no bill.</summary>
    public static AgendaBillMatcher Empty { get; } = new([]);

    public int BillCount => _byKey.Values.Sum(l => l.Count);

    /// <summary>The id of the bill the text names, or null when it names none (or cannot tell which).</summary>
    public string? Match(string text)
    {
        if (_keysLongestFirst.Length == 0 || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var compact = Compact(text);
        foreach (var key in _keysLongestFirst)
        {
            if (!compact.Contains(key, StringComparison.Ordinal))
            {
                continue;
            }

            var candidates = _byKey[key];
            if (candidates.Count == 1)
            {
                return candidates[0].Id;
            }

            var byProposer = candidates.Where(c => c.Proposer is { Length: > 0 } p && compact.Contains(Compact(p), StringComparison.Ordinal)).ToList();
            return byProposer.Count == 1 ? byProposer[0].Id : null;
        }

        return null;
    }

    /// <summary>A title's key (see <see cref="Bills.BillTitleKey"/>).</summary>
    internal static string Key(string title) => Bills.BillTitleKey.Of(title);

    private static string Compact(string text) => Bills.BillTitleKey.Compact(text);
}
