using System.Text.Json.Nodes;
using Chantra.Domain.Devices;

namespace Chantra.Domain.Events;

/// <summary>
/// Which events the public change feed shows, and the streams (newest-first lists) an event belongs to,
/// for the Atom feeds: <c>bills</c> (every bill event) and <c>ministry:{code}</c> (bill events whose
/// <c>data.ministry</c> is that ministry).
/// </summary>
public static class ChangeStreams
{
    public const string Bills = "bills";

    private const string BillPrefix = "th.go.senate.chantra.bill.";

    /// <summary>
    /// Event kinds anyone may read. An allow-list, so a new kind of event (complaints are about citizens)
    /// stays off the public feed until someone decides it belongs there.
    /// </summary>
    private static readonly string[] PublicPrefixes = [BillPrefix, "th.go.senate.chantra.meeting.", "th.go.senate.chantra.news."];

    public static string Ministry(string code) => "ministry:" + code;

    public static bool IsPublic(CloudEvent e) => PublicPrefixes.Any(p => e.Type.StartsWith(p, StringComparison.Ordinal));

    public static bool IsBillEvent(CloudEvent e) => e.Type.StartsWith(BillPrefix, StringComparison.Ordinal);

    /// <summary>The streams of an event; none for events off the public feed.</summary>
    public static IReadOnlyList<string> Of(CloudEvent e)
    {
        if (!IsBillEvent(e))
        {
            return [];
        }

        return MinistryOf(e) is { } code ? [Bills, Ministry(code)] : [Bills];
    }

    /// <summary>
    /// The ministry code of a bill event: <c>data.ministry</c> when it is a code we know, or the code of
    /// the ministry it names in Thai (sources that give the name rather than the code).
    /// </summary>
    public static string? MinistryOf(CloudEvent e)
    {
        if (e.Data["ministry"] is not JsonValue v || !v.TryGetValue<string>(out var ministry) || string.IsNullOrWhiteSpace(ministry))
        {
            return null;
        }

        ministry = ministry.Trim();
        if (Ministries.All.ContainsKey(ministry))
        {
            return ministry;
        }

        var name = Text.ThaiText.Normalize(ministry);
        var byName = Ministries.All.FirstOrDefault(m => string.Equals(Text.ThaiText.Normalize(m.Value.Thai), name, StringComparison.Ordinal));
        return byName.Key;
    }
}
