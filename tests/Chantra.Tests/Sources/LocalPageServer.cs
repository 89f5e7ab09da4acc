using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chantra.Tests.Sources;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, a free port) standing in for an upstream site: pages by
/// path and query, each with an ETag it honours (If-None-Match → 304), and a switch to answer every
/// request with one status (a site that is down).
/// </summary>
public sealed class LocalPageServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Page> _pages = new(StringComparer.Ordinal);
    private int _requests;
    private int _notModified;

    private LocalPageServer(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>When set, every request gets this status and no page.</summary>
    public int? FailWith { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    public int NotModifiedAnswers => Volatile.Read(ref _notModified);

    /// <summary>The HTTP layer's settings for tests against this server: no waits between requests or
    /// retries, a circuit that opens after a few failures and stays open five (fake) minutes.</summary>
    public static Chantra.Sources.Live.Http.SourceHttpOptions FastHttp() => new()
    {
        MinInterval = TimeSpan.Zero,
        RetryDelay = TimeSpan.Zero,
        MaxRetries = 2,
        BreakerMinimumThroughput = 3,
        BreakerFailureRatio = 0.5,
        BreakerSampling = TimeSpan.FromMinutes(1),
        BreakDuration = TimeSpan.FromMinutes(5),
    };

    public static async Task<LocalPageServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LocalPageServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Serves <paramref name="body"/> at <paramref name="pathAndQuery"/> (relative, e.g. <c>detail.php?mid=1</c>).</summary>
    public Uri Serve(string pathAndQuery, byte[] body, string contentType, string? etag = null)
    {
        _pages["/" + pathAndQuery.TrimStart('/')] = new Page(body, contentType, etag ?? $"\"{Guid.NewGuid():N}\"");
        return new Uri(BaseUri, pathAndQuery);
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (FailWith is { } status)
        {
            context.Response.StatusCode = status;
            return;
        }

        if (!_pages.TryGetValue(context.Request.Path + context.Request.QueryString, out var page))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.Headers.ETag = page.ETag;
        if (context.Request.Headers.IfNoneMatch.Contains(page.ETag))
        {
            Interlocked.Increment(ref _notModified);
            context.Response.StatusCode = 304;
            return;
        }

        context.Response.ContentType = page.ContentType;
        await context.Response.Body.WriteAsync(page.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record Page(byte[] Body, string ContentType, string ETag);
}
