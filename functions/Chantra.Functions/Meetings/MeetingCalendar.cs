using System.Text;
using Chantra.Domain.Meetings;
using Chantra.Domain.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Chantra.Functions.Meetings;

/// <summary>
/// The sittings as an iCalendar feed (RFC 5545) a person subscribes to in a calendar app. Every
/// value comes from the meetings, never from the clock, so the same sittings give the same bytes
/// (and the same ETag) and a poll that finds nothing new costs a 304.
/// </summary>
public static class MeetingCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";

    /// <summary>How far back the feed reaches: half a year of past sittings is what a calendar shows usefully.</summary>
    public const int DaysBack = 180;

    /// <summary>A bound on the feed's size, whatever the store holds (calendar apps choke on huge feeds).</summary>
    public const int MaxEvents = 2000;

    /// <summary>How long a timed sitting is shown when the source gives no end time.</summary>
    public static readonly TimeSpan AssumedLength = TimeSpan.FromHours(3);

    /// <summary>The right-hand side of every UID: ours, so UIDs never collide with another feed's.</summary>
    public const string UidDomain = "chantra.senate.go.th";

    /// <summary>The event's UID: stable for the life of the sitting, so an app updates the event instead of adding one.</summary>
    public static string Uid(string meetingId) => meetingId + "@" + UidDomain;

    /// <summary>
    /// SEQUENCE from the last change: whole minutes since 1970, so it grows with every change we store
    /// and fits an int for millennia (32-bit in many apps; seconds would overflow in 2038). Two changes in
    /// one minute share it, and then DTSTAMP, later for the later one, decides (RFC 5546 §2.1.5).
    /// </summary>
    public static int Sequence(DateTimeOffset updatedAt) =>
        (int)Math.Clamp(updatedAt.ToUnixTimeSeconds() / 60, 0, int.MaxValue);

    /// <summary>The feed's bytes (UTF-8, no BOM, CRLF lines).</summary>
    /// <param name="meetings">The sittings, in the order the events should appear.</param>
    /// <param name="name">The calendar's name as apps show it (X-WR-CALNAME).</param>
    /// <param name="meetingsUrl">The meeting API route; each event's URL is this plus its id.</param>
    public static byte[] Build(IEnumerable<Meeting> meetings, string name, Uri meetingsUrl)
    {
        // No METHOD: without one, DTSTAMP means "last revised in the store" (RFC 5545 §3.8.7.2),
        // which is exactly what UpdatedAt is.
        var calendar = new Calendar { ProductId = "-//Chantra//Senate meetings 1.0//TH" };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-CALDESC", "การประชุมสภาผู้แทนราษฎร วุฒิสภา และรัฐสภา จากจันทรา แอปวุฒิสภาเพื่อประชาชน");
        calendar.AddProperty("X-WR-TIMEZONE", "Asia/Bangkok");
        calendar.AddProperty("X-PUBLISHED-TTL", "PT1H");
        foreach (var m in meetings)
        {
            calendar.Events.Add(Event(m, meetingsUrl));
        }

        return Encoding.UTF8.GetBytes(new CalendarSerializer().SerializeToString(calendar) ?? string.Empty);
    }

    public static CalendarEvent Event(Meeting m, Uri meetingsUrl)
    {
        var updated = Utc(m.UpdatedAt);
        var e = new CalendarEvent
        {
            Uid = Uid(m.Id),
            Sequence = Sequence(m.UpdatedAt),
            DtStamp = updated,
            LastModified = updated,
            Summary = MeetingDto.TitleTh(m),
            Description = Description(m),
            Location = string.IsNullOrWhiteSpace(m.Place) ? null : m.Place,
            Url = new Uri(meetingsUrl.AbsoluteUri.TrimEnd('/') + "/" + Uri.EscapeDataString(m.Id)),
            Status = m.LiveState switch
            {
                MeetingLiveState.Cancelled => EventStatus.Cancelled,
                MeetingLiveState.Postponed => EventStatus.Tentative, // the day shown no longer holds; the new one is not known
                _ => EventStatus.Confirmed,
            },
        };

        if (m.TimesGiven)
        {
            // UTC: unambiguous in every app, with no VTIMEZONE to ship; apps show it in the reader's zone.
            var end = m.End is { } given && given > m.Start ? given : m.Start + AssumedLength;
            e.DtStart = Utc(m.Start);
            e.DtEnd = Utc(end);
        }
        else
        {
            // Only the day is known: an all-day event on the Bangkok day(s); DTEND is the day after the last.
            var first = BangkokDay(m.Start);
            var last = m.End is { } given && BangkokDay(given) > first ? BangkokDay(given) : first;
            e.DtStart = new CalDateTime(first);
            e.DtEnd = new CalDateTime(last.AddDays(1));
        }

        return e;
    }

    private static string Description(Meeting m)
    {
        var lines = new List<string>();
        if (!string.IsNullOrWhiteSpace(m.SittingLine))
        {
            lines.Add(m.SittingLine);
        }

        switch (m.LiveState)
        {
            case MeetingLiveState.Cancelled:
                lines.Add("งดการประชุม");
                break;
            case MeetingLiveState.Postponed:
                lines.Add("เลื่อนการประชุม");
                break;
            case MeetingLiveState.InSession:
                lines.Add(m.CurrentAgendaItem is { } current ? "กำลังประชุม: " + current.Title : "กำลังประชุม");
                break;
        }

        if (!m.TimesGiven)
        {
            lines.Add("ยังไม่ประกาศเวลาประชุม");
        }
        else if (m.End is null)
        {
            lines.Add("ยังไม่ประกาศเวลาเลิกประชุม");
        }

        if (m.LiveStreamUrl is { } live)
        {
            lines.Add("ถ่ายทอดสด: " + live.AbsoluteUri);
        }

        if (m.Agenda.Count > 0)
        {
            lines.Add(string.Empty);
            lines.Add("ระเบียบวาระการประชุม");
            string? heading = null;
            foreach (var item in m.Agenda)
            {
                if (item.Heading is { } h && h != heading)
                {
                    lines.Add(h);
                }

                heading = item.Heading;
                lines.Add((item.Number is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) + ". " : "- ") + item.Title);
            }
        }

        if (m.SourceUrl is { } source)
        {
            lines.Add(string.Empty);
            lines.Add("ที่มา: " + source.AbsoluteUri);
        }

        return string.Join('\n', lines);
    }

    private static CalDateTime Utc(DateTimeOffset moment)
    {
        // Whole seconds: iCalendar has no fractions, and the bytes must not depend on them.
        var utc = moment.UtcDateTime;
        return new CalDateTime(utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond)), CalDateTime.UtcTzId, true);
    }

    private static DateOnly BangkokDay(DateTimeOffset moment) => DateOnly.FromDateTime(ThaiText.ToBangkok(moment).DateTime);
}

/// <summary>How far back the calendar feed reaches (configuration section <c>Meetings:Calendar</c>).</summary>
public sealed class MeetingCalendarOptions
{
    public const string Section = "Meetings:Calendar";

    /// <summary>Sittings from this many days ago on (default <see cref="MeetingCalendar.DaysBack"/>).</summary>
    public int DaysBack { get; set; } = MeetingCalendar.DaysBack;

    /// <summary>A fixed first day instead (the dev host's replayed sittings are from 2019–2022).</summary>
    public DateOnly? Since { get; set; }
}
