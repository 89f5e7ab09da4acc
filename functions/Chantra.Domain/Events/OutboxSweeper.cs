using Microsoft.Extensions.Logging;

namespace Chantra.Domain.Events;

/// <summary>Options of the outbox sweeper.</summary>
public sealed class OutboxSweeperOptions
{
    /// <summary>Rows younger than this are left to the scrape that wrote them (it publishes right after its commit).</summary>
    public TimeSpan MinAge { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many rows one sweep takes at most.</summary>
    public int MaxPerSweep { get; set; } = 1000;
}

/// <summary>Republishes what a failed publish left in the outbox (DESIGN.md, "Events").</summary>
public sealed class OutboxSweeper(IOutboxStore store, OutboxRelay relay, TimeProvider time, OutboxSweeperOptions options, ILogger<OutboxSweeper> logger)
{
    /// <summary>One sweep; returns how many events were published.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var pending = await store.GetPendingEventsAsync(time.GetUtcNow() - options.MinAge, options.MaxPerSweep, cancellationToken);
        if (pending.Count == 0)
        {
            return 0;
        }

        logger.LogInformation("Outbox sweep found {Count} unsent events", pending.Count);
        return await relay.RelayAsync(pending, cancellationToken);
    }
}
