using Chantra.Domain.Meetings;

namespace Chantra.Tests.Meetings;

public sealed class MeetingPollPolicyTests
{
    private static readonly MeetingPollPolicy Policy = new(new MeetingPollOptions());

    /// <summary>Bangkok wall-clock time (+07:00).</summary>
    private static DateTimeOffset Bkk(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.FromHours(7));

    [Fact]
    public void Inside_the_sitting_window_every_tick_scrapes()
    {
        var wednesdayMorning = Bkk(2026, 11, 25, 10, 0);
        Assert.True(Policy.ShouldScrape(wednesdayMorning, wednesdayMorning.AddMinutes(-1), sittingUnderway: false));
    }

    [Fact]
    public void Outside_the_window_with_nothing_underway_a_pass_runs_once_an_hour()
    {
        var wednesdayNight = Bkk(2026, 11, 25, 23, 0);
        Assert.False(Policy.ShouldScrape(wednesdayNight, wednesdayNight.AddMinutes(-10), sittingUnderway: false));
        Assert.True(Policy.ShouldScrape(wednesdayNight, wednesdayNight.AddMinutes(-61), sittingUnderway: false));

        var saturdayNoon = Bkk(2026, 11, 28, 12, 0);
        Assert.False(Policy.ShouldScrape(saturdayNoon, saturdayNoon.AddMinutes(-5), sittingUnderway: false));
    }

    [Fact]
    public void A_sitting_running_late_or_on_a_weekend_keeps_the_minute_polling()
    {
        var saturdayNight = Bkk(2026, 11, 28, 23, 30);
        Assert.True(Policy.ShouldScrape(saturdayNight, saturdayNight.AddMinutes(-1), sittingUnderway: true));
    }

    [Fact]
    public void The_first_tick_of_an_instance_always_scrapes() =>
        Assert.True(Policy.ShouldScrape(Bkk(2026, 11, 28, 3, 0), null, sittingUnderway: false));
}
