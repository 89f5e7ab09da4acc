namespace Chantra.Domain.Events;

/// <summary>
/// Puts every event in the change log before it goes to the topic. In that order because the log must
/// never miss an event the topic has: if the append fails nothing is published and the events stay in
/// their outbox; if the publish fails after the append, the sweeper publishes again and the log, which
/// keys events by id, does not take them twice.
/// </summary>
public sealed class ChangeLogPublisher(IChangeLog log, IEventPublisher inner) : IEventPublisher
{
    /// <summary>The publisher this one hands the events to after logging them.</summary>
    public IEventPublisher Inner { get; } = inner;

    public async Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        await log.AppendAsync(events, cancellationToken);
        await Inner.PublishAsync(events, cancellationToken);
    }
}
