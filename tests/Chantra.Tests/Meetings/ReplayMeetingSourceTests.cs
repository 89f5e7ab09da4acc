using System.Text;
using System.Text.RegularExpressions;
using Chantra.Domain.Meetings;
using Chantra.Domain.Sources;
using Chantra.Sources.Replay;
using Chantra.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Tests.Meetings;

/// <summary>
/// The meetings replay over the shipped MSBIS pages (Meetings/Data/msbis). Expected sittings,
/// dates and which vote belongs to which agenda item were read from the pages and their README.
/// </summary>
public sealed partial class ReplayMeetingSourceTests
{
    private static readonly string DataDir = Path.Combine(AppContext.BaseDirectory, "Meetings", "Data", "msbis");

    /// <summary>What the dev host sets: the 25th House's first sitting is the first one played.</summary>
    private static readonly DateOnly DevHostStart = new(2019, 5, 24);

    private const double P = 60;

    private static ReplayMeetingSource Source(ReplayOptions options, TimeProvider? time = null) =>
        new(options, time ?? TimeProvider.System, NullLogger<ReplayMeetingSource>.Instance);

    private static ReplayOptions Clock(DateOnly? start = null, string? dir = null) =>
        new() { MsbisDir = dir ?? DataDir, Mode = ReplayMode.Clock, SittingSeconds = P, Start = start };

    /// <summary>Moves the clock to <paramref name="seconds"/> after the first read.</summary>
    private static void At(ManualTime time, double seconds) =>
        time.Advance(TestData.Now + TimeSpan.FromSeconds(seconds) - time.GetUtcNow());

    /// <summary>The middle of agenda item <paramref name="item"/>'s slot of played sitting <paramref name="k"/>, away from any boundary.</summary>
    private static double OnItem(int k, int item, int items) => (k * P) + ((item + 0.5) * 0.8 * P / items);

    [GeneratedRegex(@"^[A-Za-z0-9_@.:\-]{1,64}$")]
    private static partial Regex ValidId();

    [Fact]
    public async Task Instant_mode_shows_every_shipped_sitting_once_at_its_final_state()
    {
        var sittings = await Source(new ReplayOptions { MsbisDir = DataDir, Mode = ReplayMode.Instant }).ReadAsync(default);

        // README: 40 fragments mid*.html (one of them, 4313, the empty template) + 2 rendered outer
        // pages (4732, 796); the 2 TIS-620 twins are the same pages as 4132 and 4136.
        var fragments = Directory.GetFiles(DataDir, "mid*.html").Count(f => !f.EndsWith(".tis620.html", StringComparison.Ordinal));
        Assert.Equal(40, fragments);
        Assert.Equal(40 - 1 + 2, sittings.Count);

        Assert.Equal(sittings.Count, sittings.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Single(sittings, s => s.Id == "msbis-4132");
        Assert.Single(sittings, s => s.Id == "msbis-4136");
        Assert.DoesNotContain(sittings, s => s.Id == "msbis-4313");
        Assert.All(sittings, s =>
        {
            Assert.Matches(ValidId(), s.Id);
            Assert.Equal("msbis-" + s.Page.SourceId, s.Id);
            Assert.Equal(MeetingLiveState.Adjourned, s.LiveState);
            Assert.Null(s.CurrentItem);
            Assert.Equal(s.Page.Votes, s.Votes);
        });

        Assert.Equal("https://msbis.parliament.go.th/ewtadmin/ewt/parliament_report/main_warehouse_detail.php?mid=4132",
            sittings.Single(s => s.Id == "msbis-4132").SourceUrl!.AbsoluteUri);
        Assert.Equal("https://msbis.parliament.go.th/ewtadmin/ewt/parliament_report/main_warehouse.php?m_id=4732",
            sittings.Single(s => s.Id == "msbis-4732").SourceUrl!.AbsoluteUri);
        Assert.Equal("https://msbis.parliament.go.th/ewtadmin/ewt/parliament_report/main_warehouse.php?m_id=796",
            sittings.Single(s => s.Id == "msbis-796").SourceUrl!.AbsoluteUri);
        Assert.Equal(2, sittings.Single(s => s.Id == "msbis-4132").Votes.Count);
    }

    [Fact]
    public async Task At_the_first_read_the_first_sitting_is_in_session_and_the_next_is_announced()
    {
        var time = new ManualTime(TestData.Now);
        var source = Source(Clock(DevHostStart), time);

        var sittings = await source.ReadAsync(default);

        // Before 24 May 2019: 4493, 4494 (1939), 4265 (1977), 4296, 4297 (1982), 796 (2004), all at their end.
        var final = sittings.Where(s => s.LiveState == MeetingLiveState.Adjourned).Select(s => s.Id).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "msbis-4265", "msbis-4296", "msbis-4297", "msbis-4493", "msbis-4494", "msbis-796" }, final);
        Assert.All(sittings.Where(s => s.LiveState == MeetingLiveState.Adjourned), s => Assert.Equal(s.Page.Votes, s.Votes));

