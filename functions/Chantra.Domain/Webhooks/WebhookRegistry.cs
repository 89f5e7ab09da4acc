using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Chantra.Domain.Webhooks;

/// <summary>How a staff request about webhooks went.</summary>
public enum WebhookOutcome
{
    Created,
    Found,
    Deleted,
    Resumed,

    /// <summary>The URL is refused; <see cref="WebhookResult.Error"/> says why.</summary>
    Invalid,
    NotFound,

    /// <summary>The ministry already has this URL, or as many endpoints as it may.</summary>
    Conflict,
}

public sealed record WebhookResult(WebhookOutcome Outcome, WebhookEndpoint? Endpoint = null, string? Error = null, string? ErrorTh = null);

/// <summary>
/// Staff registration of ministries' endpoints: URL checks (<see cref="WebhookAddressPolicy"/>),
/// a new id and secret, the per-ministry limit; deletion; resuming a paused endpoint.
/// Ministry codes are checked by the caller.
/// </summary>
public sealed class WebhookRegistry(IWebhookStore store, WebhookAddressPolicy policy, WebhookOptions options, TimeProvider time, ILogger<WebhookRegistry> logger)
{
    private const int MaxWriteTries = 5;

    public async Task<WebhookResult> RegisterAsync(string ministry, string? url, string createdBy, CancellationToken cancellationToken)
    {
        var check = await policy.CheckAsync(url, cancellationToken);
        if (check.Url is null)
        {
            return new WebhookResult(WebhookOutcome.Invalid, Error: check.Error, ErrorTh: check.ErrorTh);
        }

        var normalised = check.Url.AbsoluteUri;
        var existing = await store.ListAsync(ministry, cancellationToken);
        if (existing.FirstOrDefault(e => string.Equals(e.Url, normalised, StringComparison.Ordinal)) is { } same)
        {
            return new WebhookResult(WebhookOutcome.Conflict, same,
                $"This URL is already registered for {ministry} as {same.Id}.", $"URL นี้ลงทะเบียนไว้แล้วสำหรับ {ministry} รหัส {same.Id}");
        }

        if (existing.Count >= options.MaxEndpointsPerMinistry)
        {
            return new WebhookResult(WebhookOutcome.Conflict, null,
                $"{ministry} already has {existing.Count} endpoints, the most allowed; delete one first.",
                $"{ministry} มีปลายทางครบ {existing.Count} รายการซึ่งเป็นจำนวนสูงสุดแล้ว กรุณาลบรายการเดิมก่อน");
        }

        var endpoint = new WebhookEndpoint(
            "wh-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)), ministry, normalised, WebhookSignature.NewSecret(),
            time.GetUtcNow(), createdBy);
        await store.AddAsync(endpoint, cancellationToken);
        logger.LogInformation("Webhook {WebhookId} registered for {Ministry} to {Host} by {StaffId}", endpoint.Id, ministry, check.Url.Host, createdBy);
        return new WebhookResult(WebhookOutcome.Created, endpoint);
    }

    public Task<IReadOnlyList<WebhookEndpoint>> ListAsync(string ministry, CancellationToken cancellationToken) =>
        store.ListAsync(ministry, cancellationToken);

    public async Task<WebhookResult> DeleteAsync(string ministry, string id, string deletedBy, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(ministry, id, cancellationToken))
        {
            return new WebhookResult(WebhookOutcome.NotFound);
        }

        logger.LogInformation("Webhook {WebhookId} of {Ministry} deleted by {StaffId}", id, ministry, deletedBy);
        return new WebhookResult(WebhookOutcome.Deleted);
    }

    /// <summary>Sends events again; the failure clock starts afresh (the next failure does not pause at once).</summary>
    public async Task<WebhookResult> ResumeAsync(string ministry, string id, string resumedBy, CancellationToken cancellationToken)
    {
        for (var i = 0; i < MaxWriteTries; i++)
        {
            var current = await store.GetAsync(ministry, id, cancellationToken);
            if (current is null)
            {
                return new WebhookResult(WebhookOutcome.NotFound);
            }

            var resumed = current with { State = WebhookState.Active, FailingSince = null, PausedAt = null };
            switch (await store.ReplaceAsync(resumed, cancellationToken))
            {
                case WebhookWrite.Written:
                    logger.LogInformation("Webhook {WebhookId} of {Ministry} resumed by {StaffId}", id, ministry, resumedBy);
                    return new WebhookResult(WebhookOutcome.Resumed, await store.GetAsync(ministry, id, cancellationToken) ?? resumed);
                case WebhookWrite.NotFound:
                    return new WebhookResult(WebhookOutcome.NotFound);
            }
        }

        return new WebhookResult(WebhookOutcome.Conflict, null, "The endpoint kept changing; try again.", "ปลายทางถูกแก้ไขอยู่ตลอด กรุณาลองอีกครั้ง");
    }
}
