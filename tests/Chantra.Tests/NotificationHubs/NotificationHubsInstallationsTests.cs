using System.Text.Json.Nodes;
using Chantra.Azure.NotificationHubs;
using Chantra.Domain.Devices;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Tests.NotificationHubs;

/// <summary>Device installations on the wire, checked by the local hub.</summary>
public sealed class NotificationHubsInstallationsTests : IAsyncLifetime
{
    private const string Namespace = "chantra-devices";
    private const string Hub = "chantra";
    private const string KeyName = "DefaultFullSharedAccessSignature";
    private const string Key = "ZGV2aWNlLXRlc3Qta2V5LW5vdC1hLXJlYWwtc2VjcmV0";
    private FakeNotificationHubServer _hub = null!;
    private readonly HttpClient _http = new();
    private NotificationHubsInstallations _installations = null!;

    public async Task InitializeAsync()
    {
        _hub = await FakeNotificationHubServer.StartAsync(Namespace, Hub, KeyName, Key);
        _installations = new NotificationHubsInstallations(new NotificationHubsClient(_http, new NotificationHubsOptions
        {
            ConnectionString = FakeNotificationHubServer.ConnectionStringFor(Namespace, KeyName, Key),
            HubName = Hub,
            Endpoint = _hub.BaseUri,
        }, NullLogger<NotificationHubsClient>.Instance, TimeProvider.System));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _hub.DisposeAsync();
    }

    private static DeviceRegistration Registration(string language = "th") => new(
        "5d0c1f2e-0000-4000-8000-000000000001", DevicePlatform.FcmV1, "fcm-token:APA91bHPRgkFLJu6zEXAMPLEONLY0123456789", language,
        new DeviceFollows(["4", "42"], [], ["moph"], [], AllMeetings: true, News: false));

    [Fact]
    public async Task An_installation_carries_the_language_tag_and_one_tagged_template_per_kind()
    {
        await _installations.UpsertAsync(DeviceTemplates.Installation(Registration()), default);

        var stored = _hub.GetStoredInstallation("5d0c1f2e-0000-4000-8000-000000000001")!;
        Assert.Equal("fcmV1", stored["platform"]!.GetValue<string>());
        Assert.Equal(["lang:th"], stored["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        var bills = stored["templates"]!["bills"]!;
        Assert.Equal(["bill:4", "bill:42", "ministry:moph"], bills["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains("$(titleTh)", bills["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(JsonNode.Parse(bills["body"]!.GetValue<string>())!["message"]!["data"]!["deepLink"]);
        Assert.Equal(["meetings"], stored["templates"]!["meetings"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Null(stored["templates"]!["news"]);
    }

    [Fact]
    public async Task A_follow_patches_one_template_and_leaves_the_channel_to_the_hub()
    {
        var registration = Registration("en");
        await _installations.UpsertAsync(DeviceTemplates.Installation(registration), default);
        var follows = registration.Follows with { Bills = ["4", "42", "77"] };

        await _installations.SetTemplateAsync(registration.InstallationId, DeviceTemplates.BillsTemplate,
            DeviceTemplates.For(registration.Platform, "en", follows)[DeviceTemplates.BillsTemplate], default);

        var stored = _hub.GetStoredInstallation(registration.InstallationId)!;
        Assert.Contains("bill:77", stored["templates"]!["bills"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains("$(titleEn)", stored["templates"]!["bills"]!["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(registration.PushChannel, stored["pushChannel"]!.GetValue<string>());
        Assert.Equal("application/json-patch+json", _hub.Requests[^1].Headers["Content-Type"].Split(';')[0]);
    }

    [Fact]
    public async Task A_live_installation_is_not_expired_and_a_deleted_one_is_gone()
    {
        await _installations.UpsertAsync(DeviceTemplates.Installation(Registration()), default);

        var live = await _installations.GetChannelStateAsync("5d0c1f2e-0000-4000-8000-000000000001", default);
        await _installations.DeleteAsync("5d0c1f2e-0000-4000-8000-000000000001", default);
        var gone = await _installations.GetChannelStateAsync("5d0c1f2e-0000-4000-8000-000000000001", default);

        Assert.NotNull(live);
        Assert.False(live.Expired);
        Assert.Null(gone);
    }
}
