using Chantra.Domain.Bills;
using Chantra.Domain.Events;

namespace Chantra.Domain.Complaints;

/// <summary>
/// What a citizen sent, as read from the request and not yet checked: every field may be missing or
/// wrong, and <see cref="ComplaintService"/> says which. Kept in memory only; never logged.
/// </summary>
public sealed record ComplaintSubmission(
    string? Kind,
    string? Subject,
    string? Details,
    string? Topic,
    string? BillId,
    string? Name,
    string? Email,
    string? Phone,
    bool Anonymous,
    string? NationalId,
    bool ConsentAccepted,
    string? ConsentNoticeVersion,
    string? InstallationId);

/// <summary>
/// The personal data of a complaint as stored: each field sealed with the complaint's own data key
/// (<see cref="WrappedKey"/>), the national ID only as a keyed hash and its last four digits. The
/// retention timer erases all of it at once (the record keeps null).
/// </summary>
/// <param name="SealedDetails">
/// The details are sealed too: people write names, addresses, phone numbers and ID numbers into free
/// text, so the details are treated as personal data. The subject (200 characters at most) stays in
/// clear: staff triage lists and statistics need it, and the form asks people not to put personal
/// data in it.
/// </param>
/// <param name="ContactHashes">Keyed hashes of the email and the phone number: the near-duplicate check's key.</param>
/// <param name="InstallationId">The device that filed it and gets its status pushes (the device link).</param>
public sealed record ComplaintPersonalData(
    string WrappedKey,
    string SealedDetails,
    string? SealedName,
    string? SealedEmail,
    string? SealedPhone,
    string? NationalIdHash,
    string? NationalIdLast4,
    IReadOnlyList<string> ContactHashes,
    string? InstallationId);

/// <summary>A complaint's state row: everything but its history, notes and audit trail.</summary>
/// <param name="TrackingId">The ASCII form of the tracking number (<see cref="TrackingNumber.TagId"/>): table key, event subject and push tag.</param>
/// <param name="TokenHash">SHA-256 of the tracking token; the token itself is shown once and never stored.</param>
/// <param name="Personal">Null once the retention timer erased it.</param>
/// <param name="DuplicateOf">The tracking id of the earlier complaint this one nearly repeats.</param>
/// <param name="Committee">The committee (topic code) it was forwarded to.</param>
/// <param name="ReasonCode">Why it was rejected.</param>
/// <param name="FinalAt">When it was closed or rejected: the retention period counts from here.</param>
/// <param name="Version">The store's concurrency token (ETag); null before it is stored.</param>
public sealed record ComplaintRecord(
    string TrackingId,
    string TrackingNumber,
    ComplaintKind Kind,
    string Subject,
    string Topic,
    string? BillId,
    bool Anonymous,
    ComplaintStatus Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    string TokenHash,
    string ConsentNoticeVersion,
    DateTimeOffset ConsentAt,
    ComplaintPersonalData? Personal,
    string? DuplicateOf = null,
    string? Committee = null,
    string? ReasonCode = null,
    DateTimeOffset? FinalAt = null,
    DateTimeOffset? PersonalDataErasedAt = null,
    int HistoryCount = 0,
    int NoteCount = 0,
    bool HasPublicAnswer = false,
    string? Version = null);

/// <summary>What an entry of the public history is.</summary>
public enum ComplaintHistoryType
{
    /// <summary>The status changed (to <see cref="ComplaintHistoryEntry.Status"/>).</summary>
    Status,
    /// <summary>Staff answered publicly (the texts).</summary>
    Answer,
}

/// <summary>One entry of the history the citizen sees. Never holds personal data.</summary>
public sealed record ComplaintHistoryEntry(
    int Sequence,
    DateTimeOffset At,
    ComplaintHistoryType Type,
    ComplaintStatus Status,
    string? Committee = null,
    string? ReasonCode = null,
    string? TextTh = null,
    string? TextEn = null);

/// <summary>An internal note of staff, sealed with the complaint's data key (notes talk about people).</summary>
public sealed record ComplaintNote(int Sequence, DateTimeOffset At, string AuthorId, string? AuthorName, string SealedText);

/// <summary>One line of the audit trail: who did what to a complaint, when, and why.</summary>
/// <param name="ActorId">A staff member's object id, or <see cref="ComplaintAuditEntry.Citizen"/> / <see cref="ComplaintAuditEntry.RetentionTimer"/>.</param>
/// <param name="Action">What happened, e.g. <c>read-personal-data</c>, <c>status:in-review</c>.</param>
/// <param name="Reason">The reason staff gave for reading personal data.</param>
/// <param name="Detail">What changed, in words with no personal data.</param>
public sealed record ComplaintAuditEntry(DateTimeOffset At, string ActorId, string? ActorName, string Action, string? Reason = null, string? Detail = null)
{
    public const string Citizen = "citizen";
    public const string RetentionTimer = "system:retention";
}

