using Chantra.Domain.Text;

namespace Chantra.Domain.Meetings;

/// <summary>When meetings are polled (configuration section <c>Meetings:Polling</c>).</summary>
public sealed class MeetingPollOptions
{
    public const string Section = "Meetings:Polling";

    /// <summary>Days the Senate and Parliament usually sit (Bangkok time).</summary>
    public DayOfWeek[] SittingDays { get; set; } = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>The sitting window, Bangkok time: sittings start from 09:00 and rarely run past 21:00.</summary>
    public TimeOnly WindowStart { get; set; } = new(9, 0);

    public TimeOnly WindowEnd { get; set; } = new(21, 0);

    /// <summary>Outside the window (and with nothing underway) one pass this often is enough.</summary>
    public TimeSpan QuietInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Whether this tick of the meeting timer should scrape. The timer fires every minute; inside the
/// sitting window, or while a sitting is in session or due today (sittings run late, or start on a
/// weekend as "เป็นพิเศษ"), every tick scrapes; otherwise once per <see cref="MeetingPollOptions.QuietInterval"/>.
/// </summary>
public sealed class MeetingPollPolicy(MeetingPollOptions options)
{
    public bool ShouldScrape(DateTimeOffset now, DateTimeOffset? lastRun, bool sittingUnderway)
    {
        if (lastRun is null || sittingUnderway)
        {
            return true;
        }

        var local = ThaiText.ToBangkok(now);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var inWindow = options.SittingDays.Contains(local.DayOfWeek) && time >= options.WindowStart && time < options.WindowEnd;
        return inWindow || now - lastRun.Value >= options.QuietInterval;
    }
}
