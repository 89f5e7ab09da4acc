using Chantra.Domain.Meetings;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Meetings;

/// <summary>
/// Polls the meeting source (app setting <c>Schedules__ScrapeMeetings</c>, every minute): each tick
/// scrapes while a sitting may be on, otherwise once an hour (<see cref="MeetingPollPolicy"/>).
/// </summary>
public sealed class ScrapeMeetings(MeetingScrapeService scraper, MeetingPollPolicy policy, TimeProvider time, ILogger<ScrapeMeetings> logger)
{
    [Function(nameof(ScrapeMeetings))]
    public async Task Run([TimerTrigger("%Schedules:ScrapeMeetings%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (!policy.ShouldScrape(time.GetUtcNow(), scraper.LastRun, scraper.SittingUnderway))
        {
            logger.LogDebug("No sitting can be on now; the meeting scrape waits for the hourly pass");
            return;
        }

        await scraper.RunAsync(cancellationToken);
    }
}
