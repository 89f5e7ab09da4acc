using Chantra.Domain.Sources;
using Chantra.Sources.Replay;
using Chantra.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Tests.Bills;

public sealed class ReplayBillSourceTests
{
    private static ReplayBillSource Source(ReplayOptions options, TimeProvider? time = null) =>
        new(options, time ?? TimeProvider.System, NullLogger<ReplayBillSource>.Instance);

    [Fact]
    public async Task Instant_mode_shows_every_real_bill_at_its_final_real_status()
    {
        var bills = await Source(new ReplayOptions { BillsCsv = TestData.BillsCsv, VotesYaml = TestData.VotesYaml, Mode = ReplayMode.Instant }).ReadAsync(default);

        Assert.Equal(411, bills.Count);
        var bill2 = bills.Single(b => b.Id == "2");
        Assert.Equal("พระราชบัญญัติส่งเสริมการใช้ประโยชน์งานวิจัยและนวัตกรรม พ.ศ. 2564", bill2.Title);
        Assert.Equal("ออกเป็นกฎหมายสำเร็จ", bill2.Steps[^1].StatusText);
        Assert.Equal(new DateOnly(2021, 11, 8), bill2.Steps[^1].OccurredOn);
        Assert.Equal("https://ratchakitcha.soc.go.th/documents/138A073N0000000009300.pdf", bill2.Steps[^1].SourceUrl);
        Assert.All(bills, b => Assert.Equal(b.Steps.OrderBy(s => s.OccurredOn).Select(s => s.Key), b.Steps.Select(s => s.Key)));
    }

    [Fact]
    public async Task Every_replayed_step_names_the_law_watch_data_as_its_source()
    {
        var bills = await Source(new ReplayOptions { BillsCsv = TestData.BillsCsv, VotesYaml = TestData.VotesYaml, Mode = ReplayMode.Instant }).ReadAsync(default);

        Assert.All(bills.SelectMany(b => b.Steps), s => Assert.Equal("lawwatch", s.Source));
    }

    [Fact]
    public async Task A_vote_of_the_vote_log_is_a_dated_step_with_its_counts()
    {
        var bills = await Source(new ReplayOptions { BillsCsv = TestData.BillsCsv, VotesYaml = TestData.VotesYaml, Mode = ReplayMode.Instant }).ReadAsync(default);

        // Bill 3 (the people's bill to repeal NCPO orders): vote 137, first reading in the House, rejected.
        var vote = bills.Single(b => b.Id == "3").Steps.Single(s => s.Vote is not null);
        Assert.Equal("ตกไปในสภาผู้แทนราษฎร (วาระที่ 1)", vote.StatusText);
        Assert.False(vote.Vote!.Passed);
    }

    [Fact]
    public async Task In_clock_mode_only_what_has_happened_by_the_simulated_day_is_shown()
    {
        var time = new ManualTime(TestData.Now);
        var source = Source(new ReplayOptions { BillsCsv = TestData.BillsCsv, VotesYaml = TestData.VotesYaml, Speed = 10, Start = new DateOnly(2020, 1, 1) }, time);

        var early = await source.ReadAsync(default);
        time.Advance(TimeSpan.FromDays(1));
        var late = await source.ReadAsync(default);

        Assert.All(early, b => Assert.All(b.Steps, s => Assert.True(s.OccurredOn <= new DateOnly(2020, 1, 1))));
        Assert.Equal(411, late.Count); // 864,000 simulated days later, everything has happened
        Assert.True(early.Count < late.Count);
    }

    [Fact]
    public async Task A_CSV_without_a_required_column_stops_the_source_with_a_layout_error()
    {
        var csv = Path.GetTempFileName();
        await File.WriteAllTextAsync(csv, "Law_ID,Law_Name\n1,ร่างพระราชบัญญัติทดสอบ\n");
        try
        {
            var ex = await Assert.ThrowsAsync<SourceLayoutException>(() => Source(new ReplayOptions { BillsCsv = csv, VotesYaml = null }).ReadAsync(default));

            Assert.Contains("Status_Description", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task A_missing_file_is_a_source_error_not_a_crash()
    {
        await Assert.ThrowsAsync<SourceLayoutException>(() =>
            Source(new ReplayOptions { BillsCsv = "/nonexistent/bills.csv" }).ReadAsync(default));
    }
}
