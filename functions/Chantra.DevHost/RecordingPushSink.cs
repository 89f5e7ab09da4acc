using System.Collections.Concurrent;
using Chantra.Domain.Push;

namespace Chantra.DevHost;

/// <summary>A push the dev host's sink received.</summary>
public sealed record RecordedPush(string TagExpression, IReadOnlyDictionary<string, string> Payload, string EventId, DateTimeOffset At);

/// <summary>
/// The dev host's Notification Hubs stand-in: logs each template send and keeps the last ones for
/// <c>GET /dev/pushes</c>. Replaced by the real REST client when a connection string is configured.
/// </summary>
public sealed class RecordingPushSink(TimeProvider time, ILogger<RecordingPushSink> logger) : IPushNotifier
{
    private const int Keep = 2000;
    private readonly ConcurrentQueue<RecordedPush> _pushes = new();

    public IReadOnlyCollection<RecordedPush> Pushes => _pushes.ToArray();

    public Task SendTemplateAsync(PushNotification notification, CancellationToken cancellationToken)
    {
        _pushes.Enqueue(new RecordedPush(notification.TagExpression, notification.Properties, notification.EventId, time.GetUtcNow()));
        while (_pushes.Count > Keep && _pushes.TryDequeue(out _))
        {
        }

        logger.LogInformation("Push to {TagExpression}: {Body}", notification.TagExpression,
            notification.Properties.TryGetValue("bodyTh", out var body) ? body : string.Empty);
        return Task.CompletedTask;
    }
}
