using Chantra.Domain.Webhooks;

namespace Chantra.Functions.Webhooks;

/// <summary>The body of <c>POST …/webhooks</c>.</summary>
public sealed record WebhookRequestDto(string? Url);

/// <summary>
/// A registered endpoint as staff see it. <see cref="Secret"/> only in the answer to the
/// registration (shown once); later answers carry <see cref="SecretHint"/>, its last characters.
/// </summary>
public sealed record WebhookDto(
    string Id,
    string Ministry,
    string Url,
    string State,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? FailingSince,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? PausedAt,
    string SecretHint,
    string? Secret = null)
{
    public static WebhookDto From(WebhookEndpoint e, bool withSecret = false) => new(
        e.Id, e.Ministry, e.Url, e.State == WebhookState.Paused ? "paused" : "active",
        Bangkok(e.CreatedAt)!.Value, e.CreatedBy, Bangkok(e.LastSuccessAt), Bangkok(e.FailingSince), e.LastError, Bangkok(e.LastErrorAt), Bangkok(e.PausedAt),
        "…" + e.Secret[^Math.Min(4, e.Secret.Length)..],
        withSecret ? e.Secret : null);

    private static DateTimeOffset? Bangkok(DateTimeOffset? t) =>
        t is { } v ? Domain.Text.ThaiText.ToBangkok(v.AddTicks(-(v.Ticks % TimeSpan.TicksPerSecond))) : null;
}
