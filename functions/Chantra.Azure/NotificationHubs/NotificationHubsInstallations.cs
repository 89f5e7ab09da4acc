using System.Globalization;
using Chantra.Domain.Devices;

namespace Chantra.Azure.NotificationHubs;

/// <summary>Device installations in Notification Hubs, through the REST client.</summary>
public sealed class NotificationHubsInstallations(NotificationHubsClient client) : IPushInstallations
{
    public Task UpsertAsync(PushInstallation installation, CancellationToken cancellationToken) =>
        client.CreateOrUpdateInstallationAsync(new Installation(
            installation.InstallationId,
            Platform(installation.Platform),
            installation.PushChannel,
            installation.Tags,
            installation.Templates.ToDictionary(t => t.Key, t => new InstallationTemplate(t.Value.Body, t.Value.Tags))), cancellationToken);

    public Task DeleteAsync(string installationId, CancellationToken cancellationToken) =>
        client.DeleteInstallationAsync(installationId, cancellationToken);

    public Task SetTemplateAsync(string installationId, string name, PushTemplate? template, CancellationToken cancellationToken) =>
        client.PatchInstallationAsync(installationId,
            [template is null ? InstallationPatch.RemoveTemplate(name) : InstallationPatch.AddTemplate(name, new InstallationTemplate(template.Body, template.Tags))],
            cancellationToken);

    public async Task<PushChannelState?> GetChannelStateAsync(string installationId, CancellationToken cancellationToken)
    {
        var installation = await client.GetInstallationAsync(installationId, cancellationToken);
        if (installation is null)
        {
            return null;
        }

        DateTimeOffset? expires = DateTimeOffset.TryParse(installation.ExpirationTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var e) ? e : null;
        return new PushChannelState(installation.PushChannelExpired == true, expires);
    }

    /// <summary>The hub's platform names (REST API, installations).</summary>
    public static string Platform(DevicePlatform platform) => platform switch
    {
        DevicePlatform.Apns => InstallationPlatform.Apns,
        DevicePlatform.FcmV1 => InstallationPlatform.FcmV1,
        _ => throw new ArgumentOutOfRangeException(nameof(platform)),
    };
}
