using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chantra.Tests.NotificationHubs;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, random port) that checks requests the way
/// Notification Hubs does: a well-formed SAS token naming the hub's real resource URI, signed
/// with the shared key, not expired (else 401); a supported api-version (else 400); for sends,
/// the template format header, a valid tag expression and a JSON object of strings (else 400).
/// Installations live in memory. Responses can be scripted (e.g. 429 then 200, or always 500).
/// Its checks are written independently of the client's code so a client bug is not mirrored.
/// </summary>
public sealed class FakeNotificationHubServer : IAsyncDisposable, IDisposable
{
    private static readonly HashSet<string> SupportedApiVersions =
        ["2015-01", "2015-04", "2015-08", "2016-03", "2016-07", "2017-04", "2020-06"];

    private static readonly HashSet<string> Platforms =
        new(["apns", "gcm", "fcmv1", "wns", "mpns", "adm", "baidu", "browser"], StringComparer.OrdinalIgnoreCase);

    private readonly WebApplication _app;
    private readonly string _keyName;
    private readonly byte[] _key;
    private readonly ConcurrentQueue<ScriptedResponse> _script = new();
    private readonly ConcurrentDictionary<string, JsonObject> _installations = new(StringComparer.Ordinal);
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<AcceptedSend> _sends = [];
    private readonly object _gate = new();
    private ScriptedResponse? _always;
    private int _disposed;

    private FakeNotificationHubServer(WebApplication app, string namespaceName, string hubName, string keyName, string key)
    {
        _app = app;
        NamespaceName = namespaceName;
        HubName = hubName;
        _keyName = keyName;
        _key = Encoding.UTF8.GetBytes(key);
        ResourceUri = $"https://{namespaceName}.servicebus.windows.net/{hubName}";
    }

    /// <summary>The namespace the fake pretends to be (its host is <c>{ns}.servicebus.windows.net</c>).</summary>
    public string NamespaceName { get; }

    /// <summary>The one hub it serves; other hub paths get 404.</summary>
    public string HubName { get; }

