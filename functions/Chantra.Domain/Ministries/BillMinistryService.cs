using Chantra.Domain.Events;

namespace Chantra.Domain.Ministry;

/// <summary>Sets a bill's staff-set ministry and publishes its event at once (the outbox sweeper retries a failed publish).</summary>
public sealed class BillMinistryService(IBillMinistryStore store, OutboxRelay relay)
{
    public async Task<BillMinistry?> SetAsync(string billId, string? ministry, string setBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (await store.SetOverrideAsync(billId, ministry, setBy, at, cancellationToken) is not { } change)
        {
            return null;
        }

        if (change.Event is { } pending)
        {
            await relay.RelayAsync([pending], cancellationToken);
        }

        return change.Ministry;
    }
}
