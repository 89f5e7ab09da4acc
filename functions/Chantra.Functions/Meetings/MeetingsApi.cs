using Chantra.Domain.Bills;
using Chantra.Domain.Meetings;
using Chantra.Domain.Text;
using Chantra.Functions.Bills;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Meetings;

/// <summary>
/// Public reads of sittings of the House, the Senate, joint sittings and Senate committees: the list
/// by date, one sitting, what is in session now, and the subscribable calendar.
/// </summary>
/// <remarks>
/// <c>v1/meetings/live</c> and <c>v1/meetings/{id}</c> share a shape; routing (ASP.NET Core's in the
/// Functions host and in the dev host alike) ranks a literal segment above a parameter, so <c>live</c>
/// never reaches <see cref="GetMeeting"/>.
/// </remarks>
public sealed class MeetingsApi(IMeetingCatalog catalog, TimeProvider time, MeetingCalendarOptions calendar, ILogger<MeetingsApi> logger)
{
    // Calendar apps poll every hour or so; five minutes spares the storage scan when many subscribe at once.
    private const string CalendarCache = "public, max-age=300, must-revalidate";

    private const int MaxCalendarPages = 100;

    [Function(nameof(ListMeetings))]
    public async Task<IActionResult> ListMeetings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/meetings")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var (query, errors) = MeetingQueryParser.Parse(req.Query);
        if (query is null)
        {
            return ProblemResult.BadRequest(errors);
        }

        MeetingListPage page;
        try
        {
            page = await catalog.QueryAsync(query, cancellationToken);
        }
        catch (InvalidContinuationTokenException ex)
        {
            return ProblemResult.BadRequest([FieldError.InvalidContinuationToken(ex.Message)]);
        }

        logger.LogDebug("Meeting list: {Count} items, more: {More}", page.Items.Count, page.ContinuationToken is not null);
        return new JsonApiResult(new PageDto<MeetingDto>(page.Items.Select(MeetingDto.From).ToList(), page.ContinuationToken));
    }

    [Function(nameof(GetMeeting))]
    public async Task<IActionResult> GetMeeting(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/meetings/{id}")] HttpRequest req,
        string id,
        CancellationToken cancellationToken)
    {
        var meeting = MeetingQueryParser.IsPlausibleId(id) ? await catalog.GetAsync(id, cancellationToken) : null;
        if (meeting is null)
        {
            return ProblemResult.NotFound($"There is no meeting '{Shorten(id)}'.", $"ไม่พบการประชุม '{Shorten(id)}'");
        }

        return new JsonApiResult(MeetingDto.From(meeting));
    }

    [Function(nameof(GetLiveMeetings))]
    public async Task<IActionResult> GetLiveMeetings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/meetings/live")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var live = await catalog.GetLiveAsync(cancellationToken);
        var next = await catalog.GetUpcomingAsync(1, cancellationToken);
        return new JsonApiResult(new LiveMeetingsDto(
            live.Select(MeetingDto.From).ToList(),
            next.Count > 0 ? MeetingDto.From(next[0]) : null));
    }

    [Function(nameof(GetMeetingsCalendar))]
    public async Task<IActionResult> GetMeetingsCalendar(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/meetings.ics")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var (body, errors) = MeetingQueryParser.ParseCalendar(req.Query);
        if (errors.Count > 0)
        {
            return ProblemResult.BadRequest(errors);
        }

        var today = DateOnly.FromDateTime(ThaiText.ToBangkok(time.GetUtcNow()).DateTime);
        var query = new MeetingQuery(From: calendar.Since ?? today.AddDays(-calendar.DaysBack), Body: body, PageSize: MeetingQueryParser.MaxPageSize);
        var meetings = new List<Meeting>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var truncated = false;
        var pages = 0;
        do
        {
            // A bound on storage calls too, should pages come back sparse.
            if (++pages > MaxCalendarPages)
            {
                truncated = true;
                break;
            }

            var page = await catalog.QueryAsync(query, cancellationToken);
            foreach (var m in page.Items)
            {
                if (meetings.Count == MeetingCalendar.MaxEvents)
                {
                    truncated = true;
                    break;
                }

                // One event per UID, even if pages were to overlap: a repeated UID confuses calendar apps.
                if (seen.Add(m.Id))
                {
                    meetings.Add(m);
                }
            }

            query = query with { ContinuationToken = page.ContinuationToken };
        }
        while (query.ContinuationToken is not null && !truncated);

        if (truncated)
        {
            logger.LogWarning("Meeting calendar cut at {Count} events after {Pages} pages", meetings.Count, pages);
        }

        var name = (body is { } b ? b.Describe().Thai : "การประชุมรัฐสภา") + " – จันทรา";
        var bytes = MeetingCalendar.Build(meetings, name, MeetingsUrl(req));
        return new ContentApiResult(bytes, MeetingCalendar.ContentType, CalendarCache);
    }

    /// <summary>
    /// This API's meeting route, as the subscriber reached it (the feed's own address less ".ics"), so
    /// an event links to where its JSON is served. The Functions front end admits only our own host names.
    /// </summary>
    private static Uri MeetingsUrl(HttpRequest req)
    {
        var path = req.PathBase.Add(req.Path).Value ?? string.Empty;
        if (path.EndsWith(".ics", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^".ics".Length];
        }

        var host = req.Host.HasValue ? req.Host.Value : MeetingCalendar.UidDomain;
        var scheme = string.IsNullOrEmpty(req.Scheme) ? "https" : req.Scheme;
        return new Uri($"{scheme}://{host}{(path.StartsWith('/') ? path : "/" + path)}");
    }

    private static string Shorten(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
