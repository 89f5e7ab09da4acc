namespace Chantra.Domain.Push;

/// <summary>
/// One template notification for Notification Hubs to fan out: the hub resolves the tag
/// expression to devices, and each installation's own template (Thai or English) picks the
/// properties it shows. One call per event, never one per device.
/// </summary>
/// <param name="TagExpression">A server-decided tag expression, e.g. <c>bill:42 || ministry:moph</c>.</param>
/// <param name="Properties">Template properties (string values), e.g. titleTh, bodyTh, titleEn, bodyEn.</param>
/// <param name="EventId">The event this notification comes from, for logs and tracing.</param>
public sealed record PushNotification(
    string TagExpression,
    IReadOnlyDictionary<string, string> Properties,
    string EventId);

/// <summary>Sends template notifications (Notification Hubs REST, or the dev host's recording sink).</summary>
public interface IPushNotifier
{
    /// <summary>Sends one template notification. Throws when it could not be delivered, so the
    /// message that caused it is redelivered (and in the end dead-lettered), never dropped.</summary>
    Task SendTemplateAsync(PushNotification notification, CancellationToken cancellationToken);
}
