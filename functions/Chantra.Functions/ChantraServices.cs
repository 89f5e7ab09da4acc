using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Chantra.Azure.Complaints;
using Chantra.Azure.NotificationHubs;
using Chantra.Azure.ServiceBus;
using Chantra.Azure.Storage;
using Chantra.Domain.Bills;
using Chantra.Domain.Complaints;
using Chantra.Domain.Devices;
using Chantra.Domain.Events;
using Chantra.Domain.Meetings;
using Chantra.Functions.Feeds;
using Chantra.Functions.News;
using Chantra.Functions.Staff;
using Chantra.Functions.Webhooks;
using Chantra.Functions.Widget;
using Chantra.Domain.Push;
using Chantra.Domain.Sources;
using Chantra.Sources.Live;
using Chantra.Sources.Live.Http;
using Chantra.Sources.Replay;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Chantra.Functions;

/// <summary>
/// Every service of the app, registered once: the domain, the sources, and the Azure adapters
/// (managed identity by default, connection strings only where an emulator needs them). The
/// Functions host and the dev host both call this; the dev host then swaps the topic and the
/// push sink for its in-process ones.
/// </summary>
public static class ChantraServices
{
    public static IServiceCollection AddChantra(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);

        // Domain
        services.AddSingleton<BillStatusClassifier>();
        services.AddSingleton<BillChangeDetector>();
        services.AddSingleton<BillScrapeService>();
        services.AddSingleton(sp => Relay(sp, sp.GetRequiredService<IBillStore>()));
        services.AddSingleton(configuration.GetSection("Outbox").Get<OutboxSweeperOptions>() ?? new OutboxSweeperOptions());

        // One sweeper per store with an outbox; the SweepOutbox timer runs them all.
        services.AddSingleton(sp => Sweeper(sp, sp.GetRequiredService<IBillStore>()));
        services.AddSingleton(sp => Sweeper(sp, sp.GetRequiredService<IMeetingStore>()));
        services.AddSingleton<IPushComposer, BillPushComposer>();
        services.AddSingleton<IPushComposer, MeetingPushComposer>();
        services.AddSingleton<PushFanOutService>();

        // Meetings
        services.AddSingleton<MeetingChangeDetector>();
        services.AddSingleton<BillTitleDirectory>();
        services.AddSingleton<MeetingScrapeService>();
        services.AddSingleton(configuration.GetSection(MeetingPollOptions.Section).Get<MeetingPollOptions>() ?? new MeetingPollOptions());
        services.AddSingleton<MeetingPollPolicy>();
        services.AddSingleton(configuration.GetSection(Meetings.MeetingCalendarOptions.Section).Get<Meetings.MeetingCalendarOptions>() ?? new Meetings.MeetingCalendarOptions());

        // Sources: replay (recorded data) or live (the real sites), chosen per source by configuration:
        // Sources:Bills:Mode and Sources:Meetings:Mode = Replay (default) | Live.
        services.AddSingleton(configuration.GetSection(ReplayOptions.Section).Get<ReplayOptions>() ?? new ReplayOptions());
        services.AddSingleton<ReplayBillSource>();
        services.AddSingleton<BillSourceMerger>();
        services.AddSingleton(configuration.GetSection("Sources:Bills:Live").Get<LiveBillOptions>() ?? new LiveBillOptions());
        services.AddSingleton<IBillIdentityStore>(sp => new TableBillIdentityStore(
            sp.GetService<TableServiceClient>() ?? throw Missing("Storage__TableServiceUri (or Storage__ConnectionString)")));
        services.AddSingleton<LiveBillSource>();
        var billsLive = Sources.SourceModes.IsLive(configuration, "Bills");
        services.AddSingleton<IBillSource>(sp => billsLive
            ? sp.GetRequiredService<LiveBillSource>()
            : sp.GetRequiredService<ReplayBillSource>());
        services.AddSingleton<ReplayMeetingSource>();

        // Live sources share one HTTP layer (Sources:Http: User-Agent, timeouts, retries, breaker per host, polite
        // rate) and the page cache (table 'pagecache': each URL's ETag/Last-Modified for conditional GET).
        services.AddSourceHttp(configuration.GetSection("Sources:Http").Get<SourceHttpOptions>() ?? new SourceHttpOptions());
        services.AddSingleton<IPageCacheStore>(sp => new TablePageCacheStore(
            sp.GetService<TableServiceClient>() ?? throw Missing("Storage__TableServiceUri (or Storage__ConnectionString)")));
        services.AddSingleton(configuration.GetSection("Sources:Meetings:Live").Get<LiveMsbisOptions>() ?? new LiveMsbisOptions());
        services.AddSingleton<LiveMsbisMeetingSource>();
        var meetingsLive = Sources.SourceModes.IsLive(configuration, "Meetings");
        services.AddSingleton<IMeetingSource>(sp => meetingsLive
            ? sp.GetRequiredService<LiveMsbisMeetingSource>()
            : sp.GetRequiredService<ReplayMeetingSource>());

