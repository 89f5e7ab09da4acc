using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Chantra.Sources.Live.Http;

/// <summary>How the live sources talk to upstream sites (configuration section <c>Sources:Http</c>).</summary>
public sealed class SourceHttpOptions
{
    /// <summary>Sent on every request, so the sites' operators know who we are and how to reach us.</summary>
    public string UserAgent { get; set; } = "Chantra/1.0 (+https://github.com/chantra; contact: ops@chantra.invalid)";

    /// <summary>One attempt's limit.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>All attempts' limit.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(90);

    public int MaxRetries { get; set; } = 3;

    /// <summary>The first back-off; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The share of failed requests in <see cref="BreakerSampling"/> that opens a host's circuit.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Fewer requests than this in the window never open the circuit.</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan BreakerSampling { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an open circuit refuses requests before one is let through to try.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The least time between two requests to one host (one at a time per host, always).</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Registers the shared HTTP layer of the live sources.</summary>
public static class SourceHttp
{
    public const string ClientName = "chantra-sources";

    /// <summary>
    /// The named client: resilience (total timeout → retry with jittered exponential back-off →
    /// circuit breaker → attempt timeout), one pipeline per host (so one site's outage opens only its
    /// circuit), and innermost the polite gate, so every attempt (retries too) keeps the host's pace.
    /// The pipeline's clock is the container's <see cref="TimeProvider"/> (a fake one in tests).
    /// An <see cref="IPageCacheStore"/> must be registered as well.
    /// </summary>
    public static IServiceCollection AddSourceHttp(this IServiceCollection services, SourceHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton<PoliteHostGate>();
        services.AddTransient<PoliteHostHandler>();
        services.AddSingleton<ISourcePageFetcher, SourcePageFetcher>();
        services.AddHttpClient(ClientName, c =>
            {
                c.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
                c.Timeout = Timeout.InfiniteTimeSpan; // The pipeline's timeouts rule.
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .AddResilienceHandler("sources", builder =>
            {
                builder
                    .AddTimeout(options.TotalTimeout)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = Math.Max(0, options.MaxRetries),
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = options.RetryDelay,
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = options.BreakerFailureRatio,
                        MinimumThroughput = Math.Max(2, options.BreakerMinimumThroughput),
                        SamplingDuration = options.BreakerSampling,
                        BreakDuration = options.BreakDuration,
                    })
                    .AddTimeout(options.AttemptTimeout);
            })
            .SelectPipelineByAuthority();
        // Added after the resilience handler, so it sits inside it: each attempt passes the gate. (A second call
        // because SelectPipelineByAuthority returns the pipeline builder, not the client builder.)
        services.AddHttpClient(ClientName).AddHttpMessageHandler<PoliteHostHandler>();
        return services;
    }
}

/// <summary>Per host: one request at a time, at least <see cref="SourceHttpOptions.MinInterval"/> apart (shared by every client instance).</summary>
public sealed class PoliteHostGate(SourceHttpOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Host> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IDisposable> EnterAsync(Uri url, CancellationToken cancellationToken)
    {
        var host = _hosts.GetOrAdd(url.Authority, _ => new Host());
        await host.Lock.WaitAsync(cancellationToken);
        try
        {
            var wait = host.Last + options.MinInterval - time.GetUtcNow();
            if (host.Last != default && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }
        }
        catch
        {
            host.Lock.Release();
            throw;
        }

        return new Release(host, time);
    }

    private sealed class Host
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public DateTimeOffset Last { get; set; }
    }

    private sealed class Release(Host host, TimeProvider time) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                host.Last = time.GetUtcNow(); // The interval runs from the end of the request.
                host.Lock.Release();
            }
        }
    }
}

/// <summary>Passes each attempt through the host's <see cref="PoliteHostGate"/>.</summary>
public sealed class PoliteHostHandler(PoliteHostGate gate) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var slot = await gate.EnterAsync(request.RequestUri ?? throw new InvalidOperationException("A request without a URL."), cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
