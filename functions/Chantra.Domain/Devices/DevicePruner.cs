using Microsoft.Extensions.Logging;

namespace Chantra.Domain.Devices;

/// <summary>
/// Walks the stored devices and removes those the hub no longer has, or whose channel it reports
/// expired (the platform said the app was uninstalled or the token died). One hub read per device:
/// a nightly job's cost, never a request's.
/// </summary>
public sealed class DevicePruner(IDeviceStore store, IPushInstallations installations, TimeProvider time, ILogger<DevicePruner> logger)
{
    /// <summary>How long a device may be in the store and not yet at the hub while it registers.</summary>
    public static readonly TimeSpan RegistrationGrace = TimeSpan.FromMinutes(10);

    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        await foreach (var id in store.ListIdsAsync(cancellationToken))
        {
            PushChannelState? state;
            try
            {
                state = await installations.GetChannelStateAsync(id, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not read installation {InstallationId}; it is kept for the next run", id);
                continue;
            }

            if (state is not null && !state.Expired && (state.ExpiresAt is null || state.ExpiresAt > time.GetUtcNow()))
            {
                continue;
            }

            // Not at the hub yet may mean registering right now (the store is written first): leave young devices alone.
            if (state is null && await store.GetAsync(id, cancellationToken) is { } young && time.GetUtcNow() - young.UpdatedAt < RegistrationGrace)
            {
                continue;
            }

            if (state is not null)
            {
                await installations.DeleteAsync(id, cancellationToken);
            }

            await store.DeleteAsync(id, cancellationToken);
            removed++;
            logger.LogInformation("Device {InstallationId} removed: its push channel is gone", id);
        }

        return removed;
    }
}
