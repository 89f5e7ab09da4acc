using Chantra.Domain.Bills;
using Chantra.Domain.Events;

namespace Chantra.Domain.Ministry;

/// <summary>A bill's responsible ministry: what its source says and what staff set, if anything.</summary>
/// <param name="SourceMinistry">From the source (cabinet bills name one); rewritten by every scrape.</param>
/// <param name="Override">Set by staff; kept across scrapes and preferred over the source.</param>
public sealed record BillMinistry(string BillId, string? SourceMinistry, string? Override, DateTimeOffset? SetAt, string? SetBy)
{
    /// <summary>The ministry the API shows and webhooks route by.</summary>
    public string? Effective => Override ?? SourceMinistry;
}

/// <summary>
/// Staff-set responsible ministries of bills. The scrape rewrites a bill's state from its source on
/// every change, so the staff value is kept beside the state (its own row in the bill's partition),
/// never in it, and the read model and the bill API prefer it.
/// </summary>
public interface IBillMinistryStore
{
    /// <summary>The staff-set ministry of a bill, or null (none set, or no such bill). One point read.</summary>
    Task<string?> GetOverrideAsync(string billId, CancellationToken cancellationToken);

    /// <summary>
    /// Sets (or, with null, clears) the staff-set ministry; null when there is no such bill. When the ministry the
    /// bill is shown under changes, a <c>bill.updated</c> event (<see cref="BillChangeDetector.MinistryChanged"/>)
    /// is written to the bill's outbox with the change, and returned for publishing; setting what is set already writes nothing.
    /// </summary>
    Task<BillMinistryChange?> SetOverrideAsync(string billId, string? ministry, string setBy, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>What a staff change of a bill's ministry did: the ministry now, and the event to publish (null when the shown ministry did not change).</summary>
public sealed record BillMinistryChange(BillMinistry Ministry, PendingEvent? Event);
