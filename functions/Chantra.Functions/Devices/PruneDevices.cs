using Chantra.Domain.Devices;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Devices;

/// <summary>Removes devices whose push channel the hub reports expired (app setting <c>Schedules__PruneDevices</c>, daily by default).</summary>
public sealed class PruneDevices(DevicePruner pruner, ILogger<PruneDevices> logger)
{
    [Function(nameof(PruneDevices))]
    public async Task Run([TimerTrigger("%Schedules:PruneDevices%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var removed = await pruner.PruneAsync(cancellationToken);
        logger.LogInformation("Pruned {Count} devices with expired push channels", removed);
    }
}
