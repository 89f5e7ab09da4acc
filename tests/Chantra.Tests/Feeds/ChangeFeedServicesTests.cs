using Chantra.Azure.ServiceBus;
using Chantra.DevHost;
using Chantra.Azure.Storage;
using Chantra.Domain.Events;
using Chantra.Domain.News;
using Chantra.Domain.Push;
using Chantra.Functions;
using Chantra.Functions.Feeds;
using Chantra.Functions.News;
using Chantra.Sources.Replay;
using Chantra.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Chantra.Tests.Feeds;

/// <summary>
/// The registrations of news and the change feed: the publisher the container hands out logs every
/// event first, whichever publisher the host registered last, and is never wrapped twice.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChangeFeedServicesTests(AzuriteFixture azurite)
{
    private static ServiceCollection WithLog()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new Mock<IChangeLog>().Object);
        return services;
    }

    private static IEventPublisher InnerOf(IServiceProvider sp) =>
        Assert.IsType<ChangeLogPublisher>(sp.GetRequiredService<IEventPublisher>()).Inner;

    [Fact]
    public void The_last_registered_publisher_is_wrapped_once_and_keeps_its_single_instance()
    {
        var services = WithLog();
        var topic = new RecordingPublisher();
        services.AddSingleton<IEventPublisher>(topic);

        services.UseChangeLogPublisher().UseChangeLogPublisher();
        using var sp = services.BuildServiceProvider();

        Assert.Same(topic, InnerOf(sp));
        Assert.Same(sp.GetRequiredService<IEventPublisher>(), sp.GetRequiredService<IEventPublisher>());
    }

    [Fact]
    public void A_publisher_swapped_in_later_is_the_one_wrapped_when_the_host_wraps_again()
    {
        var services = WithLog();
        services.AddSingleton<IEventPublisher>(_ => new RecordingPublisher());
        services.UseChangeLogPublisher();
        var devTopic = new RecordingPublisher();
        services.AddSingleton(devTopic);
        services.AddSingleton<IEventPublisher>(sp => sp.GetRequiredService<RecordingPublisher>()); // the dev host's swap

        services.UseChangeLogPublisher();
        using var sp = services.BuildServiceProvider();

        Assert.Same(devTopic, InnerOf(sp));
    }

    [Fact]
    public void A_publisher_registered_by_type_is_wrapped_too_and_wrapping_nothing_is_an_error()
    {
        var services = WithLog();
        services.AddSingleton<IEventPublisher, RecordingPublisher>();
        services.UseChangeLogPublisher();
        using var sp = services.BuildServiceProvider();

        Assert.IsType<RecordingPublisher>(InnerOf(sp));
        Assert.Throws<InvalidOperationException>(() => WithLog().UseChangeLogPublisher());
    }

    [Fact]
    public async Task The_apps_services_with_news_and_the_change_feed_resolve_and_the_topic_publisher_logs_first()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["ServiceBus:ConnectionString"] = "Endpoint=sb://localhost/;SharedAccessKeyName=test;SharedAccessKey=a2V5",
            ["News:HeadlineCategories:0"] = "ข่าวเด่น",
            ["ChangeLog:SettleWindow"] = "00:00:20",
            ["Sources:Replay:NewsXml"] = "/data/news.xml",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddChantra(config);
        var sweepers = services.Count(d => d.ServiceType == typeof(OutboxSweeper));

        services.AddChantraNews(config).AddChantraChangeFeed(config);
        await using var sp = services.BuildServiceProvider();

        Assert.IsType<ServiceBusEventPublisher>(InnerOf(sp));
        Assert.IsType<TableChangeLog>(sp.GetRequiredService<IChangeLog>());
        Assert.Equal(TimeSpan.FromSeconds(20), sp.GetRequiredService<ChangeLogOptions>().SettleWindow);
        Assert.Equal(["ข่าวเด่น"], sp.GetRequiredService<NewsOptions>().HeadlineCategories);
        Assert.Equal("/data/news.xml", sp.GetRequiredService<ReplayOptions>().NewsXml);
        Assert.IsType<ReplayNewsSource>(sp.GetRequiredService<INewsSource>());
        Assert.Same(sp.GetRequiredService<INewsStore>(), sp.GetRequiredService<INewsCatalog>());
        Assert.Contains(sp.GetServices<IPushComposer>(), c => c is NewsPushComposer);
        Assert.Equal(sweepers + 1, sp.GetServices<OutboxSweeper>().Count()); // news has its own
        Assert.NotNull(sp.GetRequiredService<NewsScrapeService>());
        Assert.NotNull(ActivatorUtilities.CreateInstance<NewsApi>(sp));
        Assert.NotNull(ActivatorUtilities.CreateInstance<ScrapeNews>(sp));
        Assert.NotNull(ActivatorUtilities.CreateInstance<FeedsApi>(sp));
        Assert.NotNull(ActivatorUtilities.CreateInstance<ChangesApi>(sp));
        Assert.NotNull(sp.GetRequiredService<Chantra.Domain.Ministry.BillMinistryService>()); // a staff-set ministry's event goes through the same publisher
    }

    [Fact]
    public async Task In_the_dev_host_shape_a_news_scrape_reaches_the_in_process_topic_and_the_change_log_once_each()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Sources:Replay:Mode"] = "Instant",
            ["ChangeLog:SettleWindow"] = "00:00:00.200",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddChantra(config);
        services.AddChantraNews(config).AddChantraChangeFeed(config);

        // What the dev host does after AddChantra: its own topic in place of Service Bus, then the wrap again.
        services.AddSingleton(new InProcessTopicOptions());
        services.AddSingleton<InProcessTopic>();
        services.AddSingleton<IEventPublisher>(sp => sp.GetRequiredService<InProcessTopic>());
        services.UseChangeLogPublisher();
        await using var sp = services.BuildServiceProvider();

        var scrape = sp.GetRequiredService<NewsScrapeService>();
        var first = await scrape.RunAsync(default);
        await scrape.RunAsync(default);
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        var logged = await sp.GetRequiredService<IChangeLog>().ReadAsync(null, 500, default);

        Assert.Same(sp.GetRequiredService<InProcessTopic>(), InnerOf(sp));
        Assert.Equal(7, first.Published);
        Assert.Equal(7, sp.GetRequiredService<InProcessTopic>().Accepted);
        var news = logged.Items.Where(e => e.Type == EventTypes.NewsPublished).ToList();
        Assert.Equal(7, news.Count);
        Assert.Equal(7, news.Select(e => e.Id).Distinct().Count());
    }
}
