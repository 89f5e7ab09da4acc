using Chantra.Azure.Storage;
using Chantra.Domain.Events;
using Chantra.Domain.News;
using Chantra.Domain.Push;
using Chantra.Domain.Sources;
using Chantra.Sources.Live;
using Chantra.Sources.Replay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.News;

/// <summary>The services of news, for <see cref="ChantraServices.AddChantra"/> to call (after the tables and the publisher are registered).</summary>
public static class NewsServices
{
    public static IServiceCollection AddChantraNews(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(NewsOptions.Section).Get<NewsOptions>() ?? new NewsOptions());
        services.AddSingleton<NewsChangeDetector>();
        services.AddSingleton<NewsScrapeService>();
        services.AddSingleton<IPushComposer, NewsPushComposer>();

        // Source: the replay of a news XML file (the live feed comes with the live scrapers' issue).
        services.AddSingleton<ReplayNewsSource>();
        // Sources:News:Mode = Replay (default) | Live.
        services.AddSingleton(configuration.GetSection("Sources:News:Live").Get<LiveSenateNewsOptions>() ?? new LiveSenateNewsOptions());
        services.AddSingleton<LiveSenateNewsSource>();
        var newsLive = Sources.SourceModes.IsLive(configuration, "News");
        services.AddSingleton<INewsSource>(sp => newsLive
            ? sp.GetRequiredService<LiveSenateNewsSource>()
            : sp.GetRequiredService<ReplayNewsSource>());

        // Storage: tables news and newsindex, in the same account as the rest.
        services.AddSingleton(sp => new NewsTables(sp.GetRequiredService<ChantraTables>().Service));
        services.AddSingleton<TableNewsStore>();
        services.AddSingleton<INewsStore>(sp => sp.GetRequiredService<TableNewsStore>());
        services.AddSingleton<INewsCatalog>(sp => sp.GetRequiredService<TableNewsStore>());

        // The SweepOutbox timer runs every registered sweeper: this one publishes what a failed news publish left.
        services.AddSingleton(sp =>
        {
            var store = sp.GetRequiredService<INewsStore>();
            var relay = new OutboxRelay(sp.GetRequiredService<IEventPublisher>(), store, sp.GetRequiredService<ILogger<OutboxRelay>>());
            return new OutboxSweeper(store, relay, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<OutboxSweeperOptions>(), sp.GetRequiredService<ILogger<OutboxSweeper>>());
        });
        return services;
    }
}
