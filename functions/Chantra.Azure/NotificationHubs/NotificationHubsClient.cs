using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Chantra.Domain.Push;
using Microsoft.Extensions.Logging;

namespace Chantra.Azure.NotificationHubs;

/// <summary>
/// Talks to the Azure Notification Hubs REST API directly (the SDK package is not available to
/// us): template sends for <see cref="IPushNotifier"/>, and installation management.
/// Every call is signed with a fresh SAS token, retried on 429/5xx/transport failures with
/// exponential back-off and jitter (honouring <c>Retry-After</c>), and fails with a
/// <see cref="NotificationHubsException"/> that never carries the key or the token.
/// </summary>
public sealed class NotificationHubsClient : IPushNotifier
{
    private const string TrackingIdHeader = "TrackingId";
    private const string FormatHeader = "ServiceBusNotification-Format";
    private const string TagsHeader = "ServiceBusNotification-Tags";

    // The installation reference pages list x-ms-version: 2015-01 beside api-version.
    private const string InstallationVersionHeader = "x-ms-version";
    private const string InstallationVersion = "2015-01";

    private const int MaxDetailLength = 300;

    // Relaxed escaping keeps Thai text as UTF-8 instead of \uXXXX, which would triple the
    // payload size against the hub's 64 KB limit; this JSON never lands in HTML.
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly Action<ILogger, string, string, int, int, Exception?> LogSent =
        LoggerMessage.Define<string, string, int, int>(
            LogLevel.Information,
            new EventId(1, "NotificationHubsTemplateSent"),
            "Notification Hubs accepted template notification for {TagExpression} (event {SourceEventId}): HTTP {StatusCode} after {Attempts} attempt(s)");

    private static readonly Action<ILogger, string, int, int, string, TimeSpan, Exception?> LogRetry =
        LoggerMessage.Define<string, int, int, string, TimeSpan>(
            LogLevel.Warning,
            new EventId(2, "NotificationHubsRetry"),
            "Notification Hubs {Operation} attempt {Attempt} of {MaxAttempts} failed with {Failure}; retrying in {Delay}");

    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private readonly NotificationHubsConnection _connection;
    private readonly string _resourceUri;
    private readonly Uri _hubUri;
    private readonly string _apiVersion;
    private readonly int _maxAttempts;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly TimeSpan _tokenLifetime;

    /// <summary>Creates a client for one hub.</summary>
    /// <param name="httpClient">The transport (from IHttpClientFactory in the host).</param>
    /// <param name="options">Connection string, hub, endpoint override and retry settings;
    /// values are copied, so later changes to the object have no effect.</param>
    /// <param name="logger">Gets one Information line per accepted send and a Warning per retry;
    /// never the Authorization header, the key, or the template properties.</param>
    /// <param name="timeProvider">Clock for token expiry and HTTP-date <c>Retry-After</c>.</param>
    /// <param name="delay">Waits between attempts; defaults to <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/>.
    /// Tests pass a recorder so back-off is observable without waiting.</param>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    /// <exception cref="ArgumentException">Another option is invalid.</exception>
    public NotificationHubsClient(
        HttpClient httpClient,
        NotificationHubsOptions options,
        ILogger<NotificationHubsClient> logger,
        TimeProvider timeProvider,
        Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);

        if (string.IsNullOrWhiteSpace(options.HubName))
        {
            throw new ArgumentException("NotificationHubsOptions.HubName is required.", nameof(options));
        }
        if (string.IsNullOrWhiteSpace(options.ApiVersion))
        {
            throw new ArgumentException("NotificationHubsOptions.ApiVersion is required.", nameof(options));
        }
        if (options.MaxAttempts < 1)
        {
            throw new ArgumentException("NotificationHubsOptions.MaxAttempts must be at least 1.", nameof(options));
        }
        if (options.BaseDelay < TimeSpan.Zero || options.MaxDelay < options.BaseDelay)
        {
            throw new ArgumentException(
                "NotificationHubsOptions.BaseDelay must be non-negative and no larger than MaxDelay.", nameof(options));
        }
        if (options.TokenLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException("NotificationHubsOptions.TokenLifetime must be positive.", nameof(options));
        }
        if (options.Endpoint is { } endpoint
            && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            throw new ArgumentException("NotificationHubsOptions.Endpoint must be an absolute http(s) URI.", nameof(options));
        }

