using Chantra.Domain.Events;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Events;

/// <summary>Publishes what a failed publish left in the outboxes of bills and meetings (app setting <c>Schedules__SweepOutbox</c>).</summary>
public sealed class SweepOutbox(IEnumerable<OutboxSweeper> sweepers, ILogger<SweepOutbox> logger)
{
    [Function(nameof(SweepOutbox))]
    public async Task Run([TimerTrigger("%Schedules:SweepOutbox%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        foreach (var sweeper in sweepers)
        {
            var published = await sweeper.SweepAsync(cancellationToken);
            if (published > 0)
            {
                logger.LogWarning("The outbox sweeper published {Count} events a scrape had left behind", published);
            }
        }
    }
}
