using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Chantra.Domain.Devices;
using Chantra.Domain.Push;

namespace Chantra.DevHost;

/// <summary>A device a recorded push reaches, and what it shows there (its template, in its language).</summary>
public sealed record ReachedDevice(string InstallationId, string Template, string? Title, string? Body);

/// <summary>A push the dev host's sink received.</summary>
public sealed record RecordedPush(string TagExpression, IReadOnlyDictionary<string, string> Payload, string EventId, DateTimeOffset At, IReadOnlyList<ReachedDevice> Reaches);

/// <summary>
/// The dev host's Notification Hubs stand-in: logs each template send, works out which registered
/// devices the tag expression reaches (through which template, showing what), and keeps the last
/// ones for <c>GET /dev/pushes</c>. Replaced by the real REST client when a connection string is configured.
/// </summary>
public sealed class RecordingPushSink(TimeProvider time, ILogger<RecordingPushSink> logger, InMemoryPushInstallations? installations = null) : IPushNotifier
{
    private const int Keep = 2000;
    private readonly ConcurrentQueue<RecordedPush> _pushes = new();

    public IReadOnlyCollection<RecordedPush> Pushes => _pushes.ToArray();

    public Task SendTemplateAsync(PushNotification notification, CancellationToken cancellationToken)
    {
        var reaches = Reach(notification);
        _pushes.Enqueue(new RecordedPush(notification.TagExpression, notification.Properties, notification.EventId, time.GetUtcNow(), reaches));
        while (_pushes.Count > Keep && _pushes.TryDequeue(out _))
        {
        }

        logger.LogInformation("Push to {TagExpression} ({Devices} registered devices): {Body}", notification.TagExpression, reaches.Count,
            notification.Properties.TryGetValue("bodyTh", out var body) ? body : string.Empty);
        return Task.CompletedTask;
    }

    private List<ReachedDevice> Reach(PushNotification notification)
    {
        var reached = new List<ReachedDevice>();
        foreach (var installation in installations?.All ?? [])
        {
            foreach (var (name, template) in installation.Templates)
            {
                var tags = installation.Tags.Concat(template.Tags).ToHashSet(StringComparer.Ordinal);
                if (!TagExpression.Matches(notification.TagExpression, tags))
                {
                    continue;
                }

                var shown = JsonNode.Parse(DeviceTemplates.Render(template.Body, notification.Properties));
                var alert = shown?["aps"]?["alert"] ?? shown?["message"]?["notification"];
                reached.Add(new ReachedDevice(installation.InstallationId, name, alert?["title"]?.GetValue<string>(), alert?["body"]?.GetValue<string>()));
            }
        }

        return reached;
    }
}
