using Chantra.Domain.News;
using Microsoft.Azure.Functions.Worker;

namespace Chantra.Functions.News;

/// <summary>Scrapes the Senate's news (app setting <c>Schedules__ScrapeNews</c>, every 10 minutes: news comes a few times a day).</summary>
public sealed class ScrapeNews(NewsScrapeService scraper)
{
    [Function(nameof(ScrapeNews))]
    public Task Run([TimerTrigger("%Schedules:ScrapeNews%")] TimerInfo timer, CancellationToken cancellationToken) =>
        scraper.RunAsync(cancellationToken);
}
