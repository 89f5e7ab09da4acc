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
