using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Chantra.Domain.Events;
using Chantra.Domain.Webhooks;
using Microsoft.Extensions.Logging;

namespace Chantra.Azure.Webhooks;

/// <summary>
/// POSTs signed CloudEvents to ministries' endpoints. The connection is made by
/// <see cref="ConnectAsync"/>: it resolves the host itself, checks every address with the
/// <see cref="WebhookAddressPolicy"/> and connects to a checked address, so a DNS answer that
/// changed since registration (rebinding) cannot point a delivery inside. No proxy, no redirects
/// (a 3xx is a failure), no cookies. 408, 429, 5xx and transport failures are retried in-process
/// with jittered exponential back-off, honouring <c>Retry-After</c> up to
/// <see cref="WebhookOptions.MaxDelay"/>; anything longer is left to Service Bus redelivery.
/// </summary>
public sealed class WebhookHttpSender : IWebhookSender, IDisposable
{
    public const string UserAgent = "Chantra-Webhooks/1.0 (+https://chantra.senate.go.th)";

    private readonly HttpClient _http;
    private readonly WebhookAddressPolicy _policy;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookHttpSender> _logger;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;

    /// <param name="delay">Waits between attempts; tests pass a recorder so back-off is seen without waiting.</param>
    public WebhookHttpSender(WebhookAddressPolicy policy, WebhookOptions options, TimeProvider time, ILogger<WebhookHttpSender> logger,
        Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        _policy = policy;
        _options = options;
        _time = time;
        _logger = logger;
        _delay = delay ?? ((wait, ct) => Task.Delay(wait, time, ct));
        _http = new HttpClient(CreateHandler(policy, options), disposeHandler: true) { Timeout = options.Timeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
    }

    /// <summary>The handler every delivery goes through: connections only to checked addresses.</summary>
    public static SocketsHttpHandler CreateHandler(WebhookAddressPolicy policy, WebhookOptions options) => new()
    {
        ConnectCallback = (context, ct) => ConnectAsync(policy, context.DnsEndPoint, ct),
        ConnectTimeout = options.Timeout,
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        MaxResponseHeadersLength = 16,
        // Idle connections are let go soon, so a later delivery resolves and checks again.
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Resolves, checks every address, and connects to the first checked one that answers.</summary>
    public static async ValueTask<Stream> ConnectAsync(WebhookAddressPolicy policy, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var addresses = await policy.ResolveForConnectAsync(endpoint.Host, cancellationToken);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    public async Task<WebhookSendResult> SendAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        // The policy may have tightened since registration (a port no longer allowed, the development switch off).
        var check = _policy.CheckSyntax(request.Url);
        if (check.Url is null)
        {
            return WebhookSendResult.Failure(0, null, "refused: " + check.Error);
        }

        var bodyBytes = Encoding.UTF8.GetBytes(request.Body);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string failure;
            TimeSpan? retryAfter = null;
            int? status = null;
            try
            {
                using var message = Message(check.Url, request, bodyBytes);
                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                status = (int)response.StatusCode;
                if (status is >= 200 and <= 299)
                {
                    return WebhookSendResult.Success(attempt, status.Value);
                }

                failure = string.Create(CultureInfo.InvariantCulture, $"HTTP {status} ({response.ReasonPhrase})");
                if (!IsRetryable(response.StatusCode))
                {
                    return WebhookSendResult.Failure(attempt, status, failure);
                }

                retryAfter = RetryAfter(response);
            }
            catch (HttpRequestException ex) when (Refusal(ex) is { } refused)
            {
                // The host now resolves inside: never retried, never connected.
                return WebhookSendResult.Failure(attempt, null, "refused: " + refused.Message);
            }
            catch (HttpRequestException ex)
            {
                failure = "transport error: " + (ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : ex.HttpRequestError.ToString());
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = string.Create(CultureInfo.InvariantCulture, $"timeout after {_options.Timeout.TotalSeconds:0} s");
            }

            if (attempt >= _options.MaxAttempts)
            {
                return WebhookSendResult.Failure(attempt, status, failure);
            }

            if (retryAfter > _options.MaxDelay)
            {
                return WebhookSendResult.Failure(attempt, status, failure + string.Create(CultureInfo.InvariantCulture, $"; asked to retry after {retryAfter.Value.TotalSeconds:0} s"));
            }

            var wait = retryAfter ?? Backoff(attempt);
            _logger.LogWarning("Webhook {WebhookId} attempt {Attempt} of {MaxAttempts} for event {EventId} failed with {Failure}; retrying in {Delay}",
                request.WebhookId, attempt, _options.MaxAttempts, request.EventId, failure, wait);
            await _delay(wait, cancellationToken);
        }
    }

    private HttpRequestMessage Message(Uri url, WebhookRequest request, byte[] body)
    {
        // A fresh timestamp and signature per attempt, so a receiver's freshness window holds across retries.
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(CloudEvent.MediaType);
        message.Headers.TryAddWithoutValidation(WebhookSignature.IdHeader, request.WebhookId);
        message.Headers.TryAddWithoutValidation(WebhookSignature.EventIdHeader, request.EventId);
        message.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        message.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Sign(request.Secret, timestamp, request.Body));
        return message;
    }

    private static WebhookTargetRefusedException? Refusal(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is WebhookTargetRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status is >= 500 and <= 599;

    // Exponential from BaseDelay, capped at MaxDelay, with "equal jitter" (between half and all of
    // the step) so the deliveries of many events do not hit a recovering endpoint in lockstep.
    private TimeSpan Backoff(int attempt)
    {
        var step = Math.Min(_options.BaseDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30)), _options.MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)(step / 2 + Random.Shared.NextDouble() * step / 2));
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - _time.GetUtcNow() : null);
        return wait is { } w && w < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    public void Dispose() => _http.Dispose();
}
