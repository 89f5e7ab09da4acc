using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core;
using Chantra.Domain.Complaints;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Azure.Complaints;

/// <summary>
/// The complaint KEK in Key Vault (<c>complaint-kek</c>, RSA), through the REST API directly:
/// <c>POST {keyUri}/wrapkey</c> on the versionless URI (so a rotation takes effect at once; the
/// response's <c>kid</c> names the version used, and is what we store), and
/// <c>POST {kid}/unwrapkey</c> with the stored version, both <c>RSA-OAEP-256</c>, api-version 7.4,
/// a bearer token for <c>https://vault.azure.net/.default</c>. Retries 408/429/5xx and transport
/// failures with exponential back-off and jitter, honouring <c>Retry-After</c>. Nothing logged or
/// thrown carries key material, wrapped values or the token.
/// </summary>
public sealed class KeyVaultKeyEncryptionKey : IKeyEncryptionKey
{
    public const string HttpClientName = "KeyVault";
    public const string ApiVersion = "7.4";
    public const string Algorithm = "RSA-OAEP-256";
    public const string Scope = "https://vault.azure.net/.default";

    private const int MaxAttempts = 5;
    private const int MaxDetailLength = 300;
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private static readonly Action<ILogger, string, int, int, string, TimeSpan, Exception?> LogRetry =
        LoggerMessage.Define<string, int, int, string, TimeSpan>(
            LogLevel.Warning,
            new EventId(1, "KeyVaultRetry"),
            "Key Vault {Operation} attempt {Attempt} of {MaxAttempts} failed with {Failure}; retrying in {Delay}");

    private readonly HttpClient _http;
    private readonly TokenCredential _credential;
    private readonly Uri _keyUri;
    private readonly string _keyPath;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private string _lastKeyId;

    /// <param name="http">The transport (the <see cref="HttpClientName"/> client from IHttpClientFactory).</param>
    /// <param name="credential">The app's identity, which needs "Key Vault Crypto User" on the key.</param>
    /// <param name="keyUri">The versionless key URI, <c>https://{vault}.vault.azure.net/keys/{name}</c>
    /// (app setting <c>Complaints__KeyUri</c>); https unless the host is loopback (tests).</param>
    /// <param name="logger">Gets a Warning per retry.</param>
    /// <param name="timeProvider">Clock for HTTP-date <c>Retry-After</c>.</param>
    /// <param name="delay">Waits between attempts; tests pass a recorder.</param>
    public KeyVaultKeyEncryptionKey(
        HttpClient http,
        TokenCredential credential,
        Uri keyUri,
        ILogger<KeyVaultKeyEncryptionKey>? logger = null,
        TimeProvider? timeProvider = null,
        Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(keyUri);
        if (!keyUri.IsAbsoluteUri
            || !(keyUri.Scheme == Uri.UriSchemeHttps || (keyUri.Scheme == Uri.UriSchemeHttp && keyUri.IsLoopback))
            || !string.IsNullOrEmpty(keyUri.Query) || !string.IsNullOrEmpty(keyUri.Fragment))
        {
            throw new ArgumentException("The key URI must be an absolute https URI without query or fragment.", nameof(keyUri));
        }

        var segments = keyUri.AbsolutePath.Trim('/').Split('/');
        if (segments.Length != 2 || !string.Equals(segments[0], "keys", StringComparison.OrdinalIgnoreCase) || segments[1].Length == 0)
        {
            throw new ArgumentException("The key URI must be versionless: https://{vault}.vault.azure.net/keys/{name}.", nameof(keyUri));
        }

        _http = http;
        _credential = credential;
        _keyPath = "/" + string.Join('/', segments);
        _keyUri = new UriBuilder(keyUri) { Path = _keyPath }.Uri;
        _logger = logger ?? NullLogger<KeyVaultKeyEncryptionKey>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _delay = delay ?? ((wait, ct) => Task.Delay(wait, _time, ct));
        _lastKeyId = _keyUri.AbsoluteUri;
    }

