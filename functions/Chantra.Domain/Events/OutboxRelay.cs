using Microsoft.Extensions.Logging;

namespace Chantra.Domain.Events;

/// <summary>
/// Publishes events that are safely in a subject's outbox (bill, meeting), then marks them sent. Used right after a
/// scrape's commit and by the sweeper for whatever a failed publish left behind. A publish that
/// fails leaves the rows where they are; a publish that succeeded twice (sweeper and scrape
/// racing) is dropped by the topic's duplicate detection, since the message id is the event id.
/// </summary>
public sealed class OutboxRelay(IEventPublisher publisher, IOutboxStore store, ILogger<OutboxRelay> logger)
{
    /// <summary>How many events go to the topic in one call.</summary>
    public const int PublishChunk = 100;

    /// <summary>Publishes and completes; returns how many events were published. Never throws for a publish failure.</summary>
    public async Task<int> RelayAsync(IReadOnlyList<PendingEvent> pending, CancellationToken cancellationToken)
    {
        var published = 0;
        foreach (var chunk in ChunksOfWholeSubjects(pending))
        {
            try
            {
                await publisher.PublishAsync(chunk.Select(p => p.Event).ToArray(), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Left in the outbox: the sweeper publishes it later. Logged, never dropped.
                logger.LogWarning(ex, "Publish of {Count} events failed; they stay in the outbox for the sweeper", chunk.Length);
                continue;
            }

            foreach (var bill in chunk.GroupBy(p => p.OwnerId))
            {
                var ids = bill.Select(p => p.Event.Id).ToArray();
                foreach (var p in bill)
                {
                    logger.LogInformation("Published {EventType} {EventId} for {Subject}", p.Event.Type, p.Event.Id, p.Event.Subject);
                }

                try
                {
                    await store.CompleteOutboxAsync(bill.Key, ids, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Published but not marked: the sweeper publishes again and the topic drops the duplicate.
                    logger.LogWarning(ex, "Marking {Count} events of {OwnerId} as sent failed; the sweeper will retry", ids.Length, bill.Key);
                }
            }

            published += chunk.Length;
        }

        return published;
    }

    /// <summary>Chunks of at most <see cref="PublishChunk"/> events that keep a bill's events together,
    /// so each bill's outbox is completed once (a bill with more events than a chunk gets chunks of its own).</summary>
    private static IEnumerable<PendingEvent[]> ChunksOfWholeSubjects(IReadOnlyList<PendingEvent> pending)
    {
        var chunk = new List<PendingEvent>(PublishChunk);
        foreach (var bill in pending.GroupBy(p => p.OwnerId))
        {
            var events = bill.ToList();
            if (chunk.Count > 0 && chunk.Count + events.Count > PublishChunk)
            {
                yield return [.. chunk];
                chunk.Clear();
            }

            foreach (var part in events.Chunk(PublishChunk))
            {
                chunk.AddRange(part);
                if (chunk.Count >= PublishChunk)
                {
                    yield return [.. chunk];
                    chunk.Clear();
                }
            }
        }

        if (chunk.Count > 0)
        {
            yield return [.. chunk];
        }
    }
}