        // Azure clients: identity-based unless a connection string is given (Azurite, tests).
        var storage = configuration.GetSection("Storage");
        var serviceBus = configuration.GetSection("ServiceBus");
        services.AddSingleton<StorageRequestCounter>();
        services.AddAzureClients(clients =>
        {
            clients.UseCredential(new DefaultAzureCredential());
            if (storage["ConnectionString"] is { Length: > 0 } storageConnection)
            {
                clients.AddTableServiceClient(storageConnection).ConfigureOptions(CountRequests);
            }
            else if (storage["TableServiceUri"] is { Length: > 0 } tableUri)
            {
                clients.AddTableServiceClient(new Uri(tableUri)).ConfigureOptions(CountRequests);
            }

            if (serviceBus["ConnectionString"] is { Length: > 0 } busConnection)
            {
                clients.AddServiceBusClient(busConnection);
            }
            else if (serviceBus["FullyQualifiedNamespace"] is { Length: > 0 } busNamespace)
            {
                clients.AddServiceBusClientWithNamespace(busNamespace);
            }
        });

        services.AddSingleton(sp => new ChantraTables(sp.GetService<TableServiceClient>() ?? throw Missing("Storage__TableServiceUri (or Storage__ConnectionString)")));
        services.AddSingleton<TableBillStore>();
        services.AddSingleton<IBillStore>(sp => sp.GetRequiredService<TableBillStore>());
        services.AddSingleton<IBillCatalog>(sp => sp.GetRequiredService<TableBillStore>());
        services.AddSingleton<ISourceHealthStore, TableSourceHealthStore>();
        services.AddSingleton<TableMeetingStore>();
        services.AddSingleton<IMeetingStore>(sp => sp.GetRequiredService<TableMeetingStore>());
        services.AddSingleton<IMeetingCatalog>(sp => sp.GetRequiredService<TableMeetingStore>());

        services.AddSingleton<IEventPublisher>(sp => new ServiceBusEventPublisher(
            (sp.GetService<ServiceBusClient>() ?? throw Missing("ServiceBus__FullyQualifiedNamespace (or ServiceBus__ConnectionString)"))
                .CreateSender(ServiceBusEventPublisher.TopicName)));

        // News (tables news + newsindex, replay source, push composer, outbox sweeper) and the change log
        // (table changes), which wraps the publisher above so every event is logged before it is published.
        services.AddChantraNews(configuration);
        services.AddChantraChangeFeed(configuration);

        // Notification Hubs through its REST API (the SDK package is not on our feed).
        services.AddOptions<NotificationHubsOptions>().Bind(configuration.GetSection("NotificationHubs"));
        services.AddHttpClient(nameof(NotificationHubsClient), c => c.Timeout = TimeSpan.FromSeconds(30))
            .RedactLoggedHeaders(["Authorization"]); // the SAS token never reaches a log
        services.AddSingleton(sp => new NotificationHubsClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(NotificationHubsClient)),
            sp.GetRequiredService<IOptions<NotificationHubsOptions>>().Value,
            sp.GetRequiredService<ILogger<NotificationHubsClient>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPushNotifier>(sp => sp.GetRequiredService<NotificationHubsClient>());
        services.AddSingleton<IPushInstallations>(sp => new NotificationHubsInstallations(sp.GetRequiredService<NotificationHubsClient>()));

        // Constitutions: texts shipped with the app, loaded and indexed once per instance on first use.
        services.AddSingleton(configuration.GetSection("Constitution").Get<Constitution.ConstitutionOptions>() ?? new Constitution.ConstitutionOptions());
        services.AddSingleton<Constitution.ConstitutionCatalogService>();
        services.AddHostedService<Constitution.ConstitutionWarmUp>();

        // Devices
        services.AddSingleton<IDeviceStore, TableDeviceStore>();
        services.AddSingleton<DeviceService>();
        services.AddSingleton<DevicePruner>();