    /// <summary>The <c>kid</c> (with version) of the last wrap; the versionless URI before the first.
    /// Informational: stored values take their id from <see cref="WrapWithKeyIdAsync"/>.</summary>
    public string KeyId => Volatile.Read(ref _lastKeyId);

    public async Task<byte[]> WrapAsync(byte[] dataKey, CancellationToken cancellationToken) =>
        (await WrapWithKeyIdAsync(dataKey, cancellationToken).ConfigureAwait(false)).Value;

    public async Task<WrappedDataKey> WrapWithKeyIdAsync(byte[] dataKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataKey);
        var uri = OperationUri(_keyUri.AbsoluteUri, "wrapkey");
        var result = await SendAsync("wrap", uri, dataKey, cancellationToken).ConfigureAwait(false);
        if (result.Kid is null || !TryGetVersion(result.Kid, out _))
        {
            throw new KeyVaultException("wrap", HttpStatusCode.OK, 1, "the response's kid does not name a version of the configured key");
        }

        Volatile.Write(ref _lastKeyId, result.Kid);
        return new WrappedDataKey(result.Kid, result.Value);
    }

    /// <exception cref="CryptographicException">The key id is not a version of the configured key
    /// (checked before any request, so a forged id never gets our token), the version does not
    /// exist, or Key Vault cannot unwrap the value.</exception>
    public async Task<byte[]> UnwrapAsync(string keyId, byte[] wrapped, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(wrapped);
        if (!TryGetVersion(keyId, out var version))
        {
            throw new CryptographicException("The wrapped value names a key other than the configured Key Vault key.");
        }

        var uri = OperationUri(_keyUri.AbsoluteUri + "/" + version, "unwrapkey");
        try
        {
            return (await SendAsync("unwrap", uri, wrapped, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (KeyVaultException ex) when (ex.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            // 400: the value does not decrypt; 404: that key version is gone.
            throw new CryptographicException($"Key Vault could not unwrap the value: {ex.Message}", ex);
        }
    }

    // A kid must be {configured key URI}/{version}: same scheme, host, port and key.
    private bool TryGetVersion(string kid, out string version)
    {
        version = "";
        if (!Uri.TryCreate(kid, UriKind.Absolute, out var uri)
            || uri.Scheme != _keyUri.Scheme
            || !string.Equals(uri.Host, _keyUri.Host, StringComparison.OrdinalIgnoreCase)
            || uri.Port != _keyUri.Port
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return false;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        var prefix = _keyPath + "/";
        if (!path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = path[prefix.Length..];
        if (rest.Length is 0 or > 64 || !rest.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        version = rest;
        return true;
    }

    private static Uri OperationUri(string baseUri, string operation) =>
        new($"{baseUri}/{operation}?api-version={ApiVersion}");

    private async Task<OperationResult> SendAsync(string operation, Uri uri, byte[] value, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new KeyOperationRequest(Algorithm, Base64Url.EncodeToString(value)), KeyVaultJson.Default.KeyOperationRequest);
        var context = new TokenRequestContext([Scope]);

        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Each attempt asks again: the credential caches, and a long back-off cannot outlive the token.
            var token = await _credential.GetTokenAsync(context, cancellationToken).ConfigureAwait(false);
            HttpResponseMessage response;
            using (var request = new HttpRequestMessage(HttpMethod.Post, uri))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                try
                {
                    response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException
                                           || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    var failure = ex is OperationCanceledException ? "timeout" : "transport error";
                    if (attempt >= MaxAttempts)
                    {
                        throw new KeyVaultException(operation, null, attempt, failure, ex);
                    }
                    var wait = Backoff(attempt);
                    LogRetry(_logger, operation, attempt, MaxAttempts, failure, wait, null);
                    await _delay(wait, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            using (response)
            {
                var status = response.StatusCode;
                if (status == HttpStatusCode.OK)
                {
                    return await ReadResultAsync(operation, response, attempt, cancellationToken).ConfigureAwait(false);
                }

                if (IsRetryable(status) && attempt < MaxAttempts)
                {
                    var wait = RetryAfter(response) ?? Backoff(attempt);
                    LogRetry(_logger, operation, attempt, MaxAttempts,
                        string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)status}"), wait, null);
                    await _delay(wait, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var detail = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
                throw new KeyVaultException(operation, status, attempt, detail);
            }
        }
    }

    private static async Task<OperationResult> ReadResultAsync(
        string operation, HttpResponseMessage response, int attempts, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var result = await JsonSerializer.DeserializeAsync(stream, KeyVaultJson.Default.KeyOperationResponse, cancellationToken)
                    .ConfigureAwait(false);
                if (result?.Value is { Length: > 0 } value)
                {
                    return new OperationResult(result.Kid, Base64Url.DecodeFromChars(value));
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            // Not echoing the body: it would hold key material.
            throw new KeyVaultException(operation, response.StatusCode, attempts, "the response is not a key operation result", ex);
        }

        throw new KeyVaultException(operation, response.StatusCode, attempts, "the response has no value");
    }

    // Key Vault errors are {"error":{"code":…,"message":…}}; they describe the request, never the key.
    private static async Task<string?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            var error = JsonSerializer.Deserialize(text, KeyVaultJson.Default.KeyVaultErrorResponse)?.Error;
            var detail = error is null ? null : $"{error.Code}: {error.Message}";
            return detail is null || detail.Length <= MaxDetailLength ? detail : detail[..MaxDetailLength] + "…";
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException)
        {
            return null;
        }
    }

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
        || (int)status is >= 500 and <= 599;

    // Exponential with "equal jitter", capped, so many instances do not retry in lockstep.
    private static TimeSpan Backoff(int attempt)
    {
        var step = Math.Min(BaseDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30)), MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)(step / 2 + Random.Shared.NextDouble() * step / 2));
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - _time.GetUtcNow() : null);
        return wait is not { } value ? null : value < TimeSpan.Zero ? TimeSpan.Zero : value > MaxDelay ? MaxDelay : value;
    }

    private sealed record OperationResult(string? Kid, byte[] Value);
}