        // 4132 (26 May 2019) opens on its first item; 4136 (6 June 2019) is announced; nothing later shows.
        Assert.Equal(8, sittings.Count);
        var first = sittings.Single(s => s.Id == "msbis-4132");
        Assert.Equal(MeetingLiveState.InSession, first.LiveState);
        Assert.Equal(0, first.CurrentItem);
        Assert.Empty(first.Votes);
        var next = sittings.Single(s => s.Id == "msbis-4136");
        Assert.Equal(MeetingLiveState.Scheduled, next.LiveState);
        Assert.Null(next.CurrentItem);
        Assert.Empty(next.Votes);
        Assert.Equal(0, source.PlayedCount);
        Assert.Equal("msbis-4132", source.InSessionId);
    }

    [Fact]
    public async Task A_sitting_moves_through_its_agenda_and_records_each_vote_when_its_item_leaves_the_floor()
    {
        var time = new ManualTime(TestData.Now);
        var source = Source(Clock(DevHostStart), time);
        await source.ReadAsync(default);

        // mid4132: four items; the two vote sheets are the elections of the first (item 2) and the
        // second (item 3) deputy speaker.
        var seen = new List<(int? Item, int Votes)>();
        for (var i = 0; i < 4; i++)
        {
            At(time, OnItem(0, i, 4));
            var s = (await source.ReadAsync(default)).Single(x => x.Id == "msbis-4132");
            Assert.Equal(MeetingLiveState.InSession, s.LiveState);
            seen.Add((s.CurrentItem, s.Votes.Count));
        }

        Assert.Equal(new (int?, int)[] { (0, 0), (1, 0), (2, 0), (3, 1) }, seen);

        At(time, 0.8 * P);
        var atEnd = await source.ReadAsync(default);
        var adjourned = atEnd.Single(x => x.Id == "msbis-4132");
        Assert.Equal(MeetingLiveState.Adjourned, adjourned.LiveState);
        Assert.Null(adjourned.CurrentItem);
        Assert.Equal(adjourned.Page.Votes, adjourned.Votes);
        Assert.Equal(MeetingLiveState.Scheduled, atEnd.Single(x => x.Id == "msbis-4136").LiveState);
        Assert.Equal(1, source.PlayedCount);
        Assert.Null(source.InSessionId);

        At(time, P);
        var later = await source.ReadAsync(default);
        Assert.Equal(MeetingLiveState.Adjourned, later.Single(x => x.Id == "msbis-4132").LiveState);
        Assert.Equal(MeetingLiveState.InSession, later.Single(x => x.Id == "msbis-4136").LiveState);
        Assert.Equal(0, later.Single(x => x.Id == "msbis-4136").CurrentItem);
        Assert.Equal(MeetingLiveState.Scheduled, later.Single(x => x.Id == "msbis-4142").LiveState);
        Assert.DoesNotContain(later, x => x.Id == "msbis-4207");
    }

    // How many votes are recorded while each agenda item is on the floor, read off the pages:
    // 4181: two sheets each for the bills of items 19 and 20 and for the request of item 21;
    // 4214: three sheets for the motion of item 1 (two of them with a note on the outcome), two each for the bills of items 8 and 9;
    // 4330: all 26 sheets are the budget bill of item 4, not item 0 (which only mentions the bill: its broadcast).
    [Theory]
    [InlineData("msbis-4181", "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,4")]
    [InlineData("msbis-4214", "0,0,3,3,3,3,3,3,3,5")]
    [InlineData("msbis-4330", "0,0,0,0,0")]
    public async Task A_vote_is_recorded_once_its_item_has_left_the_floor(string id, string recordedOnItem)
    {
        var expected = recordedOnItem.Split(',').Select(int.Parse).ToArray();
        var time = new ManualTime(TestData.Now);
        var source = Source(Clock(DevHostStart), time);
        var k = (await PlayOrder(DevHostStart)).IndexOf(id);
        await source.ReadAsync(default);

        for (var i = 0; i < expected.Length; i++)
        {
            At(time, OnItem(k, i, expected.Length));
            var s = (await source.ReadAsync(default)).Single(x => x.Id == id);
            Assert.Equal(expected.Length, s.Page.AgendaItems.Count);
            Assert.Equal(i, s.CurrentItem);
            Assert.Equal(s.Page.Votes.Take(expected[i]), s.Votes);
        }

        At(time, (k * P) + (0.8 * P));
        var adjourned = (await source.ReadAsync(default)).Single(x => x.Id == id);
        Assert.Equal(adjourned.Page.Votes, adjourned.Votes);
    }

    [Fact]
    public async Task Every_played_sitting_walks_its_agenda_in_order_and_ends_with_all_its_votes()
    {
        var time = new ManualTime(TestData.Now);
        var source = Source(Clock(DevHostStart), time);
        var order = await PlayOrder(DevHostStart);
        await source.ReadAsync(default);

        Assert.Equal(35, order.Count); // 41 sittings, 6 of them before the start.
        Assert.Equal(35, source.ToPlayCount);
        for (var k = 0; k < order.Count; k++)
        {
            var id = order[k];
            if (k > 0)
            {
                At(time, (k - 0.5) * P);
                var before = await source.ReadAsync(default);
                Assert.Equal(MeetingLiveState.Scheduled, before.Single(x => x.Id == id).LiveState);
                Assert.DoesNotContain(before, x => k + 1 < order.Count && x.Id == order[k + 1]);
            }

            At(time, k * P);
            var page = (await source.ReadAsync(default)).Single(x => x.Id == id).Page;
            var n = page.AgendaItems.Count;
            var recorded = 0;
            for (var i = 0; i < Math.Max(1, n); i++)
            {
                At(time, OnItem(k, i, Math.Max(1, n)));
                var s = (await source.ReadAsync(default)).Single(x => x.Id == id);
                Assert.Equal(MeetingLiveState.InSession, s.LiveState);
                Assert.Equal(n == 0 ? null : i, s.CurrentItem);
                Assert.True(IsInPageOrder(s.Votes, page.Votes), $"{id}: votes out of page order on item {i}");
                Assert.True(s.Votes.Count >= recorded, $"{id}: a recorded vote went away on item {i}");
                recorded = s.Votes.Count;
            }

            At(time, (k * P) + (0.8 * P)); // Exactly the adjournment (whole seconds: no rounding on the way).
            var end = (await source.ReadAsync(default)).Single(x => x.Id == id);
            Assert.Equal(MeetingLiveState.Adjourned, end.LiveState);
            Assert.Equal(page.Votes, end.Votes);
        }

        At(time, order.Count * P * 10);
        var all = await source.ReadAsync(default);
        Assert.Equal(41, all.Count);
        Assert.All(all, s => Assert.Equal(MeetingLiveState.Adjourned, s.LiveState));
        Assert.Equal(35, source.PlayedCount);
    }

    [Fact]
    public async Task Without_a_start_the_oldest_sitting_plays_first_even_with_an_empty_agenda()
    {
        var time = new ManualTime(TestData.Now);
        var sittings = await Source(Clock(), time).ReadAsync(default);

        // 4493 and 4494: the 4th House on 11 and 12 October 1939, agenda "-".
        Assert.Equal(2, sittings.Count);
        var first = sittings.Single(s => s.Id == "msbis-4493");
        Assert.Equal(MeetingLiveState.InSession, first.LiveState);
        Assert.Empty(first.Page.AgendaItems);
        Assert.Null(first.CurrentItem);
        Assert.Equal(MeetingLiveState.Scheduled, sittings.Single(s => s.Id == "msbis-4494").LiveState);
    }

    [Fact]
    public async Task A_missing_folder_is_a_source_error_not_a_crash()
    {
        await Assert.ThrowsAsync<SourceLayoutException>(() =>
            Source(Clock(dir: Path.Combine(Path.GetTempPath(), "no-such-msbis-" + Guid.NewGuid().ToString("N")))).ReadAsync(default));
    }

    [Theory]
    [InlineData("id=\"mydetail\"", "id=\"gone\"", "agenda")] // the agenda row
    [InlineData("<td><strong>ครั้งที่ ๒ วันอาทิตย์ที่ ๒๖ พฤษภาคม ๒๕๖๒ เวลา ๐๙.๑๙ - ๑๗.๔๓ น. </strong></td>", "<td></td>", "sitting line")]
    public async Task A_page_whose_layout_changed_stops_the_whole_read(string remove, string replaceWith, string what)
    {
        using var dir = new TempDir();
        dir.Copy("mid4136.html");
        var html = await File.ReadAllTextAsync(Path.Combine(DataDir, "mid4132.html"), Encoding.UTF8);
        Assert.Contains(remove, html, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "mid4132.html"), html.Replace(remove, replaceWith, StringComparison.Ordinal), Encoding.UTF8);

        var ex = await Assert.ThrowsAsync<SourceLayoutException>(() => Source(Clock(dir: dir.Path)).ReadAsync(default));

        Assert.Equal("meetings-replay", ex.SourceName);
        Assert.Contains("mid4132.html", ex.Message, StringComparison.Ordinal);
        Assert.Contains(what, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twins_templates_and_a_second_copy_of_a_sitting_are_left_out()
    {
        using var dir = new TempDir();
        dir.Copy("mid4132.html");
        dir.Copy("mid4132.tis620.html");
        dir.Copy("mid4313.html");
        File.Copy(Path.Combine(DataDir, "mid4132.html"), Path.Combine(dir.Path, "m_id4132.rendered.html"));

        var sittings = await Source(new ReplayOptions { MsbisDir = dir.Path, Mode = ReplayMode.Instant }).ReadAsync(default);

        var only = Assert.Single(sittings);
        Assert.Equal("msbis-4132", only.Id);
        Assert.EndsWith("main_warehouse_detail.php?mid=4132", only.SourceUrl!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_first_reads_load_the_pages_once_and_agree()
    {
        var time = new ManualTime(TestData.Now);
        var source = Source(Clock(DevHostStart), time);

        var reads = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => source.ReadAsync(default))));

        Assert.All(reads, r => Assert.Equal(reads[0].Select(s => (s.Id, s.LiveState, s.CurrentItem)), r.Select(s => (s.Id, s.LiveState, s.CurrentItem))));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void A_sitting_must_take_some_time(double seconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Source(new ReplayOptions { MsbisDir = DataDir, SittingSeconds = seconds }));
    }

    /// <summary>The ids in the order the clock plays them: by start, then id, from the start day on.</summary>
    private static async Task<List<string>> PlayOrder(DateOnly start)
    {
        var all = await Source(new ReplayOptions { MsbisDir = DataDir, Mode = ReplayMode.Instant }).ReadAsync(default);
        return all
            .Where(s => DateOnly.FromDateTime(s.Page.Start.ToOffset(TimeSpan.FromHours(7)).DateTime) >= start)
            .OrderBy(s => s.Page.Start).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Select(s => s.Id)
            .ToList();
    }

    private static bool IsInPageOrder(IReadOnlyList<MeetingVote> recorded, IReadOnlyList<MeetingVote> page)
    {
        var at = 0;
        foreach (var vote in recorded)
        {
            while (at < page.Count && !ReferenceEquals(page[at], vote))
            {
                at++;
            }

            if (at == page.Count)
            {
                return false;
            }

            at++;
        }

        return true;
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("msbis-replay-").FullName;

        public void Copy(string file) => File.Copy(System.IO.Path.Combine(DataDir, file), System.IO.Path.Combine(Path, file));

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