    /// <summary>The resource URI a token's <c>sr</c> must name.</summary>
    public string ResourceUri { get; }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Every request that reached the server, in order, with the status it got.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_gate) return [.. _requests]; }
    }

    /// <summary>How many requests reached the server.</summary>
    public int RequestCount
    {
        get { lock (_gate) return _requests.Count; }
    }

    /// <summary>Template sends that passed every check and were accepted.</summary>
    public IReadOnlyList<AcceptedSend> Sends
    {
        get { lock (_gate) return [.. _sends]; }
    }

    /// <summary>Starts a server for one namespace, hub and shared access rule.</summary>
    public static async Task<FakeNotificationHubServer> StartAsync(
        string namespaceName, string hubName, string keyName, string key)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeNotificationHubServer(app, namespaceName, hubName, keyName, key);
        app.Run(server.HandleAsync);
        await app.StartAsync();

        // Port 0 means Kestrel picked one; read what it actually bound.
        var address = app.Services.GetRequiredService<IServer>().Features
            .Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>A connection string for this server's namespace and rule.</summary>
    public static string ConnectionStringFor(string namespaceName, string keyName, string key) =>
        $"Endpoint=sb://{namespaceName}.servicebus.windows.net/;SharedAccessKeyName={keyName};SharedAccessKey={key}";

    /// <summary>Answers the next authenticated request with <paramref name="status"/> (and an
    /// optional raw <c>Retry-After</c> value) instead of handling it. Queued answers go first.</summary>
    public void Enqueue(HttpStatusCode status, string? retryAfter = null) =>
        _script.Enqueue(new ScriptedResponse(status, retryAfter));

    /// <summary>Answers every authenticated request with <paramref name="status"/> from now on.</summary>
    public void AlwaysRespond(HttpStatusCode status, string? retryAfter = null) =>
        _always = new ScriptedResponse(status, retryAfter);

    /// <summary>The stored installation JSON, or null.</summary>
    public JsonObject? GetStoredInstallation(string installationId) =>
        _installations.TryGetValue(installationId, out var stored) ? (JsonObject)stored.DeepClone() : null;

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;

        // The real service answers with a TrackingId header; echo the client's if it sent one.
        var trackingId = request.Headers["TrackingId"].ToString();
        context.Response.Headers["TrackingId"] = string.IsNullOrEmpty(trackingId) ? Guid.NewGuid().ToString() : trackingId;

        var status = await DispatchAsync(context);
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = (int)status;
        }

        lock (_gate)
        {
            _requests.Add(new RecordedRequest(
                request.Method,
                request.Path.Value ?? string.Empty,
                request.QueryString.Value ?? string.Empty,
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                (int)status));
        }
    }

    private async Task<HttpStatusCode> DispatchAsync(HttpContext context)
    {
        var request = context.Request;

        var authFailure = CheckAuthorization(request.Headers.Authorization.ToString());
        if (authFailure is not null)
        {
            return await Error(context, HttpStatusCode.Unauthorized, authFailure);
        }

        var apiVersion = request.Query["api-version"].ToString();
        if (string.IsNullOrEmpty(apiVersion) || !SupportedApiVersions.Contains(apiVersion))
        {
            return await Error(context, HttpStatusCode.BadRequest, "The api-version query parameter is missing or not supported.");
        }

        if ((_script.TryDequeue(out var scripted) ? scripted : _always) is { } answer)
        {
            if (answer.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = answer.RetryAfter;
            }
            return await Error(context, answer.Status, "Scripted response.");
        }

        var segments = (request.Path.Value ?? string.Empty).Trim('/').Split('/');
        if (segments.Length < 2 || !string.Equals(segments[0], HubName, StringComparison.OrdinalIgnoreCase))
        {
            return await Error(context, HttpStatusCode.NotFound, "No such hub.");
        }

        return (segments[1], segments.Length, request.Method) switch
        {
            ("messages", 2, "POST") => await AcceptSendAsync(context),
            ("installations", 3, "PUT") => await PutInstallationAsync(context, Uri.UnescapeDataString(segments[2])),
            ("installations", 3, "PATCH") => await PatchInstallationAsync(context, Uri.UnescapeDataString(segments[2])),
            ("installations", 3, "GET") => await GetInstallationAsync(context, Uri.UnescapeDataString(segments[2])),
            ("installations", 3, "DELETE") => DeleteInstallation(Uri.UnescapeDataString(segments[2])),
            _ => await Error(context, HttpStatusCode.NotFound, "No such resource."),
        };
    }

    // Null when the token is acceptable, else the reason for a 401.
    private string? CheckAuthorization(string header)
    {
        const string scheme = "SharedAccessSignature ";
        if (!header.StartsWith(scheme, StringComparison.Ordinal))
        {
            return "MissingToken: the Authorization header is not a SharedAccessSignature.";
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in header[scheme.Length..].Split('&'))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0 || !fields.TryAdd(pair[..equals], pair[(equals + 1)..]))
            {
                return "MalformedToken: bad or duplicate field.";
            }
        }
        if (!fields.TryGetValue("sr", out var rawResource) || !fields.TryGetValue("sig", out var rawSignature)
            || !fields.TryGetValue("se", out var rawExpiry) || !fields.TryGetValue("skn", out var rawKeyName))
        {
            return "MalformedToken: sr, sig, se and skn are required.";
        }

        var resource = WebUtility.UrlDecode(rawResource).TrimEnd('/');
        if (!string.Equals(resource, ResourceUri, StringComparison.OrdinalIgnoreCase))
        {
            return "InvalidAudience: the token's resource is not this hub.";
        }
        if (WebUtility.UrlDecode(rawKeyName) != _keyName)
        {
            return "UnknownKeyName: no such shared access rule.";
        }
        if (!long.TryParse(rawExpiry, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry)
            || expiry <= DateTimeOffset.UtcNow.ToUnixTimeSeconds())
        {
            return "ExpiredToken: the token has expired.";
        }

        // The signature covers sr exactly as sent (URL-encoded), a newline, and se.
        var expected = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(rawResource + "\n" + rawExpiry));
        byte[] actual;
        try
        {
            actual = Convert.FromBase64String(WebUtility.UrlDecode(rawSignature));
        }
        catch (FormatException)
        {
            return "MalformedToken: sig is not base64.";
        }
        return CryptographicOperations.FixedTimeEquals(expected, actual)
            ? null
            : "InvalidSignature: the token has an invalid signature.";
    }

    private async Task<HttpStatusCode> AcceptSendAsync(HttpContext context)
    {
        var request = context.Request;
        if (!string.Equals(request.Headers["ServiceBusNotification-Format"].ToString(), "template", StringComparison.OrdinalIgnoreCase))
        {
            return await Error(context, HttpStatusCode.BadRequest, "ServiceBusNotification-Format must be template.");
        }

        var tags = request.Headers["ServiceBusNotification-Tags"].ToString();
        if (!IsValidTagExpression(tags))
        {
            return await Error(context, HttpStatusCode.BadRequest, "The tag expression is missing or invalid.");
        }

        if (!IsJson(request, "application/json"))
        {
            return await Error(context, HttpStatusCode.BadRequest, "Content-Type must be application/json;charset=utf-8.");
        }

        string raw;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            raw = await reader.ReadToEndAsync();
        }
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(raw);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return await Error(context, HttpStatusCode.BadRequest, "The body must be a JSON object.");
            }
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    return await Error(context, HttpStatusCode.BadRequest, "Template properties must be strings.");
                }
                properties[property.Name] = property.Value.GetString()!;
            }
        }
        catch (JsonException)
        {
            return await Error(context, HttpStatusCode.BadRequest, "The body is not JSON.");
        }

        lock (_gate)
        {
            _sends.Add(new AcceptedSend(
                tags,
                properties,
                raw,
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        }
        return HttpStatusCode.Created;
    }

    private async Task<HttpStatusCode> PutInstallationAsync(HttpContext context, string installationId)
    {
        if (!IsJson(context.Request, "application/json"))
        {
            return await Error(context, HttpStatusCode.BadRequest, "Content-Type must be application/json.");
        }
        if (await ReadJsonAsync(context.Request) is not JsonObject body
            || body["installationId"]?.GetValueKind() != JsonValueKind.String
            || body["installationId"]!.GetValue<string>() != installationId
            || body["platform"]?.GetValueKind() != JsonValueKind.String
            || !Platforms.Contains(body["platform"]!.GetValue<string>())
            || body["pushChannel"]?.GetValueKind() != JsonValueKind.String
            || string.IsNullOrEmpty(body["pushChannel"]!.GetValue<string>())
            || !AreValidTags(body["tags"])
            || !AreValidTemplates(body["templates"]))
        {
            return await Error(context, HttpStatusCode.BadRequest, "The installation is malformed.");
        }

        _installations[installationId] = body;
        return HttpStatusCode.OK;
    }

    private async Task<HttpStatusCode> PatchInstallationAsync(HttpContext context, string installationId)
    {
        if (!IsJson(context.Request, "application/json-patch+json"))
        {
            return await Error(context, HttpStatusCode.BadRequest, "Content-Type must be application/json-patch+json.");
        }
        if (await ReadJsonAsync(context.Request) is not JsonArray operations || operations.Count == 0)
        {
            return await Error(context, HttpStatusCode.BadRequest, "The body must be a non-empty JSON Patch array.");
        }
        if (!_installations.TryGetValue(installationId, out var stored))
        {
            return await Error(context, HttpStatusCode.NotFound, "Installation not found.");
        }

        // Apply to a copy so a bad operation leaves the stored installation untouched.
        var updated = (JsonObject)stored.DeepClone();
        foreach (var node in operations)
        {
            if (node is not JsonObject operation || !ApplyPatch(updated, operation))
            {
                return await Error(context, HttpStatusCode.BadRequest, "Unsupported patch operation.");
            }
        }
        _installations[installationId] = updated;
        return HttpStatusCode.OK;
    }

    private async Task<HttpStatusCode> GetInstallationAsync(HttpContext context, string installationId)
    {
        if (!_installations.TryGetValue(installationId, out var stored))
        {
            return await Error(context, HttpStatusCode.NotFound, "Installation not found.");
        }
        var body = (JsonObject)stored.DeepClone();
        body["lastUpdate"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
        return HttpStatusCode.OK;
    }

    // The service answers 204 whether or not the installation existed.
    private HttpStatusCode DeleteInstallation(string installationId)
    {
        _installations.TryRemove(installationId, out _);
        return HttpStatusCode.NoContent;
    }

    private static bool ApplyPatch(JsonObject installation, JsonObject operation)
    {
        var op = operation["op"]?.GetValueKind() == JsonValueKind.String ? operation["op"]!.GetValue<string>() : null;
        var path = operation["path"]?.GetValueKind() == JsonValueKind.String ? operation["path"]!.GetValue<string>() : null;
        var value = operation["value"];
        if (op is null || path is null)
        {
            return false;
        }

        var parts = path.Trim('/').Split('/');
        switch (op, parts)
        {
            case ("add", ["tags"]):
                var tags = installation["tags"] as JsonArray ?? [];
                installation["tags"] = tags;
                var added = value switch
                {
                    JsonArray array => array.Select(t => t?.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null).ToList(),
                    JsonValue single when single.GetValueKind() == JsonValueKind.String => [single.GetValue<string>()],
                    _ => [null],
                };
                foreach (var tag in added)
                {
                    if (tag is null || !IsValidTag(tag))
                    {
                        return false;
                    }
                    if (!tags.Any(t => t!.GetValue<string>() == tag))
                    {
                        tags.Add(tag);
                    }
                }
                return true;

            case ("remove", ["tags", var tagToRemove]):
                if (installation["tags"] is JsonArray current)
                {
                    foreach (var match in current.Where(t => t!.GetValue<string>() == tagToRemove).ToList())
                    {
                        current.Remove(match);
                    }
                }
                return true;

            case ("add" or "replace", ["pushChannel" or "userId"]):
                if (value?.GetValueKind() != JsonValueKind.String)
                {
                    return false;
                }
                installation[parts[0]] = value.GetValue<string>();
                return true;

            case ("add" or "replace", ["templates", var name]):
                // The documented value is the template as a JSON string; accept an object too.
                JsonNode? template = value?.GetValueKind() == JsonValueKind.String
                    ? JsonNode.Parse(value.GetValue<string>())
                    : value?.DeepClone();
                if (template is not JsonObject templateObject || templateObject["body"]?.GetValueKind() != JsonValueKind.String)
                {
                    return false;
                }
                var templates = installation["templates"] as JsonObject ?? [];
                installation["templates"] = templates;
                templates[name] = templateObject;
                return true;

            case ("remove", ["templates", var nameToRemove]):
                (installation["templates"] as JsonObject)?.Remove(nameToRemove);
                return true;

            default:
                return false;
        }
    }

    private static bool IsJson(HttpRequest request, string mediaType)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed)
            || !string.Equals(parsed.MediaType.Value, mediaType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var charset = parsed.Charset.Value;
        return charset is null || string.Equals(charset, "utf-8", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool AreValidTags(JsonNode? tags) =>
        tags is null
        || (tags is JsonArray array && array.All(t => t?.GetValueKind() == JsonValueKind.String && IsValidTag(t.GetValue<string>())));

    private static bool AreValidTemplates(JsonNode? templates) =>
        templates is null
        || (templates is JsonObject map && map.All(t =>
            t.Value is JsonObject template
            && template["body"]?.GetValueKind() == JsonValueKind.String
            && AreValidTags(template["tags"])));

    // A tag: 1-120 of A-Z a-z 0-9 _ @ # . : -
    private static bool IsValidTag(string tag) =>
        tag.Length is > 0 and <= 120
        && tag.All(c => char.IsAsciiLetterOrDigit(c) || "_@#.:-".Contains(c, StringComparison.Ordinal));

    // Tags joined by ||, && and !, with parentheses; at most 20 tags when only || is used, else 6.
    // Checked by a scan for balanced parentheses and operand/operator alternation.
    private static bool IsValidTagExpression(string expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return false;
        }

        var tokens = new List<string>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c == ' ')
            {
                i++;
            }
            else if (c is '(' or ')' or '!')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (i + 1 < expression.Length && (expression.Substring(i, 2) is "&&" or "||"))
            {
                tokens.Add(expression.Substring(i, 2));
                i += 2;
            }
            else
            {
                var start = i;
                while (i < expression.Length && (char.IsAsciiLetterOrDigit(expression[i]) || "_@#.:-".Contains(expression[i], StringComparison.Ordinal)))
                {
                    i++;
                }
                if (i == start || !IsValidTag(expression[start..i]))
                {
                    return false;
                }
                tokens.Add("tag");
            }
        }

        var depth = 0;
        var expectOperand = true;
        foreach (var token in tokens)
        {
            switch (token)
            {
                case "tag" when expectOperand:
                    expectOperand = false;
                    break;
                case "!" or "(" when expectOperand:
                    depth += token == "(" ? 1 : 0;
                    break;
                case ")" when !expectOperand && depth > 0:
                    depth--;
                    break;
                case "&&" or "||" when !expectOperand:
                    expectOperand = true;
                    break;
                default:
                    return false;
            }
        }
        if (expectOperand || depth != 0)
        {
            return false;
        }

        var tagCount = tokens.Count(t => t == "tag");
        var onlyOr = !tokens.Any(t => t is "&&" or "!");
        return tagCount <= (onlyOr ? 20 : 6);
    }

    private static async Task<HttpStatusCode> Error(HttpContext context, HttpStatusCode status, string detail)
    {
        // Shaped like the service's error body.
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/xml; charset=utf-8";
        await context.Response.WriteAsync(
            $"<Error><Code>{(int)status}</Code><Detail>{WebUtility.HtmlEncode(detail)}</Detail></Error>");
        return status;
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>Stops the server.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private sealed record ScriptedResponse(HttpStatusCode Status, string? RetryAfter);
}

/// <summary>A request as the fake saw it.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    int Status);

/// <summary>A template send the fake accepted.</summary>
public sealed record AcceptedSend(
    string TagExpression,
    IReadOnlyDictionary<string, string> Properties,
    string RawBody,
    IReadOnlyDictionary<string, string> Headers);
