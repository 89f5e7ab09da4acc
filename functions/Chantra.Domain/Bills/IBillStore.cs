using Chantra.Domain.Events;

namespace Chantra.Domain.Bills;

/// <summary>How a commit of a bill's change went.</summary>
public enum CommitOutcome
{
    /// <summary>State, timeline steps and outbox rows were written together.</summary>
    Committed,
    /// <summary>Someone else changed the bill since it was read (ETag mismatch or it already exists): re-read and try again.</summary>
    Conflict,
}

/// <summary>
/// The write side of bill storage. One bill is one partition: its state, its timeline and its
/// outbox change together in one transaction (<see cref="CommitAsync"/>).
/// </summary>
public interface IBillStore : IOutboxStore
{
    /// <summary>Every bill's fingerprint, from the read model: lets a scrape skip unchanged bills without reading them.</summary>
    Task<IReadOnlyDictionary<string, string>> GetFingerprintsAsync(CancellationToken cancellationToken);

    /// <summary>A bill with its timeline and pending events, or null.</summary>
    Task<StoredBill?> GetAsync(string billId, CancellationToken cancellationToken);

    /// <summary>Writes state, new timeline steps and outbox rows in one batch, guarded by the version read.</summary>
    Task<CommitOutcome> CommitAsync(BillChange change, CancellationToken cancellationToken);


    /// <summary>Brings the read model up to the bill's stored state (when it lags and nothing is pending).</summary>
    Task RefreshReadModelAsync(string billId, CancellationToken cancellationToken);

}

/// <summary>Filters of the bill list; all optional.</summary>
public sealed record BillQuery(
    BillStage? Stage = null,
    BillStatus? Status = null,
    string? Ministry = null,
    string? Text = null,
    DateTimeOffset? UpdatedSince = null,
    int PageSize = 25,
    string? ContinuationToken = null);

/// <summary>One page of bills and the token for the next (null on the last page).</summary>
public sealed record BillPage(IReadOnlyList<BillState> Items, string? ContinuationToken);

/// <summary>Thrown when a continuation token was not one we issued (tampered, or for other filters).</summary>
public sealed class InvalidContinuationTokenException(string message) : Exception(message);

/// <summary>The read side of bill storage, for the HTTP API.</summary>
public interface IBillCatalog
{
    /// <summary>One page of bills matching the query, in a stable order.</summary>
    Task<BillPage> QueryAsync(BillQuery query, CancellationToken cancellationToken);

    /// <summary>A bill with its timeline, or null.</summary>
    Task<StoredBill?> GetAsync(string billId, CancellationToken cancellationToken);

    /// <summary>Which of these bill ids exist (a few storage calls, not one per id).</summary>
    Task<IReadOnlySet<string>> FindExistingAsync(IReadOnlyCollection<string> billIds, CancellationToken cancellationToken);
}
