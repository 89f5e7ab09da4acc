using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Chantra.Azure.ServiceBus;
using Chantra.Azure.Storage;
using Chantra.Functions.Push;
using NCrontab;

namespace Chantra.Tests.Infrastructure;

/// <summary>
/// The template and the code agree: every setting the code reads in Azure has a value in the
/// function app's settings (bicep/modules/function-app-settings.bicep), in the identity-based
/// form, and the names and log messages the infrastructure relies on are the code's.
/// </summary>
public sealed class BicepPolicyAgreementTests
{
    /// <summary>
    /// Configuration the code reads in Azure, with where it reads it. Each "evidence" text must
    /// still be in that file: when the code moves or renames a read, this list has to follow.
    /// Settings with defaults that are right in Azure (Constitution:DataDir, Sources:Replay:*,
    /// NotificationHubs retry tuning) are not required. NotificationHubs:Endpoint is for tests.
    /// </summary>
    private static readonly (string Setting, string File, string Evidence)[] CodeReads =
    [
        // Table client for the app's tables; the identity-based branch (ConnectionString is for Azurite).
        ("Storage:TableServiceUri", "functions/Chantra.Functions/ChantraServices.cs", "storage[\"TableServiceUri\"]"),
        // Service Bus client of the outbox publisher (the trigger's own setting is checked below).
        ("ServiceBus:FullyQualifiedNamespace", "functions/Chantra.Functions/ChantraServices.cs", "serviceBus[\"FullyQualifiedNamespace\"]"),
        // NotificationHubsOptions bound from the "NotificationHubs" section.
        ("NotificationHubs:HubName", "functions/Chantra.Functions/ChantraServices.cs", "GetSection(\"NotificationHubs\")"),
        ("NotificationHubs:HubName", "functions/Chantra.Azure/NotificationHubs/NotificationHubsOptions.cs", "public string HubName"),
        ("NotificationHubs:ConnectionString", "functions/Chantra.Azure/NotificationHubs/NotificationHubsOptions.cs", "public string ConnectionString"),
        // OutboxSweeperOptions bound from the "Outbox" section (set explicitly so ops see it).
        ("Outbox:MinAge", "functions/Chantra.Functions/ChantraServices.cs", "GetSection(\"Outbox\")"),
        ("Outbox:MinAge", "functions/Chantra.Domain/Events/OutboxSweeper.cs", "public TimeSpan MinAge"),
        // DefaultAzureCredential picks a user-assigned identity by the AZURE_CLIENT_ID environment variable.
        ("AZURE_CLIENT_ID", "functions/Chantra.Functions/ChantraServices.cs", "new DefaultAzureCredential()"),
    ];

    /// <summary>Settings the Functions host and the platform read, and the staff API's (the issue's contract).</summary>
    private static readonly string[] HostReads =
    [
        "AzureWebJobsStorage:blobServiceUri", "AzureWebJobsStorage:credential", "AzureWebJobsStorage:clientId",
        "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "Auth:TenantId", "Auth:ClientId",
    ];

    /// <summary>Settings that must not be there: the code prefers the connection strings over identity, and Flex Consumption rejects the runtime ones.</summary>
    private static readonly string[] Forbidden =
    [
        "Storage:ConnectionString", "ServiceBus:ConnectionString", "AzureWebJobsStorage", "NotificationHubs:Endpoint",
        "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
    ];

    [Fact]
    public void The_code_still_reads_the_listed_settings_where_the_list_says()
    {
        foreach (var (setting, file, evidence) in CodeReads)
        {
            var text = File.ReadAllText(Path.Combine(BicepPolicyBuild.RepositoryRoot, file));
            Assert.True(text.Contains(evidence, StringComparison.Ordinal), $"{file} no longer contains {evidence} (read of {setting}): update the list in this test.");
        }
    }

