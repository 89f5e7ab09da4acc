using Chantra.Domain.Bills;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Bills;

/// <summary>Scrapes the bill source on a schedule (app setting <c>Schedules__ScrapeBills</c>, every 15 minutes by default).</summary>
public sealed class ScrapeBills(BillScrapeService scrape, ILogger<ScrapeBills> logger)
{
    [Function(nameof(ScrapeBills))]
    public async Task Run([TimerTrigger("%Schedules:ScrapeBills%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (timer.IsPastDue)
        {
            logger.LogWarning("ScrapeBills is running late");
        }

        await scrape.RunAsync(cancellationToken);
    }
}
