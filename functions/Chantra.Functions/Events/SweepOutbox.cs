using Chantra.Domain.Events;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Events;

/// <summary>Publishes what a failed publish left in the outbox (app setting <c>Schedules__SweepOutbox</c>).</summary>
public sealed class SweepOutbox(OutboxSweeper sweeper, ILogger<SweepOutbox> logger)
{
    [Function(nameof(SweepOutbox))]
    public async Task Run([TimerTrigger("%Schedules:SweepOutbox%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var published = await sweeper.SweepAsync(cancellationToken);
        if (published > 0)
        {
            logger.LogWarning("The outbox sweeper published {Count} events a scrape had left behind", published);
        }
    }
}