    [Fact]
    public async Task Every_setting_the_code_reads_has_a_value_in_the_template()
    {
        var settings = await AppSettingsAsync();
        var required = CodeReads.Select(r => r.Setting).Concat(ScheduleSettings()).Concat(HostReads)
            .Concat(ServiceBusTriggerConnections().SelectMany(c => new[] { $"{c}:fullyQualifiedNamespace", $"{c}:credential", $"{c}:clientId" }))
            .Distinct(StringComparer.OrdinalIgnoreCase);

        var missing = required.Where(s => settings.GetValueOrDefault(Key(s)) is not { Length: > 0 }).ToList();

        Assert.True(missing.Count == 0, "No value in the template for: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_scan_finds_the_timers_and_the_trigger_connection()
    {
        // The scans are what keep a new timer or trigger from being forgotten; they must at least see today's.
        Assert.Subset(ScheduleSettings().ToHashSet(), new HashSet<string> { "Schedules:PruneDevices", "Schedules:ScrapeBills", "Schedules:SweepOutbox" });
        Assert.Contains("ServiceBus", ServiceBusTriggerConnections());
    }

    [Fact]
    public async Task The_template_sets_no_connection_string_the_code_would_prefer_and_no_runtime_setting_Flex_rejects()
    {
        var settings = await AppSettingsAsync();

        Assert.DoesNotContain(Forbidden, s => settings.ContainsKey(Key(s)));
    }

    [Fact]
    public async Task The_settings_have_values_of_the_right_shape()
    {
        var settings = await AppSettingsAsync();

        Assert.StartsWith("@Microsoft.KeyVault(SecretUri=", settings[Key("NotificationHubs:ConnectionString")], StringComparison.Ordinal);
        foreach (var setting in ScheduleSettings())
        {
            CrontabSchedule.Parse(settings[Key(setting)], new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        }

        Assert.True(TimeSpan.TryParse(settings[Key("Outbox:MinAge")], System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal("managedidentity", settings[Key("AzureWebJobsStorage:credential")]);
        Assert.Equal("managedidentity", settings[Key("ServiceBus:credential")]);
        Assert.Contains("Authorization=AAD", settings[Key("APPLICATIONINSIGHTS_AUTHENTICATION_STRING")], StringComparison.Ordinal);

        // One identity: every client id setting carries the same value (compared as written).
        var raw = await RawAppSettingsAsync();
        var clientIds = new[] { "AZURE_CLIENT_ID", "AzureWebJobsStorage__clientId", "ServiceBus__clientId" }.Select(k => raw[k]).Distinct().ToList();
        Assert.Single(clientIds);
        Assert.Contains(clientIds[0].Trim('[', ']'), raw["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tables_topic_and_subscription_are_the_ones_the_code_uses()
    {
        var resources = ArmResource.Collect(await BicepPolicyBuild.MainAsync());
        var tables = resources.Single(r => r.Is("Microsoft.Storage/storageAccounts/tableServices/tables"));
        var tableNames = ArmEvaluator.Items(new ArmEvaluator().Eval(JsonValue.Create("[parameters('tableNames')]"), tables.Scope)).Cast<string>();

        Assert.Equal(new[] { ChantraTables.BillsTable, ChantraTables.BillIndexTable, ChantraTables.SourcesTable, ChantraTables.DevicesTable, ChantraTables.MeetingsTable, ChantraTables.MeetingIndexTable, ChantraTables.ComplaintsTable, ChantraTables.ComplaintIndexTable, ChantraTables.CountersTable, ChantraTables.KeysTable, ChantraTables.NewsTable, ChantraTables.NewsIndexTable, ChantraTables.ChangesTable, ChantraTables.WebhooksTable, ChantraTables.WebhookDeliveriesTable, ChantraTables.LibraryTable, ChantraTables.PageCacheTable, ChantraTables.BillAliasesTable }.Order(), tableNames.Order());
        Assert.Equal(BicepPolicy.EventsTopic, ServiceBusEventPublisher.TopicName);
        Assert.Equal(BicepPolicy.EventsTopic, FanOutPush.Topic);
        Assert.Contains(FanOutPush.Subscription, BicepPolicy.Subscriptions);
    }

    [Fact]
    public async Task The_alerts_watch_dead_letters_and_the_scrapers_own_unhealthy_message()
    {
        // The exact texts every scraper logs must be the ones the log alert looks for: the failure (said once, by
        // SourcePass, for bills, meetings, news and the live bill source's Senate list and Gazette, which fail on
        // their own) and each scrape's summary of a good pass.
        var pass = File.ReadAllText(Path.Combine(BicepPolicyBuild.RepositoryRoot, "functions/Chantra.Domain/Sources/SourcePass.cs"));
        var unhealthy = Regex.Match(pass, "LogError\\([^\"]*\"Source \\{Source\\} (is unhealthy;[^\"]*)\"").Groups[1].Value;
        Assert.Equal("is unhealthy; the last good data stays", unhealthy);

        foreach (var file in new[]
        {
            "functions/Chantra.Domain/Bills/BillScrapeService.cs", "functions/Chantra.Domain/Meetings/MeetingScrapeService.cs",
            "functions/Chantra.Domain/News/NewsScrapeService.cs", "functions/Chantra.Sources/Live/LiveBillSource.cs",
        })
        {
            var text = File.ReadAllText(Path.Combine(BicepPolicyBuild.RepositoryRoot, file));
            Assert.Contains("\"Scrape of {Source}: ", text, StringComparison.Ordinal);
            Assert.True(text.Contains("new SourcePass(", StringComparison.Ordinal), $"{file} reads its source through SourcePass (the failure's words)");
        }

        var resources = ArmResource.Collect(await BicepPolicyBuild.MainAsync()).Where(r => !r.Existing).ToList();
        var logAlert = resources.Single(r => r.Is("Microsoft.Insights/scheduledQueryRules"));
        var query = Assert.IsType<string>(ArmEvaluator.Items(logAlert.Get("properties", "criteria", "allOf")).Select(c => new ArmEvaluator().Member(c, "query")).Single());
        Assert.Contains($"Source (.+) {unhealthy}", query, StringComparison.Ordinal);
        Assert.Contains("\"Scrape of \"", query, StringComparison.Ordinal);
        Assert.Equal("PT1H", logAlert.Get("properties", "windowSize"));

        var metricAlert = resources.Single(r => r.Is("Microsoft.Insights/metricAlerts"));
        var criterion = Assert.Single(ArmEvaluator.Items(metricAlert.Get("properties", "criteria", "allOf")));
        var evaluator = new ArmEvaluator();
        Assert.Equal("DeadletteredMessages", evaluator.Member(criterion, "metricName"));
        Assert.Equal("GreaterThan", evaluator.Member(criterion, "operator"));
        Assert.Equal(0L, evaluator.Member(criterion, "threshold"));

        var actionGroup = resources.Single(r => r.Is("Microsoft.Insights/actionGroups"));
        Assert.Single(ArmEvaluator.Items(actionGroup.Get("properties", "emailReceivers")));
        Assert.Single(ArmEvaluator.Items(logAlert.Get("properties", "actions", "actionGroups")));
        Assert.Single(ArmEvaluator.Items(metricAlert.Get("properties", "actions")));
    }

    /// <summary>Every %Schedules:…% timer expression in the function code, as a configuration key.</summary>
    private static List<string> ScheduleSettings() => SourceFiles()
        .SelectMany(f => Regex.Matches(File.ReadAllText(f), "%(Schedules:[A-Za-z0-9_]+)%").Select(m => m.Groups[1].Value))
        .Distinct().ToList();

    /// <summary>The Connection of every [ServiceBusTrigger] in the function code.</summary>
    private static List<string> ServiceBusTriggerConnections() => SourceFiles()
        .SelectMany(f => Regex.Matches(File.ReadAllText(f), "ServiceBusTrigger\\([^)]*Connection\\s*=\\s*\"([^\"]+)\"").Select(m => m.Groups[1].Value))
        .Distinct().ToList();

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Path.Combine(BicepPolicyBuild.RepositoryRoot, "functions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(d => d is "bin" or "obj"));

    /// <summary>Configuration keys are case-insensitive and "__" in a setting name is ":".</summary>
    private static string Key(string setting) => setting.Replace("__", ":", StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>The function app's settings, by configuration key, with values evaluated as far as the template knows them (⁇ for deployment-time values).</summary>
    private static async Task<Dictionary<string, string>> AppSettingsAsync()
    {
        var settings = new Dictionary<string, string>();
        foreach (var (name, value) in ArmEvaluator.Members(AppSettingsResource(await BicepPolicyBuild.MainAsync()).Get("properties")))
        {
            Assert.True(settings.TryAdd(Key(name), ArmEvaluator.Text(value)), $"{name} is set twice (configuration keys are case-insensitive)");
        }

        return settings;
    }

    /// <summary>The settings as written in the compiled template (expressions unevaluated).</summary>
    private static async Task<Dictionary<string, string>> RawAppSettingsAsync() =>
        AppSettingsResource(await BicepPolicyBuild.MainAsync()).Node["properties"]!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());

    private static ArmResource AppSettingsResource(JsonObject template) =>
        ArmResource.Collect(template).Single(r => r.Is("Microsoft.Web/sites/config") && r.Name.EndsWith("/appsettings", StringComparison.OrdinalIgnoreCase));
}
