using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chantra.Tests.Webhooks;

/// <summary>What a ministry's endpoint received: the raw body and the headers, as sent.</summary>
public sealed record ReceivedDelivery(string Path, string Method, string? ContentType, IReadOnlyDictionary<string, string> Headers, string Body, int AnsweredWith);

/// <summary>
/// A ministry's webhook endpoint on 127.0.0.1 (Kestrel, a free port, plain HTTP): records every
/// request and answers 200, or what the test scripts (a status, optionally with Retry-After).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(HttpStatusCode Status, string? RetryAfter)> _script = new();
    private readonly List<ReceivedDelivery> _received = [];
    private (HttpStatusCode Status, string? RetryAfter)? _always;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The URL to register: <c>http://127.0.0.1:{port}/hook</c>.</summary>
    public string Url => new Uri(BaseUri, "hook").AbsoluteUri;

    public IReadOnlyList<ReceivedDelivery> Received
    {
        get { lock (_received) return [.. _received]; }
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        return receiver;
    }

    /// <summary>Answers the next request with this status (queued answers first, then <see cref="AlwaysRespond"/>, then 200).</summary>
    public void Enqueue(HttpStatusCode status, string? retryAfter = null) => _script.Enqueue((status, retryAfter));

    public void AlwaysRespond(HttpStatusCode status) => _always = (status, null);

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var (status, retryAfter) = _script.TryDequeue(out var next) ? next : _always ?? (HttpStatusCode.OK, null);
        lock (_received)
        {
            _received.Add(new ReceivedDelivery(
                context.Request.Path.Value ?? string.Empty, context.Request.Method, context.Request.ContentType,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body, (int)status));
        }

        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        context.Response.StatusCode = (int)status;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
