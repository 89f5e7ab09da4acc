namespace Chantra.Domain.Bills;

/// <summary>
/// A source of bills: the replay of recorded data now; live scrapers (the Senate's draft-bill
/// list, LIS) later. Throws <see cref="Sources.SourceLayoutException"/> when what it reads no
/// longer has the layout it knows, so nothing half-parsed is ever written.
/// </summary>
public interface IBillSource
{
    /// <summary>A short stable name, used in logs and source health (e.g. <c>bills-replay</c>).</summary>
    string Name { get; }

    /// <summary>Every bill the source shows now, with the steps it knows of.</summary>
    Task<IReadOnlyList<BillSnapshot>> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A bill source that may read only part of what it shows in one run (thousands of pages at a polite rate,
/// within a function's timeout): a partial read holds fewer bills for a reason that is not a layout change,
/// so the scrape does not hold it against the source's last good count.
/// </summary>
public interface IIncrementalBillSource : IBillSource
{
    /// <summary>Whether the last read left bills out, to be read in a later run.</summary>
    bool LastReadWasPartial { get; }
}