/// <summary>
/// One change of a complaint, written in one transaction of its partition: the state (added when
/// <see cref="ComplaintRecord.Version"/> is null, else replaced guarded by it), new history entries,
/// new notes, audit entries and outbox events.
/// </summary>
public sealed record ComplaintChange(
    ComplaintRecord State,
    IReadOnlyList<ComplaintHistoryEntry> NewHistory,
    IReadOnlyList<ComplaintNote> NewNotes,
    IReadOnlyList<ComplaintAuditEntry> Audit,
    IReadOnlyList<CloudEvent> Events);

/// <summary>A complaint as stored: state, public history, and (for staff) notes and audit trail.</summary>
public sealed record StoredComplaint(
    ComplaintRecord State,
    IReadOnlyList<ComplaintHistoryEntry> History,
    IReadOnlyList<ComplaintNote> Notes,
    IReadOnlyList<ComplaintAuditEntry> Audit);

/// <summary>
/// A remembered <c>Idempotency-Key</c> (24 hours): the hash of the first request's body, the
/// complaint it made, and its tracking token sealed with that complaint's data key, so a retry
/// after a lost answer still gets the token.
/// </summary>
public sealed record IdempotencyRecord(
    string Key,
    string RequestHash,
    string TrackingId,
    string SealedToken,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string? Version = null);

/// <summary>Filters of the staff list; all optional. Dates bound the time received, inclusive.</summary>
public sealed record ComplaintQuery(
    ComplaintStatus? Status = null,
    string? Topic = null,
    ComplaintKind? Kind = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int PageSize = 50,
    string? ContinuationToken = null);

/// <summary>One line of the staff list: no personal data.</summary>
public sealed record ComplaintSummary(
    string TrackingId,
    string TrackingNumber,
    ComplaintKind Kind,
    string Subject,
    string Topic,
    string? BillId,
    bool Anonymous,
    ComplaintStatus Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    string? DuplicateOf,
    string? Committee);

/// <summary>One page of the staff list (newest first) and the token for the next (null on the last page).</summary>
public sealed record ComplaintPage(IReadOnlyList<ComplaintSummary> Items, string? ContinuationToken);

/// <summary>
/// Complaint storage. One complaint is one partition: state, public history, internal notes, audit
/// trail and outbox change together (<see cref="CommitAsync"/>). Beside it, read models for staff
/// (no personal data), remembered idempotency keys, near-duplicate marks by contact hash and the
/// retention queue.
/// </summary>
public interface IComplaintStore : IOutboxStore
{
    /// <summary>Writes a change in one transaction; <see cref="CommitOutcome.Conflict"/> when the complaint changed since it was read (or already exists).</summary>
    Task<CommitOutcome> CommitAsync(ComplaintChange change, CancellationToken cancellationToken);

    /// <summary>The state and the public history, in one read of the partition; null when there is no such complaint.</summary>
    Task<StoredComplaint?> GetPublicAsync(string trackingId, CancellationToken cancellationToken);

    /// <summary>Everything: state, history, notes and audit trail.</summary>
    Task<StoredComplaint?> GetAsync(string trackingId, CancellationToken cancellationToken);

    /// <summary>Adds an audit entry on its own (a read of personal data, which changes nothing else).</summary>
    Task AddAuditAsync(string trackingId, ComplaintAuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Brings the staff list and the retention queue up to the complaint's state.</summary>
    Task RefreshReadModelAsync(string trackingId, CancellationToken cancellationToken);

    /// <summary>The staff list, newest first. Throws <see cref="InvalidContinuationTokenException"/> for a token not issued for these filters.</summary>
    Task<ComplaintPage> QueryAsync(ComplaintQuery query, CancellationToken cancellationToken);

    Task<IdempotencyRecord?> GetIdempotencyAsync(string key, CancellationToken cancellationToken);

    /// <summary>Claims a key; false when it is taken.</summary>
    Task<bool> TryAddIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken);

    /// <summary>Takes over a key whose claim expired or was abandoned, guarded by its version; false when it changed.</summary>
    Task<bool> TryReplaceIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken);

    /// <summary>Tracking ids of complaints marked with any of these contact hashes since <paramref name="since"/>, newest first.</summary>
    Task<IReadOnlyList<string>> FindRecentByContactAsync(IReadOnlyCollection<string> contactHashes, DateTimeOffset since, int max, CancellationToken cancellationToken);

    /// <summary>Marks a complaint under its contact hashes for the near-duplicate check, until <paramref name="expiresAt"/>.</summary>
    Task AddContactMarksAsync(string trackingId, IReadOnlyCollection<string> contactHashes, DateTimeOffset at, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Tracking ids of complaints closed or rejected before <paramref name="finalBefore"/> whose personal data is still there, oldest first.</summary>
    Task<IReadOnlyList<string>> FindRetentionDueAsync(DateTimeOffset finalBefore, int max, CancellationToken cancellationToken);

    /// <summary>Deletes expired idempotency keys and near-duplicate marks; returns how many.</summary>
    Task<int> DeleteExpiredIndexRowsAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>Fixed-window counters (rate limits).</summary>
public interface IRateLimitCounter
{
    /// <summary>Adds one to the counter of <paramref name="key"/> in the window starting at <paramref name="windowStart"/>; returns the new count.</summary>
    Task<long> IncrementAsync(string key, DateTimeOffset windowStart, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Deletes counters of windows that ended before <paramref name="before"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
