using Chantra.Domain.Sources;
using Chantra.Sources.Replay;
using Chantra.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Tests.News;

/// <summary>The news replay over the shipped sample (News/Data/senatenews.xml) on the bills replay's calendar.</summary>
public sealed class ReplayNewsSourceTests
{
    private static readonly string Xml = Path.Combine(SenateNewsXmlParserTests.DataDir, "senatenews.xml");

    private static ReplayNewsSource Source(ReplayOptions options, TimeProvider time) => new(options, time, NullLogger<ReplayNewsSource>.Instance);

    [Fact]
    public void The_default_file_is_the_shipped_sample()
    {
        Assert.Equal(Path.GetFullPath(Xml), Path.GetFullPath(new ReplayOptions().NewsXml));
        Assert.True(File.Exists(new ReplayOptions().NewsXml));
    }

    [Fact]
    public async Task Instant_mode_shows_every_shown_item_at_once()
    {
        var read = await Source(new ReplayOptions { NewsXml = Xml, Mode = ReplayMode.Instant }, new ManualTime(TestData.Now)).ReadAsync(default);

        Assert.Equal(7, read.Items.Count);
        Assert.Equal(["ข่าวประชาสัมพันธ์", "ข่าวกิจกรรมคณะกรรมาธิการ"], read.ShownCategories);
    }

    [Fact]
    public async Task Clock_mode_reveals_items_on_their_dates_at_the_bills_replay_speed()
    {
        // From 24 May 2562 (the dev host's start) at one simulated day a second.
        var time = new ManualTime(TestData.Now);
        var source = Source(new ReplayOptions { NewsXml = Xml, Mode = ReplayMode.Clock, Start = new DateOnly(2019, 5, 24), Speed = 1 }, time);

        var atStart = await source.ReadAsync(default);
        time.Advance(TimeSpan.FromSeconds(6)); // 30 May
        var sixDays = await source.ReadAsync(default);
        var dayAfterSix = source.SimulatedToday;
        time.Advance(TimeSpan.FromSeconds(200)); // past 5 November
        var later = await source.ReadAsync(default);

        Assert.Equal(["วุฒิสภาเปิดให้ประชาชนเข้าชมการประชุมผ่านช่องทางออนไลน์", "การประชุมวุฒิสภา ครั้งแรก"], atStart.Items.Select(i => i.Title));
        Assert.Equal(3, sixDays.Items.Count);
        Assert.Contains(sixDays.Items, i => i.Title.StartsWith("คณะกรรมาธิการการศึกษา", StringComparison.Ordinal));
        Assert.Equal(7, later.Items.Count);
        Assert.Equal(new DateOnly(2019, 5, 30), dayAfterSix);
        Assert.Equal(atStart.ShownCategories, later.ShownCategories);
    }

    [Fact]
    public async Task Without_a_start_the_clock_starts_on_the_earliest_item()
    {
        var time = new ManualTime(TestData.Now);
        var source = Source(new ReplayOptions { NewsXml = Xml, Mode = ReplayMode.Clock, Speed = 1 }, time);

        var first = await source.ReadAsync(default);

        Assert.Equal("วุฒิสภาเปิดให้ประชาชนเข้าชมการประชุมผ่านช่องทางออนไลน์", Assert.Single(first.Items).Title);
        Assert.Equal(new DateOnly(2019, 5, 10), source.SimulatedToday);
    }

    [Fact]
    public async Task A_missing_or_broken_file_is_a_source_layout_exception_under_the_replays_name()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"news-{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(broken, "<rss><channel/></rss>");
        try
        {
            var missing = await Assert.ThrowsAsync<SourceLayoutException>(() =>
                Source(new ReplayOptions { NewsXml = broken + ".missing" }, TimeProvider.System).ReadAsync(default));
            var layout = await Assert.ThrowsAsync<SourceLayoutException>(() =>
                Source(new ReplayOptions { NewsXml = broken }, TimeProvider.System).ReadAsync(default));

            Assert.Equal("news-replay", missing.SourceName);
            Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
            Assert.Equal("news-replay", layout.SourceName);
            Assert.Contains("root element", layout.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(broken);
        }
    }
}
