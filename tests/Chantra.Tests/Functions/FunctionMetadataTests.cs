using System.Text.Json;
using Chantra.DevHost;

namespace Chantra.Tests.Functions;

/// <summary>
/// The <c>functions.metadata</c> the worker SDK generates for Chantra.Functions: what the Functions
/// host actually binds, including the Service Bus trigger declared through our attribute shim.
/// </summary>
public sealed class FunctionMetadataTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly Lazy<JsonElement> Metadata = new(Load);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Chantra.sln"))
                || File.Exists(Path.Combine(dir.FullName, "Chantra.slnx"))
                || (File.Exists(Path.Combine(dir.FullName, "package.json")) && Directory.Exists(Path.Combine(dir.FullName, "functions"))))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root above {AppContext.BaseDirectory}.");
    }

    private static JsonElement Load()
    {
        var path = Path.Combine(RepositoryRoot(), "functions", "Chantra.Functions", "bin", Configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build Chantra.Functions ({Configuration}) first.");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.Clone();
    }

    private static JsonElement Function(string name)
    {
        var matches = Metadata.Value.EnumerateArray().Where(f => f.GetProperty("name").GetString() == name).ToList();
        return Assert.Single(matches);
    }

    private static JsonElement Trigger(JsonElement function) =>
        Assert.Single(function.GetProperty("bindings").EnumerateArray().Where(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal)).ToList());

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;

    [Fact]
    public void FanOutPush_is_bound_to_the_push_subscription_of_the_legislative_events_topic()
    {
        var function = Function("FanOutPush");
        Assert.Equal("Chantra.Functions.Push.FanOutPush.Run", Str(function, "entryPoint"));
        var trigger = Trigger(function);
        Assert.Equal("serviceBusTrigger", Str(trigger, "type"));
        Assert.Equal("In", Str(trigger, "direction"));
        Assert.Equal("legislative-events", Str(trigger, "topicName"));
        Assert.Equal("push", Str(trigger, "subscriptionName"));
        Assert.Equal("ServiceBus", Str(trigger, "connection"));
        Assert.Equal("One", Str(trigger, "cardinality"));
        Assert.False(trigger.TryGetProperty("queueName", out _));
    }

    [Theory]
    [InlineData("ScrapeBills", "%Schedules:ScrapeBills%")]
    [InlineData("SweepOutbox", "%Schedules:SweepOutbox%")]
    public void Timers_take_their_schedule_from_app_settings(string name, string schedule)
    {
        var trigger = Trigger(Function(name));
        Assert.Equal("timerTrigger", Str(trigger, "type"));
        Assert.Equal(schedule, Str(trigger, "schedule"));
    }

    [Fact]
    public void Every_http_function_is_an_anonymous_get_under_v1()
    {
        var http = Metadata.Value.EnumerateArray()
            .Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => Str(b, "type") == "httpTrigger"))
            .ToList();
        Assert.Equal(["GetBill", "GetHealth", "GetOpenApi", "ListBills"], http.Select(f => Str(f, "name")).Order(StringComparer.Ordinal));

        foreach (var function in http)
        {
            var name = Str(function, "name");
            var trigger = Trigger(function);
            Assert.True(string.Equals("Anonymous", Str(trigger, "authLevel"), StringComparison.OrdinalIgnoreCase), $"{name} is not anonymous");
            var methods = trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToList();
            Assert.Equal(["GET"], methods);
            Assert.StartsWith("v1/", Str(trigger, "route"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Metadata_lists_exactly_the_functions_the_dev_host_finds()
    {
        var catalog = new FunctionCatalog(typeof(Chantra.Functions.ChantraServices).Assembly);
        var fromAttributes = catalog.Http.Select(f => f.Name)
            .Concat(catalog.Timers.Select(f => f.Name))
            .Concat(catalog.ServiceBus.Select(f => f.Name))
            .Order(StringComparer.Ordinal);

        var fromMetadata = Metadata.Value.EnumerateArray().Select(f => Str(f, "name")!).Order(StringComparer.Ordinal);

        Assert.Equal(fromAttributes, fromMetadata);
        foreach (var http in catalog.Http)
        {
            Assert.Equal(http.Route, Str(Trigger(Function(http.Name)), "route"));
        }

        foreach (var timer in catalog.Timers)
        {
            Assert.Equal(timer.Schedule, Str(Trigger(Function(timer.Name)), "schedule"));
        }
    }
}
