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

    [Fact]
    public void DeliverWebhooks_is_bound_to_the_webhooks_subscription_of_the_legislative_events_topic()
    {
        var function = Function("DeliverWebhooks");
        Assert.Equal("Chantra.Functions.Webhooks.DeliverWebhooks.Run", Str(function, "entryPoint"));
        var trigger = Trigger(function);
        Assert.Equal("serviceBusTrigger", Str(trigger, "type"));
        Assert.Equal("legislative-events", Str(trigger, "topicName"));
        Assert.Equal("webhooks", Str(trigger, "subscriptionName"));
        Assert.Equal("ServiceBus", Str(trigger, "connection"));
        Assert.Equal("One", Str(trigger, "cardinality"));
    }

    [Theory]
    [InlineData("ScrapeBills", "%Schedules:ScrapeBills%")]
    [InlineData("SweepOutbox", "%Schedules:SweepOutbox%")]
    [InlineData("PruneDevices", "%Schedules:PruneDevices%")]
    [InlineData("PurgeComplaintPersonalData", "%Schedules:PurgeComplaintPersonalData%")]
    [InlineData("ScrapeMeetings", "%Schedules:ScrapeMeetings%")]
    [InlineData("ScrapeNews", "%Schedules:ScrapeNews%")]
    [InlineData("PruneWebhookDeliveries", "%Schedules:PruneWebhookDeliveries%")]
    public void Timers_take_their_schedule_from_app_settings(string name, string schedule)
    {
        var trigger = Trigger(Function(name));
        Assert.Equal("timerTrigger", Str(trigger, "type"));
        Assert.Equal(schedule, Str(trigger, "schedule"));
    }

    [Theory]
    [InlineData("ListBills", "GET", "v1/bills")]
    [InlineData("GetBill", "GET", "v1/bills/{id}")]
    [InlineData("GetHealth", "GET", "v1/health")]
    [InlineData("GetOpenApi", "GET", "v1/openapi.json")]
    [InlineData("PutDevice", "PUT", "v1/devices/{installationId}")]
    [InlineData("GetDevice", "GET", "v1/devices/{installationId}")]
    [InlineData("DeleteDevice", "DELETE", "v1/devices/{installationId}")]
    [InlineData("FollowBill", "PUT", "v1/devices/{installationId}/follows/bills/{billId}")]
    [InlineData("UnfollowBill", "DELETE", "v1/devices/{installationId}/follows/bills/{billId}")]
    [InlineData("ListConstitutions", "GET", "v1/constitutions")]
    [InlineData("GetConstitution", "GET", "v1/constitutions/{id}")]
    [InlineData("GetConstitutionSection", "GET", "v1/constitutions/{id}/sections/{number}")]
    [InlineData("GetConstitutionSectionHistory", "GET", "v1/constitutions/{id}/sections/{number}/history")]
    [InlineData("SearchConstitutions", "GET", "v1/constitutions/search")]
    [InlineData("CompareConstitutionSections", "GET", "v1/constitutions/compare")]
    [InlineData("ListMeetings", "GET", "v1/meetings")]
    [InlineData("GetMeeting", "GET", "v1/meetings/{id}")]
    [InlineData("GetLiveMeetings", "GET", "v1/meetings/live")]
    [InlineData("GetMeetingsCalendar", "GET", "v1/meetings.ics")]
    [InlineData("ListComplaintTopics", "GET", "v1/complaints/topics")]
    [InlineData("SubmitComplaint", "POST", "v1/complaints")]
    [InlineData("GetComplaint", "GET", "v1/complaints/{trackingNo}")]
    [InlineData("ListStaffComplaints", "GET", "v1/staff/complaints")]
    [InlineData("GetStaffComplaint", "GET", "v1/staff/complaints/{trackingNo}")]
    [InlineData("ChangeComplaintStatus", "POST", "v1/staff/complaints/{trackingNo}/status")]
    [InlineData("AnswerComplaint", "POST", "v1/staff/complaints/{trackingNo}/answers")]
    [InlineData("AddComplaintNote", "POST", "v1/staff/complaints/{trackingNo}/notes")]
    [InlineData("ListNews", "GET", "v1/news")]
    [InlineData("GetNews", "GET", "v1/news/{id}")]
    [InlineData("ListChanges", "GET", "v1/changes")]
    [InlineData("GetBillsFeed", "GET", "v1/feeds/bills")]
    [InlineData("GetBillFeed", "GET", "v1/feeds/bills/{id}")]
    [InlineData("GetMinistryBillsFeed", "GET", "v1/feeds/ministries/{code}/bills")]
    [InlineData("GetNewsFeed", "GET", "v1/feeds/news")]
    [InlineData("ListMinistries", "GET", "v1/ministries")]
    [InlineData("ListMinistryBills", "GET", "v1/ministries/{code}/bills")]
    [InlineData("SetBillMinistry", "PUT", "v1/staff/bills/{id}/ministry")]
    [InlineData("RegisterWebhook", "POST", "v1/staff/ministries/{code}/webhooks")]
    [InlineData("ListWebhooks", "GET", "v1/staff/ministries/{code}/webhooks")]
    [InlineData("DeleteWebhook", "DELETE", "v1/staff/ministries/{code}/webhooks/{id}")]
    [InlineData("ResumeWebhook", "POST", "v1/staff/ministries/{code}/webhooks/{id}/resume")]
    [InlineData("SearchLibrary", "GET", "v1/library")]
    [InlineData("GetLibraryDocument", "GET", "v1/library/{id}")]
    [InlineData("AddLibraryDocument", "POST", "v1/staff/library")]
    [InlineData("ReplaceLibraryDocument", "PUT", "v1/staff/library/{id}")]
    [InlineData("DeleteLibraryDocument", "DELETE", "v1/staff/library/{id}")]
    [InlineData("GetWidgetLoader", "GET", "v1/widget/loader.js")]
    [InlineData("GetWidgetBundle", "GET", "v1/widget/chantra-widget.{hash}.js")]
    [InlineData("GetWidgetFrame", "GET", "v1/widget/frame")]
    [InlineData("GetSources", "GET", "v1/sources")]
    public void Each_http_function_is_anonymous_with_one_method_on_its_v1_route(string name, string method, string route)
    {
        var function = Metadata.Value.EnumerateArray().Single(f => Str(f, "name") == name);
        var trigger = Trigger(function);

        Assert.Equal("httpTrigger", Str(trigger, "type"));
        Assert.True(string.Equals("Anonymous", Str(trigger, "authLevel"), StringComparison.OrdinalIgnoreCase), $"{name} is not anonymous");
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()));
        Assert.Equal(route, Str(trigger, "route"));
    }

    [Fact]
    public void There_are_no_other_http_functions()
    {
        var http = Metadata.Value.EnumerateArray()
            .Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => Str(b, "type") == "httpTrigger"))
            .Select(f => Str(f, "name"));

        Assert.Equal(["AddComplaintNote", "AddLibraryDocument", "AnswerComplaint", "ChangeComplaintStatus", "CompareConstitutionSections", "DeleteDevice",
            "DeleteLibraryDocument", "DeleteWebhook", "FollowBill", "GetBill", "GetBillFeed", "GetBillsFeed",
            "GetComplaint", "GetConstitution", "GetConstitutionSection", "GetConstitutionSectionHistory", "GetDevice", "GetHealth",
            "GetLibraryDocument", "GetLiveMeetings", "GetMeeting", "GetMeetingsCalendar", "GetMinistryBillsFeed", "GetNews",
            "GetNewsFeed", "GetOpenApi", "GetSources", "GetStaffComplaint", "GetWidgetBundle", "GetWidgetFrame",
            "GetWidgetLoader", "ListBills", "ListChanges", "ListComplaintTopics", "ListConstitutions", "ListMeetings",
            "ListMinistries", "ListMinistryBills", "ListNews", "ListStaffComplaints", "ListWebhooks", "PutDevice",
            "RegisterWebhook", "ReplaceLibraryDocument", "ResumeWebhook", "SearchConstitutions", "SearchLibrary", "SetBillMinistry",
            "SubmitComplaint", "UnfollowBill"], http.Order(StringComparer.Ordinal));
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
