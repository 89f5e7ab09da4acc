using System.Collections.Concurrent;
using Chantra.Domain.Devices;

namespace Chantra.DevHost;

/// <summary>The dev host's stand-in for the hub's installations, so the push sink can show which devices a send reaches.</summary>
public sealed class InMemoryPushInstallations : IPushInstallations
{
    private readonly ConcurrentDictionary<string, PushInstallation> _installations = new(StringComparer.Ordinal);

    public IReadOnlyCollection<PushInstallation> All => _installations.Values.ToArray();

    public Task UpsertAsync(PushInstallation installation, CancellationToken cancellationToken)
    {
        _installations[installation.InstallationId] = installation;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string installationId, CancellationToken cancellationToken)
    {
        _installations.TryRemove(installationId, out _);
        return Task.CompletedTask;
    }

    public Task SetTemplateAsync(string installationId, string name, PushTemplate? template, CancellationToken cancellationToken)
    {
        _installations.AddOrUpdate(installationId,
            _ => throw new InvalidOperationException($"No installation {installationId}."),
            (_, i) =>
            {
                var templates = new Dictionary<string, PushTemplate>(i.Templates, StringComparer.Ordinal);
                if (template is null)
                {
                    templates.Remove(name);
                }
                else
                {
                    templates[name] = template;
                }

                return i with { Templates = templates };
            });
        return Task.CompletedTask;
    }

    public Task<PushChannelState?> GetChannelStateAsync(string installationId, CancellationToken cancellationToken) =>
        Task.FromResult(_installations.ContainsKey(installationId) ? new PushChannelState(false, null) : (PushChannelState?)null);
}