        // Complaints: intake, tracking, staff triage and retention (IPersonalDataProtector and
        // StaffAccess are registered with the personal-data crypto and the staff authentication).
        services.AddSingleton(configuration.GetSection(ComplaintOptions.Section).Get<ComplaintOptions>() ?? new ComplaintOptions());
        services.AddSingleton<TableComplaintStore>();
        services.AddSingleton<IComplaintStore>(sp => sp.GetRequiredService<TableComplaintStore>());
        services.AddSingleton<IRateLimitCounter, TableRateLimitCounter>();
        services.AddSingleton<ComplaintRateLimiter>();
        services.AddSingleton<ComplaintIntake>();
        services.AddSingleton<ComplaintTriage>();
        services.AddSingleton<ComplaintRetention>();
        services.AddSingleton<IPushComposer, ComplaintPushComposer>();
        services.AddSingleton(sp => Sweeper(sp, sp.GetRequiredService<IComplaintStore>()));

        // Personal data: envelope encryption. Key Vault in Azure (wins when both are set, so a stray
        // local key cannot take over there); a local key only on dev machines and in tests.
        services.AddHttpClient(KeyVaultKeyEncryptionKey.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30))
            .RedactLoggedHeaders(["Authorization"]); // the bearer token never reaches a log
        services.AddSingleton<IKeyEncryptionKey>(sp =>
            configuration["Complaints:KeyUri"] is { Length: > 0 } keyUri
                ? new KeyVaultKeyEncryptionKey(
                    sp.GetRequiredService<IHttpClientFactory>().CreateClient(KeyVaultKeyEncryptionKey.HttpClientName),
                    new DefaultAzureCredential(),
                    new Uri(keyUri),
                    sp.GetRequiredService<ILogger<KeyVaultKeyEncryptionKey>>(),
                    sp.GetRequiredService<TimeProvider>())
                : configuration["Complaints:LocalKey"] is { Length: > 0 } localKey
                    ? new LocalKeyEncryptionKey(localKey)
                    : throw Missing("Complaints__KeyUri (or Complaints__LocalKey)"));
        services.AddSingleton<IWrappedKeyStore, TableWrappedKeyStore>();
        services.AddSingleton<IPersonalDataProtector, PersonalDataProtector>();

        // Staff APIs: Entra ID bearer tokens checked in code; the tenant's keys fetched and cached.
        services.AddOptions<StaffAuthOptions>().Bind(configuration.GetSection(StaffAuthOptions.Section));
        services.AddHttpClient(nameof(StaffAuthenticator), c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<IConfigurationManager<OpenIdConnectConfiguration>>(sp => StaffAuthenticator.CreateConfigurationManager(
            sp.GetRequiredService<IOptions<StaffAuthOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(StaffAuthenticator))));
        services.AddSingleton(sp => new StaffAuthenticator(
            sp.GetRequiredService<IConfigurationManager<OpenIdConnectConfiguration>>(),
            sp.GetRequiredService<IOptions<StaffAuthOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<StaffAuthenticator>>()));
        services.AddSingleton<StaffAccess>();

        // The academic and legal library: entries in Table Storage, a Thai search index per instance.
        services.AddSingleton(configuration.GetSection("Library").Get<Library.LibraryOptions>() ?? new Library.LibraryOptions());
        services.AddSingleton(sp => new Chantra.Azure.Library.LibraryTables(sp.GetRequiredService<ChantraTables>().Service));
        services.AddSingleton<Chantra.Domain.Library.ILibraryStore, Chantra.Azure.Library.TableLibraryStore>();
        services.AddSingleton<Chantra.Domain.Library.LibraryService>();
        services.AddSingleton<Library.LibraryCatalogService>();
        services.AddHostedService<Library.LibrarySampleSeeder>();

        // The portal widget: its files, and CORS for the configured origins only.
        services.AddChantraWidget(configuration);

        // Ministries (staff-set bill ministries) and their webhooks.
        services.AddMinistriesAndWebhooks(configuration);

        return services;
    }

    private static OutboxRelay Relay(IServiceProvider sp, IOutboxStore store) =>
        new(sp.GetRequiredService<IEventPublisher>(), store, sp.GetRequiredService<ILogger<OutboxRelay>>());

    private static OutboxSweeper Sweeper(IServiceProvider sp, IOutboxStore store) =>
        new(store, Relay(sp, store), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<OutboxSweeperOptions>(), sp.GetRequiredService<ILogger<OutboxSweeper>>());

    private static void CountRequests(TableClientOptions options, IServiceProvider sp) =>
        options.AddPolicy(sp.GetRequiredService<StorageRequestCounter>(), HttpPipelinePosition.PerCall);

    private static InvalidOperationException Missing(string setting) =>
        new($"The setting {setting} is not configured.");
}
