using System.Text.Json.Nodes;
using Chantra.Domain.Events;
using Chantra.Domain.Ministry;
using Microsoft.Extensions.Logging;

namespace Chantra.Domain.Webhooks;

/// <summary>What happened to one endpoint for one event.</summary>
public sealed record WebhookDelivery(string WebhookId, bool Delivered, bool Skipped, bool Paused, string? Error);

/// <summary>
/// Thrown when an event could not be delivered to some endpoint: the message goes back to Service
/// Bus, which redelivers it (the endpoints that already took it are skipped) and, after the
/// subscription's max delivery count, dead-letters it.
/// </summary>
public sealed class WebhookDeliveryException(string eventId, IReadOnlyList<WebhookDelivery> failures)
    : Exception($"Event {eventId}: {failures.Count} webhook endpoint(s) failed: {string.Join("; ", failures.Select(f => $"{f.WebhookId}: {f.Error}"))}")
{
    public string EventId { get; } = eventId;

    public IReadOnlyList<WebhookDelivery> Failures { get; } = failures;
}

/// <summary>
/// Sends each bill event to the endpoints of the bill's ministry (staff-set, else the source's, as
/// the event says). Each endpoint's acceptance is recorded per event, so a redelivery after one
/// endpoint failed never sends twice to the others. An endpoint whose deliveries have all failed
/// for <see cref="WebhookOptions.PauseAfter"/> is paused, with an error log for the ops alert.
/// </summary>
public sealed class WebhookDeliveryService(
    IWebhookStore store,
    IBillMinistryStore ministries,
    IWebhookSender sender,
    WebhookOptions options,
    TimeProvider time,
    ILogger<WebhookDeliveryService> logger)
{
    private const string BillTypePrefix = "th.go.senate.chantra.bill.";
    private const string BillSubjectPrefix = "bills/";
    private const int MaxWriteTries = 5;

    /// <summary>Delivers one event; throws <see cref="WebhookDeliveryException"/> when an active endpoint did not take it.</summary>
    /// <param name="body">The event exactly as it came off the topic: what is sent and signed.</param>
    public async Task<IReadOnlyList<WebhookDelivery>> DeliverAsync(CloudEvent e, string body, CancellationToken cancellationToken)
    {
        if (!e.Type.StartsWith(BillTypePrefix, StringComparison.Ordinal) || !e.Subject.StartsWith(BillSubjectPrefix, StringComparison.Ordinal))
        {
            return [];
        }

        var billId = Text(e.Data, "billId") ?? e.Subject[BillSubjectPrefix.Length..];
        var ministry = await ministries.GetOverrideAsync(billId, cancellationToken) ?? Text(e.Data, "ministry");
        if (!MinistryCatalog.Contains(ministry))
        {
            return [];
        }

        var endpoints = await store.ListAsync(ministry!, cancellationToken);
        var active = endpoints.Where(x => x.State == WebhookState.Active).ToList();
        if (active.Count == 0)
        {
            return [];
        }

        var delivered = await store.GetDeliveredAsync(e.Id, cancellationToken);
        var results = await Task.WhenAll(active.Select(endpoint => delivered.Contains(endpoint.Id)
            ? Task.FromResult(new WebhookDelivery(endpoint.Id, true, true, false, null))
            : DeliverOneAsync(endpoint, e, body, cancellationToken)));

        // A failure that paused its endpoint is not retried: nothing will be sent there until staff resume it.
        var failures = results.Where(r => !r.Delivered && !r.Paused).ToList();
        if (failures.Count > 0)
        {
            throw new WebhookDeliveryException(e.Id, failures);
        }

        return results;
    }

    private async Task<WebhookDelivery> DeliverOneAsync(WebhookEndpoint endpoint, CloudEvent e, string body, CancellationToken cancellationToken)
    {
        var result = await sender.SendAsync(new WebhookRequest(endpoint.Id, endpoint.Url, endpoint.Secret, e.Id, body), cancellationToken);
        var now = time.GetUtcNow();
        if (result.Delivered)
        {
            // Recorded first: if the endpoint's own row cannot be updated, the event still is not sent again.
            await store.MarkDeliveredAsync(e.Id, endpoint.Id, now, cancellationToken);
            await UpdateAsync(endpoint, x => x with { FailingSince = null, LastSuccessAt = now }, cancellationToken);
            logger.LogInformation("Event {EventId} delivered to webhook {WebhookId} of {Ministry} after {Attempts} attempt(s)",
                e.Id, endpoint.Id, endpoint.Ministry, result.Attempts);
            return new WebhookDelivery(endpoint.Id, true, false, false, null);
        }

        var error = result.Error ?? "failed";
        var updated = await UpdateAsync(endpoint, x =>
        {
            var since = x.FailingSince ?? now;
            var pause = x.State == WebhookState.Active && now - since >= options.PauseAfter;
            return x with
            {
                FailingSince = since,
                LastError = error,
                LastErrorAt = now,
                State = pause ? WebhookState.Paused : x.State,
                PausedAt = pause ? now : x.PausedAt,
            };
        }, cancellationToken);

        var paused = updated?.State == WebhookState.Paused;
        if (paused && updated!.PausedAt == now)
        {
            // Ops alert on error logs; staff see "paused" and the last error in GET …/webhooks.
            logger.LogError("Webhook {WebhookId} of {Ministry} paused: every delivery has failed since {FailingSince:o}; last error: {Error}. Staff resume it with POST /api/v1/staff/ministries/<code>/webhooks/<id>/resume",
                endpoint.Id, endpoint.Ministry, updated.FailingSince, error);
        }
        else
        {
            logger.LogWarning("Event {EventId} not delivered to webhook {WebhookId} of {Ministry} after {Attempts} attempt(s): {Error}",
                e.Id, endpoint.Id, endpoint.Ministry, result.Attempts, error);
        }

        return new WebhookDelivery(endpoint.Id, false, false, paused, error);
    }

    /// <summary>Read-modify-write of an endpoint's delivery state under its ETag; null when it was deleted meanwhile.</summary>
    private async Task<WebhookEndpoint?> UpdateAsync(WebhookEndpoint endpoint, Func<WebhookEndpoint, WebhookEndpoint> change, CancellationToken cancellationToken)
    {
        var current = endpoint;
        for (var i = 0; i < MaxWriteTries; i++)
        {
            var next = change(current);
            switch (await store.ReplaceAsync(next, cancellationToken))
            {
                case WebhookWrite.Written:
                    return next;
                case WebhookWrite.NotFound:
                    return null;
            }

            // Another delivery of another event updated it at the same time: apply ours to theirs.
            current = await store.GetAsync(endpoint.Ministry, endpoint.Id, cancellationToken);
            if (current is null)
            {
                return null;
            }
        }

        logger.LogWarning("Webhook {WebhookId}: its delivery state kept changing; this outcome was not recorded", endpoint.Id);
        return current;
    }

    private static string? Text(JsonObject data, string name) =>
        data[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;
}
