using System.Text.RegularExpressions;
using Chantra.Domain.Bills;
using Chantra.Domain.Meetings;
using Chantra.Domain.News;
using Chantra.Functions;
using Chantra.Functions.News;
using Chantra.Sources.Live;
using Chantra.Sources.Replay;
using Chantra.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Chantra.Tests.Sources;

/// <summary>The app's registrations with the settings the Bicep template writes: Live picks every live adapter, bound as configured.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class LiveSourceWiringTests(AzuriteFixture azurite)
{
    private const string Lis3 = "https://lis.parliament.go.th/index/search_advance_detail.php?S_SYSTEM=3&S_SAPA_NO=26&SEARCH_DATA=Y&offset=0";
    private const string Lis5 = "https://lis.parliament.go.th/index/search_advance_detail.php?S_SYSTEM=5&S_SAPA_NO=26&SEARCH_DATA=Y&offset=0";
    private const string Msbis = "https://msbis.parliament.go.th/ewtadmin/ewt/parliament_report/main_warehouse_list_test_sql.php?id=1&level=5&yearno=26&year=1&offset=0&session_name=%CA%C1%D1%C2";

    /// <summary>The settings as function-app-settings.bicep names them (with ':' for '__').</summary>
    private static readonly Dictionary<string, string?> BicepSources = new()
    {
        ["Sources:Bills:Mode"] = "Live",
        ["Sources:Meetings:Mode"] = "Live",
        ["Sources:News:Mode"] = "Live",
        ["Sources:Bills:Live:LisListUrlList"] = Lis3 + " " + Lis5,
        ["Sources:Bills:Live:GazetteListingUrlList"] = "",
        ["Sources:Meetings:Live:ListUrlList"] = Msbis,
    };

    private ServiceProvider Build(Dictionary<string, string?> sources)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(sources)
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["ServiceBus:ConnectionString"] = "Endpoint=sb://localhost/;SharedAccessKeyName=test;SharedAccessKey=a2V5",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddChantra(config);
        services.AddChantraNews(config);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Live_mode_with_the_template_s_settings_gives_every_live_adapter_bound_as_configured()
    {
        await using var sp = Build(BicepSources);

        Assert.IsType<LiveBillSource>(sp.GetRequiredService<IBillSource>());
        Assert.IsType<LiveMsbisMeetingSource>(sp.GetRequiredService<IMeetingSource>());
        Assert.IsType<LiveSenateNewsSource>(sp.GetRequiredService<INewsSource>());
        var bills = sp.GetRequiredService<LiveBillOptions>();
        Assert.Equal([new Uri(Lis3), new Uri(Lis5)], bills.LisListUrls);
        Assert.Empty(bills.GazetteListingUrls);
        Assert.NotNull(bills.SenateListUrl); // the documented default
        Assert.Equal([new Uri(Msbis)], sp.GetRequiredService<LiveMsbisOptions>().ListUrls);
        Assert.NotNull(sp.GetRequiredService<BillScrapeService>());
        Assert.NotNull(sp.GetRequiredService<MeetingScrapeService>());
        Assert.NotNull(sp.GetRequiredService<NewsScrapeService>());
    }

    [Fact]
    public async Task Without_a_mode_every_source_is_the_replay()
    {
        await using var sp = Build([]);

        Assert.IsType<ReplayBillSource>(sp.GetRequiredService<IBillSource>());
        Assert.IsType<ReplayMeetingSource>(sp.GetRequiredService<IMeetingSource>());
        Assert.IsType<ReplayNewsSource>(sp.GetRequiredService<INewsSource>());
    }

    [Fact]
    public void A_list_setting_that_is_not_a_url_is_refused_at_start_with_the_offending_value()
    {
        // Bound when the app registers its services: the host does not start, and says which value is wrong.
        var e = Assert.ThrowsAny<Exception>(() => Build(new(BicepSources) { ["Sources:Bills:Live:LisListUrlList"] = Lis3 + " lis.parliament.go.th/list" }));

        Assert.Contains("'lis.parliament.go.th/list' in a source URL list is not an absolute http(s) URL", (e.InnerException ?? e).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_template_writes_exactly_these_source_settings()
    {
        var bicep = File.ReadAllText(Path.Combine(AzuriteProcessRoot(), "bicep", "modules", "function-app-settings.bicep"));
        var written = SourceSetting().Matches(bicep).Select(m => m.Groups["key"].Value.Replace("__", ":", StringComparison.Ordinal)).Order().ToList();

        Assert.Equal(BicepSources.Keys.Order(), written);
    }

    private static string AzuriteProcessRoot() =>
        Chantra.Azure.Azurite.AzuriteProcess.FindRepositoryRoot() ?? throw new InvalidOperationException("Repository root not found.");

    [GeneratedRegex(@"^\s*(?<key>Sources__[A-Za-z_]+):", RegexOptions.Multiline)]
    private static partial Regex SourceSetting();
}
