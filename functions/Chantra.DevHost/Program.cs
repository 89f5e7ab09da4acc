using Chantra.Azure.Azurite;
using Chantra.DevHost;
using Chantra.Domain.Devices;
using Chantra.Domain.Events;
using Chantra.Domain.Push;
using Chantra.Functions;
using Chantra.Functions.Feeds;
using Chantra.Functions.Http;
using Chantra.Functions.Widget;

// The dev host: one process that runs the very same function classes as the Functions host
// (DESIGN.md, "Running it without Azure"). Everything has a default, so it runs with no settings.
var builder = WebApplication.CreateBuilder(args);
var config = builder.Configuration;

// Personal data (complaints): with the in-memory Azurite, a fresh local key per run unless Key Vault
// or a key is configured: the data dies with the process, and so does the key; no secret in any file.
// With a storage account configured, a key must be configured too (data must stay readable).
if (string.IsNullOrEmpty(config["Complaints:KeyUri"]) && string.IsNullOrEmpty(config["Complaints:LocalKey"])
    && string.IsNullOrEmpty(config["Storage:ConnectionString"]) && string.IsNullOrEmpty(config["Storage:TableServiceUri"]))
{
    config["Complaints:LocalKey"] = Chantra.Domain.Complaints.LocalKeyEncryptionKey.NewKey();
}

// Storage: Azurite (in memory, a free port) unless a storage account is configured.
AzuriteProcess? azurite = null;
if (string.IsNullOrEmpty(config["Storage:ConnectionString"]) && string.IsNullOrEmpty(config["Storage:TableServiceUri"]))
{
    azurite = await AzuriteProcess.StartAsync(Console.Error.WriteLine);
    config["Storage:ConnectionString"] = azurite.ConnectionString;
    Console.WriteLine($"Azurite (Table Storage) is listening on 127.0.0.1:{azurite.Port}");
}

builder.Services.AddChantra(config);
builder.Services.AddChantraWidget(config); // idempotent: also fine once AddChantra registers it
builder.Services.Configure<DevHostOptions>(config.GetSection("DevHost"));
builder.Services.AddSingleton(new FunctionCatalog(typeof(ChantraServices).Assembly));
builder.Services.AddSingleton<FunctionInvoker>();

// Service Bus: the in-process topic unless a namespace is configured.
var realServiceBus = !string.IsNullOrEmpty(config["ServiceBus:ConnectionString"]) || !string.IsNullOrEmpty(config["ServiceBus:FullyQualifiedNamespace"]);
if (!realServiceBus)
{
    builder.Services.AddSingleton(config.GetSection("DevHost:ServiceBus").Get<InProcessTopicOptions>() ?? new InProcessTopicOptions());
    builder.Services.AddSingleton<InProcessTopic>();
    builder.Services.AddSingleton<IEventPublisher>(sp => sp.GetRequiredService<InProcessTopic>());
}

// Every event goes to the change log before the topic (the in-process one too); a publisher already wrapped is left alone.
builder.Services.UseChangeLogPublisher();

// Notification Hubs: the recording sink and in-memory installations unless a hub is configured.
builder.Services.AddSingleton<InMemoryPushInstallations>();
builder.Services.AddSingleton(sp => new RecordingPushSink(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RecordingPushSink>>(), sp.GetRequiredService<InMemoryPushInstallations>()));
if (string.IsNullOrEmpty(config["NotificationHubs:ConnectionString"]))
{
    builder.Services.AddSingleton<IPushNotifier>(sp => sp.GetRequiredService<RecordingPushSink>());
    builder.Services.AddSingleton<IPushInstallations>(sp => sp.GetRequiredService<InMemoryPushInstallations>());
}

builder.Services.AddHostedService<ServiceBusFeeder>();
builder.Services.AddHostedService<TimerService>();

var app = builder.Build();
var catalog = app.Services.GetRequiredService<FunctionCatalog>();
var invoker = app.Services.GetRequiredService<FunctionInvoker>();
var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Chantra.DevHost");

// CORS for the configured widget origins, before any function answers.
app.UseMiddleware<WidgetCorsMiddleware>();

// HTTP functions on their routes, under the route prefix of host.json.
foreach (var function in catalog.Http)
{
    app.MapMethods("/api/" + function.Route, function.Methods, async context =>
    {
        try
        {
            await invoker.InvokeHttpAsync(function, context);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            // What the Functions host answers for an unhandled exception, as problem+json and without the trace.
            log.LogError(ex, "{Function} failed", function.Name);
            await new ProblemResult(500, "Something went wrong on our side.", "เกิดข้อผิดพลาดในระบบ")
                .ExecuteResultAsync(new Microsoft.AspNetCore.Mvc.ActionContext { HttpContext = context });
        }
    });
    log.LogInformation("{Function}: {Methods} /api/{Route}", function.Name, string.Join(",", function.Methods), function.Route);
}

// Dev-only views.
app.MapGet("/dev/pushes", (RecordingPushSink sink) => Results.Json(
    sink.Pushes.Reverse().Select(p => new { tagExpression = p.TagExpression, payload = p.Payload, eventId = p.EventId, at = p.At, reaches = p.Reaches }), ApiJson.Options));
app.MapGet("/dev/deadletters", (IServiceProvider sp) => Results.Json(
    sp.GetService<InProcessTopic>()?.DeadLetters ?? [], ApiJson.Options));

app.MapGet("/dev/widget", WidgetDemoPage.Write);

try
{
    await app.RunAsync();
}
finally
{
    // Also when the host fails to start (a port in use): never leave an Azurite behind.
    if (azurite is not null)
    {
        await azurite.DisposeAsync();
    }
}

/// <summary>Entry point, visible to end-to-end tests.</summary>
public partial class Program;
