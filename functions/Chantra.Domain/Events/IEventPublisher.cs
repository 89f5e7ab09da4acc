namespace Chantra.Domain.Events;

/// <summary>Publishes events to the topic <c>legislative-events</c>; the event id is the message id.</summary>
public interface IEventPublisher
{
    /// <summary>Publishes all the events or throws; a partial failure is safe to retry because
    /// the topic drops duplicates by message id.</summary>
    Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken);
}