/// <summary>A Key Vault call that failed for good. Never carries key material or the token.</summary>
public sealed class KeyVaultException : Exception
{
    public KeyVaultException(string operation, HttpStatusCode? statusCode, int attempts, string? detail, Exception? inner = null)
        : base(Describe(operation, statusCode, attempts, detail), inner)
    {
        Operation = operation;
        StatusCode = statusCode;
        Attempts = attempts;
    }

    public string Operation { get; }

    public HttpStatusCode? StatusCode { get; }

    public int Attempts { get; }

    private static string Describe(string operation, HttpStatusCode? status, int attempts, string? detail) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Key Vault {operation} failed{(status is { } s ? $" with HTTP {(int)s}" : "")} after {attempts} attempt(s){(detail is null ? "" : ": " + detail)}.");
}

internal sealed record KeyOperationRequest(
    [property: JsonPropertyName("alg")] string Alg,
    [property: JsonPropertyName("value")] string Value);

internal sealed record KeyOperationResponse(
    [property: JsonPropertyName("kid")] string? Kid,
    [property: JsonPropertyName("value")] string? Value);

internal sealed record KeyVaultErrorResponse([property: JsonPropertyName("error")] KeyVaultError? Error);

internal sealed record KeyVaultError(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message);

[JsonSerializable(typeof(KeyOperationRequest))]
[JsonSerializable(typeof(KeyOperationResponse))]
[JsonSerializable(typeof(KeyVaultErrorResponse))]
internal sealed partial class KeyVaultJson : JsonSerializerContext;
