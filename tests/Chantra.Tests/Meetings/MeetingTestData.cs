using System.Text;
using Chantra.Domain.Meetings;
using Chantra.Sources.Meetings;

namespace Chantra.Tests.Meetings;

/// <summary>Real MSBIS pages turned into snapshots at a chosen point of their sitting.</summary>
internal static class MeetingTestData
{
    private static readonly string DataDir = Path.Combine(AppContext.BaseDirectory, "Meetings", "Data", "msbis");

    public static MeetingPage Page(string mid) =>
        MsbisPageParser.Parse(mid, File.ReadAllBytes(Path.Combine(DataDir, $"mid{mid}.html")), null)
        ?? throw new InvalidOperationException($"mid {mid} is the empty template");

    /// <summary>The sitting of <paramref name="mid"/>: scheduled, in session on an item, or adjourned; with the first <paramref name="votes"/> vote sheets recorded.</summary>
    public static MeetingSnapshot Snapshot(string mid, MeetingLiveState state, int? item = null, int votes = 0)
    {
        var page = Page(mid);
        return new MeetingSnapshot("msbis-" + mid, page, state, item, page.Votes.Take(votes).ToList());
    }

    public static Meeting Build(MeetingSnapshot s, AgendaBillMatcher? bills = null) =>
        MeetingChangeDetector.Build(s, bills ?? AgendaBillMatcher.Empty, Infrastructure.TestData.Now);

    public static string Text(string mid) => File.ReadAllText(Path.Combine(DataDir, $"mid{mid}.html"), Encoding.UTF8);
}
