namespace Chantra.Domain.Complaints;

/// <summary>At most <see cref="Limit"/> submissions in each fixed window of <see cref="Window"/>.</summary>
public sealed class RateLimitRule
{
    public int Limit { get; set; }

    public TimeSpan Window { get; set; }
}

/// <summary>
/// Rate limits of complaint intake (section <c>Complaints:RateLimits</c>). Lists left empty in
/// configuration take the defaults: per client address 5 in 10 minutes and 20 a day, per device 5
/// an hour — a person with a real grievance files one or two; a script files hundreds.
/// </summary>
public sealed class ComplaintRateLimitOptions
{
    // Defaults are applied when the lists are empty: the configuration binder appends to a list
    // that already has items, so defaults put in the list itself could never be replaced.
    public List<RateLimitRule> PerClient { get; set; } = [];

    public List<RateLimitRule> PerDevice { get; set; } = [];

    public IReadOnlyList<RateLimitRule> ClientRules => PerClient.Count > 0
        ? PerClient
        : [new() { Limit = 5, Window = TimeSpan.FromMinutes(10) }, new() { Limit = 20, Window = TimeSpan.FromDays(1) }];

    public IReadOnlyList<RateLimitRule> DeviceRules => PerDevice.Count > 0
        ? PerDevice
        : [new() { Limit = 5, Window = TimeSpan.FromHours(1) }];
}

/// <summary>Settings of the complaint service (section <c>Complaints</c>).</summary>
public sealed class ComplaintOptions
{
    public const string Section = "Complaints";

    /// <summary>Days after a complaint is closed or rejected until its personal data is erased.</summary>
    public int RetentionDays { get; set; } = 365;

    public ComplaintRateLimitOptions RateLimits { get; set; } = new();
}

/// <summary>The answer of a rate-limit check: allowed, or when to try again.</summary>
public sealed record RateLimitDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static RateLimitDecision Allow { get; } = new(true, TimeSpan.Zero);
}

/// <summary>
/// Fixed-window rate limits over <see cref="IRateLimitCounter"/>: every rule of every key counts
/// the attempt, and the attempt is refused when any counter is over its limit; Retry-After is the
/// end of the latest window that is full. Windows start at multiples of their length (UTC).
/// </summary>
public sealed class ComplaintRateLimiter(IRateLimitCounter counter, ComplaintOptions options, TimeProvider time)
{
    /// <param name="clientKey">A keyed hash of the client's address (an address is personal data; it is never stored).</param>
    /// <param name="deviceKey">A keyed hash of the verified installation id, or null when no device filed it.</param>
    public async Task<RateLimitDecision> CheckAsync(string clientKey, string? deviceKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var retryAfter = TimeSpan.Zero;
        var rules = options.RateLimits.ClientRules.Select(r => ("client", clientKey, r));
        if (deviceKey is not null)
        {
            rules = rules.Concat(options.RateLimits.DeviceRules.Select(r => ("device", deviceKey, r)));
        }

        foreach (var (scope, key, rule) in rules)
        {
            if (rule.Window <= TimeSpan.Zero || rule.Limit <= 0)
            {
                continue;
            }

            var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % rule.Window.Ticks), TimeSpan.Zero);
            var count = await counter.IncrementAsync(
                $"{scope}|{key}|{(long)rule.Window.TotalSeconds}", start, rule.Window, cancellationToken);
            if (count > rule.Limit)
            {
                var wait = start + rule.Window - now;
                retryAfter = wait > retryAfter ? wait : retryAfter;
            }
        }

        return retryAfter > TimeSpan.Zero ? new RateLimitDecision(false, retryAfter) : RateLimitDecision.Allow;
    }
}
