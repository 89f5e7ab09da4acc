using Chantra.Domain.Bills;
using Chantra.Domain.Events;

namespace Chantra.Domain.Meetings;

/// <summary>
/// A source of sittings: the replay of recorded MSBIS pages now; the live MSBIS archive later.
/// Throws <see cref="Sources.SourceLayoutException"/> when a page no longer has the layout it knows.
/// </summary>
public interface IMeetingSource
{
    /// <summary>A short stable name for logs and source health (e.g. <c>meetings-replay</c>).</summary>
    string Name { get; }

    /// <summary>Every sitting the source shows now.</summary>
    Task<IReadOnlyList<MeetingSnapshot>> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The write side of meeting storage: one partition per sitting holding its state and its outbox,
/// changed together in one transaction guarded by the state's version.
/// </summary>
public interface IMeetingStore : IOutboxStore
{
    /// <summary>Every sitting's fingerprint, so a scrape skips unchanged sittings without reading them.</summary>
    Task<IReadOnlyDictionary<string, string>> GetFingerprintsAsync(CancellationToken cancellationToken);

    Task<StoredMeeting?> GetAsync(string meetingId, CancellationToken cancellationToken);

    Task<CommitOutcome> CommitAsync(MeetingChange change, CancellationToken cancellationToken);

    /// <summary>Brings the read model (list, live list) up to the sitting's stored state.</summary>
    Task RefreshReadModelAsync(string meetingId, CancellationToken cancellationToken);
}

/// <summary>Filters of the meeting list; all optional. Dates are Bangkok calendar days, inclusive.</summary>
public sealed record MeetingQuery(
    DateOnly? From = null,
    DateOnly? To = null,
    MeetingBody? Body = null,
    int PageSize = 25,
    string? ContinuationToken = null);

/// <summary>One page of sittings (by start time) and the token for the next (null on the last page).</summary>
public sealed record MeetingListPage(IReadOnlyList<Meeting> Items, string? ContinuationToken);

/// <summary>The read side of meeting storage, for the HTTP API.</summary>
public interface IMeetingCatalog
{
    /// <summary>Sittings in start-time order matching the query.
    /// Throws <see cref="InvalidContinuationTokenException"/> for a token we did not issue for these filters.</summary>
    Task<MeetingListPage> QueryAsync(MeetingQuery query, CancellationToken cancellationToken);

    Task<Meeting?> GetAsync(string meetingId, CancellationToken cancellationToken);

    /// <summary>The sittings in session now (one small partition, not a scan).</summary>
    Task<IReadOnlyList<Meeting>> GetLiveAsync(CancellationToken cancellationToken);

    /// <summary>The next sittings that have not started yet, soonest first.</summary>
    Task<IReadOnlyList<Meeting>> GetUpcomingAsync(int max, CancellationToken cancellationToken);
}
