namespace Chantra.Domain.Events;

/// <summary>An event written to a subject's outbox and not yet marked as published.</summary>
/// <param name="OwnerId">The subject's id in its store (a bill id, a meeting id): the partition the outbox row lives in.</param>
public sealed record PendingEvent(string OwnerId, CloudEvent Event);

/// <summary>
/// A store whose subjects keep an outbox next to their state (DESIGN.md, "Events"): bills,
/// meetings. The relay publishes what is pending and completes it; the sweeper finds what a
/// failed publish left behind.
/// </summary>
public interface IOutboxStore
{
    /// <summary>After a publish: brings the read model up to the subject's state and removes the published outbox rows.</summary>
    Task CompleteOutboxAsync(string ownerId, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken);

    /// <summary>Outbox rows written before <paramref name="writtenBefore"/> and still not published.</summary>
    Task<IReadOnlyList<PendingEvent>> GetPendingEventsAsync(DateTimeOffset writtenBefore, int max, CancellationToken cancellationToken);
}