        _http = httpClient;
        _logger = logger;
        _time = timeProvider;
        _delay = delay ?? ((wait, ct) => Task.Delay(wait, timeProvider, ct));
        _connection = NotificationHubsConnection.Parse(options.ConnectionString);

        var hub = options.HubName.Trim().Trim('/');
        _resourceUri = _connection.GetHubResourceUri(hub).AbsoluteUri;

        // Requests go to the override if there is one; the token always names the real hub.
        var baseUri = options.Endpoint?.AbsoluteUri ?? $"https://{_connection.Host}/";
        if (!baseUri.EndsWith('/'))
        {
            baseUri += "/";
        }
        _hubUri = new Uri(new Uri(baseUri), Uri.EscapeDataString(hub) + "/");

        _apiVersion = options.ApiVersion;
        _maxAttempts = options.MaxAttempts;
        _baseDelay = options.BaseDelay;
        _maxDelay = options.MaxDelay;
        _tokenLifetime = options.TokenLifetime;
    }

    /// <summary>
    /// Sends one template notification: <c>POST {hub}/messages/</c> with
    /// <c>ServiceBusNotification-Format: template</c>, the tag expression in
    /// <c>ServiceBusNotification-Tags</c>, and the properties as a JSON object of strings.
    /// </summary>
    /// <exception cref="ArgumentException">The tag expression is not one the service accepts
    /// (checked before any request), or a property value is null.</exception>
    /// <exception cref="NotificationHubsException">The hub refused it, or retries ran out.</exception>
    public async Task SendTemplateAsync(PushNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        TagRules.ValidateExpression(notification.TagExpression, nameof(notification));
        var body = SerializeProperties(notification.Properties);
        var tags = notification.TagExpression.Trim();
        var uri = BuildUri("messages/");

        using var outcome = await SendAsync(
            "template send",
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, uri);
                request.Headers.TryAddWithoutValidation(FormatHeader, "template");
                request.Headers.TryAddWithoutValidation(TagsHeader, tags);
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                return request;
            },
            IsSuccess,
            cancellationToken).ConfigureAwait(false);

        LogSent(_logger, tags, notification.EventId, (int)outcome.Response.StatusCode, outcome.Attempts, null);
    }

    /// <summary>
    /// Creates or overwrites an installation (<c>PUT {hub}/installations/{id}</c>). The service
    /// applies installation changes asynchronously, so a read right after may briefly lag.
    /// </summary>
    /// <exception cref="NotificationHubsException">The hub refused it, or retries ran out.</exception>
    public async Task CreateOrUpdateInstallationAsync(Installation installation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(installation);
        ArgumentException.ThrowIfNullOrWhiteSpace(installation.InstallationId, nameof(installation));
        ArgumentException.ThrowIfNullOrWhiteSpace(installation.Platform, nameof(installation));
        ArgumentException.ThrowIfNullOrWhiteSpace(installation.PushChannel, nameof(installation));
        foreach (var tag in installation.Tags ?? [])
        {
            TagRules.ValidateTag(tag, nameof(installation));
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(installation, JsonOptions);
        var uri = InstallationUri(installation.InstallationId);
        using var outcome = await SendAsync(
            "installation create/update",
            () => InstallationRequest(HttpMethod.Put, uri, body, "application/json"),
            IsSuccess,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Partially updates an installation with JSON Patch (<c>PATCH {hub}/installations/{id}</c>,
    /// <c>application/json-patch+json</c>), e.g. <see cref="InstallationPatch.AddTag"/>.
    /// </summary>
    /// <exception cref="NotificationHubsException">The hub refused it (404 if the installation
    /// does not exist), or retries ran out.</exception>
    public async Task PatchInstallationAsync(
        string installationId,
        IReadOnlyList<InstallationPatch> operations,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(installationId);
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count == 0)
        {
            throw new ArgumentException("At least one patch operation is required.", nameof(operations));
        }
        foreach (var operation in operations)
        {
            if (operation is null
                || operation.Op is not ("add" or "remove" or "replace")
                || string.IsNullOrEmpty(operation.Path) || operation.Path[0] != '/')
            {
                throw new ArgumentException(
                    "Each patch operation needs op add, remove or replace and a path starting with '/'.", nameof(operations));
            }
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(operations, JsonOptions);
        var uri = InstallationUri(installationId);
        using var outcome = await SendAsync(
            "installation patch",
            () => InstallationRequest(HttpMethod.Patch, uri, body, "application/json-patch+json"),
            IsSuccess,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes an installation (<c>DELETE {hub}/installations/{id}</c>); one that does not
    /// exist counts as deleted.</summary>
    /// <exception cref="NotificationHubsException">The hub refused it, or retries ran out.</exception>
    public async Task DeleteInstallationAsync(string installationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(installationId);
        var uri = InstallationUri(installationId);
        using var outcome = await SendAsync(
            "installation delete",
            () => InstallationRequest(HttpMethod.Delete, uri, null, null),
            status => IsSuccess(status) || status == HttpStatusCode.NotFound,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads an installation (<c>GET {hub}/installations/{id}</c>); null when there is none.</summary>
    /// <exception cref="NotificationHubsException">The hub refused it, or retries ran out.</exception>
    public async Task<Installation?> GetInstallationAsync(string installationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(installationId);
        var uri = InstallationUri(installationId);
        using var outcome = await SendAsync(
            "installation read",
            () => InstallationRequest(HttpMethod.Get, uri, null, null),
            status => IsSuccess(status) || status == HttpStatusCode.NotFound,
            cancellationToken).ConfigureAwait(false);

        if (outcome.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        return await outcome.Response.Content
            .ReadFromJsonAsync<Installation>(JsonOptions, cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<Attempted> SendAsync(
        string operation,
        Func<HttpRequestMessage> createRequest,
        Func<HttpStatusCode, bool> isDone,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // A fresh token per attempt: cheap, and a long back-off can never outlive it.
            var token = _connection.CreateSasToken(_resourceUri, _time.GetUtcNow() + _tokenLifetime);
            var trackingId = Guid.NewGuid().ToString();
            HttpResponseMessage response;
            using (var request = createRequest())
            {
                request.Headers.TryAddWithoutValidation("Authorization", token);
                request.Headers.TryAddWithoutValidation(TrackingIdHeader, trackingId);
                try
                {
                    response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException
                                           || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    // Transport failure or HttpClient timeout (not our caller cancelling).
                    var failure = ex is OperationCanceledException ? "timeout" : "transport error";
                    if (attempt >= _maxAttempts)
                    {
                        throw new NotificationHubsException(operation, null, attempt, trackingId, failure, ex);
                    }
                    var wait = Backoff(attempt);
                    LogRetry(_logger, operation, attempt, _maxAttempts, failure, wait, null);
                    await _delay(wait, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            if (isDone(response.StatusCode))
            {
                return new Attempted(response, attempt);
            }

            using (response)
            {
                var status = response.StatusCode;
                var serviceTrackingId = HeaderValue(response, TrackingIdHeader) ?? trackingId;
                if (IsRetryable(status) && attempt < _maxAttempts)
                {
                    var wait = RetryAfter(response) ?? Backoff(attempt);
                    LogRetry(_logger, operation, attempt, _maxAttempts,
                        string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)status}"), wait, null);
                    await _delay(wait, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var detail = await ReadDetailAsync(response, token, cancellationToken).ConfigureAwait(false);
                throw new NotificationHubsException(operation, status, attempt, serviceTrackingId, detail, null);
            }
        }
    }

    private HttpRequestMessage InstallationRequest(HttpMethod method, Uri uri, byte[]? body, string? contentType)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.TryAddWithoutValidation(InstallationVersionHeader, InstallationVersion);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType!);
        }
        return request;
    }

    private Uri InstallationUri(string installationId) =>
        BuildUri("installations/" + Uri.EscapeDataString(installationId));

    private Uri BuildUri(string relative) =>
        new(_hubUri, relative + "?api-version=" + Uri.EscapeDataString(_apiVersion));

    private static byte[] SerializeProperties(IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonOptions.Encoder }))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in properties)
            {
                if (value is null)
                {
                    // The service takes string properties only; a null would be a 400 anyway.
                    throw new ArgumentException($"Template property '{name}' is null.", nameof(properties));
                }
                writer.WriteString(name, value);
            }
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and <= 299;

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
        || (int)status is >= 500 and <= 599;

    // Exponential from BaseDelay, capped at MaxDelay, with "equal jitter" (between half and
    // all of the step) so a fleet of retrying functions does not hit the hub in lockstep.
    private TimeSpan Backoff(int attempt)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var step = Math.Min(_baseDelay.Ticks * Math.Pow(2, exponent), _maxDelay.Ticks);
        var jittered = step / 2 + Random.Shared.NextDouble() * step / 2;
        return TimeSpan.FromTicks((long)jittered);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta
            ?? (header?.Date is { } date ? date - _time.GetUtcNow() : null);
        if (wait is not { } value)
        {
            return null;
        }
        return value < TimeSpan.Zero ? TimeSpan.Zero : value > _maxDelay ? _maxDelay : value;
    }

    private static string? HeaderValue(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private async Task<string?> ReadDetailAsync(HttpResponseMessage response, string token, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        text = Redact(text, _connection.Key, token);
        return text.Length <= MaxDetailLength ? text : text[..MaxDetailLength] + "…";
    }

    /// <summary>Removes the key, the token and anything token-shaped from service error text,
    /// in case a proxy or fake echoes the request back.</summary>
    internal static string Redact(string text, string key, string token)
    {
        text = text.Replace(token, "<redacted>", StringComparison.Ordinal);
        if (key.Length > 0)
        {
            text = text.Replace(key, "<redacted>", StringComparison.Ordinal);
        }
        text = Regex.Replace(text, @"SharedAccessSignature\s+[^\s<""']+", "SharedAccessSignature <redacted>", RegexOptions.IgnoreCase);
        return Regex.Replace(text, @"\bsig=[^&\s<""']+", "sig=<redacted>", RegexOptions.IgnoreCase);
    }

    private readonly record struct Attempted(HttpResponseMessage Response, int Attempts) : IDisposable
    {
        public void Dispose() => Response.Dispose();
    }
}

/// <summary>
/// Raised when Notification Hubs refused a request or retries ran out. The message holds the
/// operation, status, attempts, tracking id and a short redacted service detail, never the key
/// or the SAS token.
/// </summary>
public sealed class NotificationHubsException : Exception
{
    /// <summary>Creates the exception; <paramref name="detail"/> must already be redacted.</summary>
    public NotificationHubsException(
        string operation,
        HttpStatusCode? statusCode,
        int attempts,
        string? trackingId,
        string? detail,
        Exception? innerException)
        : base(BuildMessage(operation, statusCode, attempts, trackingId, detail), innerException)
    {
        Operation = operation;
        StatusCode = statusCode;
        Attempts = attempts;
        TrackingId = trackingId;
        Detail = detail;
    }

    /// <summary>What was attempted, e.g. <c>template send</c>.</summary>
    public string Operation { get; }

    /// <summary>The last HTTP status, or null when no response came (transport failure, timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>How many requests were made.</summary>
    public int Attempts { get; }

    /// <summary>The service's <c>TrackingId</c> response header if present, else the one we sent;
    /// quote it to Azure support.</summary>
    public string? TrackingId { get; }

    /// <summary>A short, redacted excerpt of the service's error body, or the failure kind.</summary>
    public string? Detail { get; }

    private static string BuildMessage(string operation, HttpStatusCode? status, int attempts, string? trackingId, string? detail)
    {
        var builder = new StringBuilder("Notification Hubs ").Append(operation).Append(" failed");
        builder.Append(status is { } code
            ? string.Create(CultureInfo.InvariantCulture, $" with HTTP {(int)code} ({code})")
            : " without a response");
        builder.Append(CultureInfo.InvariantCulture, $" after {attempts} attempt(s)");
        if (!string.IsNullOrEmpty(trackingId))
        {
            builder.Append("; TrackingId ").Append(trackingId);
        }
        if (!string.IsNullOrEmpty(detail))
        {
            builder.Append(": ").Append(detail);
        }
        return builder.Append('.').ToString();
    }
}

/// <summary>Installation platform names as the REST API and the official SDK spell them.</summary>
public static class InstallationPlatform
{
    /// <summary>Apple Push Notification service.</summary>
    public const string Apns = "apns";

    /// <summary>Firebase Cloud Messaging HTTP v1 (the legacy <c>gcm</c>/FCM platform is retired).</summary>
    public const string FcmV1 = "fcmV1";

    /// <summary>Windows Push Notification Services.</summary>
    public const string Wns = "wns";

    /// <summary>Web Push (browser).</summary>
    public const string Browser = "browser";
}

/// <summary>
/// A device installation (the JSON body of <c>PUT/GET {hub}/installations/{id}</c>).
/// </summary>
/// <param name="InstallationId">Our stable, globally unique id for the app install.</param>
/// <param name="Platform">One of <see cref="InstallationPlatform"/>.</param>
/// <param name="PushChannel">The PNS handle: APNs device token, FCM registration token, WNS URI.</param>
/// <param name="Tags">Tags for routing (each up to 120 of <c>A-Z a-z 0-9 _ @ # . : -</c>).</param>
/// <param name="Templates">Template name → template; the hub renders the body with the send's properties.</param>
/// <param name="UserId">Optional user id (several installations may share one).</param>
public sealed record Installation(
    [property: JsonPropertyName("installationId")] string InstallationId,
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("pushChannel")] string PushChannel,
    [property: JsonPropertyName("tags")] IReadOnlyList<string>? Tags = null,
    [property: JsonPropertyName("templates")] IReadOnlyDictionary<string, InstallationTemplate>? Templates = null,
    [property: JsonPropertyName("userId")] string? UserId = null)
{
    /// <summary>Set by the service when the PNS reported the channel dead; ignored on write.</summary>
    [JsonPropertyName("pushChannelExpired")]
    public bool? PushChannelExpired { get; init; }

    /// <summary>Set by the service (W3C date-time) when the installation expires; ignored on write.</summary>
    [JsonPropertyName("expirationTime")]
    public string? ExpirationTime { get; init; }
}

/// <summary>One template of an installation.</summary>
/// <param name="Body">The platform payload with <c>$(property)</c> placeholders.</param>
/// <param name="Tags">Optional tags that only this template answers to.</param>
public sealed record InstallationTemplate(
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("tags")] IReadOnlyList<string>? Tags = null);

/// <summary>One JSON Patch (RFC 6902) operation against an installation.</summary>
/// <param name="Op"><c>add</c>, <c>remove</c> or <c>replace</c>.</param>
/// <param name="Path">e.g. <c>/tags</c>, <c>/tags/{tag}</c>, <c>/pushChannel</c>, <c>/templates/{name}</c>.</param>
/// <param name="Value">The value; omitted for <c>remove</c>.</param>
public sealed record InstallationPatch(
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("value")] string? Value = null)
{
    /// <summary>Adds one tag (kept if already there).</summary>
    public static InstallationPatch AddTag(string tag) => new("add", "/tags", tag);

    /// <summary>Removes one tag.</summary>
    public static InstallationPatch RemoveTag(string tag) => new("remove", "/tags/" + tag);

    /// <summary>Replaces the push channel (e.g. after the PNS rotated the token).</summary>
    public static InstallationPatch SetPushChannel(string pushChannel) => new("add", "/pushChannel", pushChannel);

    /// <summary>Adds or replaces a whole template; the documented value is the template as a JSON string.</summary>
    public static InstallationPatch AddTemplate(string name, InstallationTemplate template) =>
        new("add", "/templates/" + name, JsonSerializer.Serialize(template, NotificationHubsClient.JsonOptions));

    /// <summary>Removes a template.</summary>
    public static InstallationPatch RemoveTemplate(string name) => new("remove", "/templates/" + name);
}

/// <summary>
/// The service's documented rules for tags and tag expressions: a tag is up to 120 characters
/// of <c>A-Z a-z 0-9 _ @ # . : -</c>; an expression combines tags with <c>||</c>, <c>&amp;&amp;</c>,
/// <c>!</c> and parentheses, and may hold at most 20 tags if it uses only <c>||</c>, else 6.
/// Checking here turns a certain 400 into an immediate, clear error.
/// </summary>
internal static class TagRules
{
    public const int MaxTagLength = 120;
    public const int MaxOrOnlyTags = 20;
    public const int MaxMixedTags = 6;

    public static bool IsTagChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '_' or '@' or '#' or '.' or ':' or '-';

    public static void ValidateTag(string? tag, string paramName)
    {
        if (string.IsNullOrEmpty(tag) || tag.Length > MaxTagLength || !tag.All(IsTagChar))
        {
            throw new ArgumentException(
                $"Tags must be 1-{MaxTagLength} characters of A-Z a-z 0-9 _ @ # . : - (got '{tag}').", paramName);
        }
    }

    public static void ValidateExpression(string? expression, string paramName)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            throw new ArgumentException("The tag expression is empty.", paramName);
        }

        var tokens = Tokenize(expression, paramName);
        var parser = new Parser(tokens, expression, paramName);
        parser.ParseExpression();
        if (parser.Position != tokens.Count)
        {
            throw Invalid(expression, paramName, "unexpected " + Describe(tokens[parser.Position]));
        }

        var tagCount = tokens.Count(t => t.Kind == TokenKind.Tag);
        var orOnly = tokens.All(t => t.Kind is TokenKind.Tag or TokenKind.Or or TokenKind.Open or TokenKind.Close);
        var limit = orOnly ? MaxOrOnlyTags : MaxMixedTags;
        if (tagCount > limit)
        {
            throw Invalid(expression, paramName, orOnly
                ? $"{tagCount} tags; an expression of only || may hold at most {MaxOrOnlyTags}"
                : $"{tagCount} tags; an expression using && or ! may hold at most {MaxMixedTags}");
        }
    }

    private static List<Token> Tokenize(string expression, string paramName)
    {
        var tokens = new List<Token>();
        for (var i = 0; i < expression.Length;)
        {
            var c = expression[i];
            if (c == ' ')
            {
                i++;
            }
            else if (c is '(' or ')' or '!')
            {
                tokens.Add(new Token(c == '(' ? TokenKind.Open : c == ')' ? TokenKind.Close : TokenKind.Not, c.ToString()));
                i++;
            }
            else if (c is '&' or '|')
            {
                if (i + 1 >= expression.Length || expression[i + 1] != c)
                {
                    throw Invalid(expression, paramName, $"'{c}' at position {i} must be doubled ('&&' or '||')");
                }
                tokens.Add(new Token(c == '&' ? TokenKind.And : TokenKind.Or, new string(c, 2)));
                i += 2;
            }
            else if (IsTagChar(c))
            {
                var start = i;
                while (i < expression.Length && IsTagChar(expression[i]))
                {
                    i++;
                }
                if (i - start > MaxTagLength)
                {
                    throw Invalid(expression, paramName, $"the tag at position {start} is longer than {MaxTagLength} characters");
                }
                tokens.Add(new Token(TokenKind.Tag, expression[start..i]));
            }
            else
            {
                throw Invalid(expression, paramName,
                    string.Create(CultureInfo.InvariantCulture, $"character U+{(int)c:X4} at position {i} is not allowed"));
            }
        }
        return tokens;
    }

    private static ArgumentException Invalid(string expression, string paramName, string reason) =>
        new($"Invalid tag expression '{expression}': {reason}.", paramName);

    private static string Describe(Token token) => token.Kind == TokenKind.Tag ? $"tag '{token.Text}'" : $"'{token.Text}'";

    private enum TokenKind { Tag, And, Or, Not, Open, Close }

    private readonly record struct Token(TokenKind Kind, string Text);

    // expression := and ('||' and)* ; and := unary ('&&' unary)* ; unary := '!' unary | '(' expression ')' | tag
    private sealed class Parser(List<Token> tokens, string expression, string paramName)
    {
        public int Position { get; private set; }

        public void ParseExpression()
        {
            ParseAnd();
            while (Peek(TokenKind.Or))
            {
                Position++;
                ParseAnd();
            }
        }

        private void ParseAnd()
        {
            ParseUnary();
            while (Peek(TokenKind.And))
            {
                Position++;
                ParseUnary();
            }
        }

        private void ParseUnary()
        {
            if (Position >= tokens.Count)
            {
                throw Invalid(expression, paramName, "it ends where a tag was expected");
            }
            var token = tokens[Position++];
            switch (token.Kind)
            {
                case TokenKind.Tag:
                    return;
                case TokenKind.Not:
                    ParseUnary();
                    return;
                case TokenKind.Open:
                    ParseExpression();
                    if (!Peek(TokenKind.Close))
                    {
                        throw Invalid(expression, paramName, "a '(' is not closed");
                    }
                    Position++;
                    return;
                default:
                    throw Invalid(expression, paramName, "expected a tag but found " + Describe(token));
            }
        }

        private bool Peek(TokenKind kind) => Position < tokens.Count && tokens[Position].Kind == kind;
    }
}
