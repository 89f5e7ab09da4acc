using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Chantra.Azure.NotificationHubs;
using Chantra.Domain.Push;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Chantra.Tests.NotificationHubs;

/// <summary>
/// The Notification Hubs REST client against a local fake that checks tokens, api-version,
/// headers and bodies the way the service does.
/// </summary>
public sealed class NotificationHubsClientTests : IAsyncLifetime
{
    private const string Namespace = "chantra-ns";
    private const string Hub = "chantra-hub";
    private const string KeyName = "DefaultFullSharedAccessSignature";

    // base64("secret-key-for-tests-only"); a test value, not a real credential.
    private const string Key = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seQ==";

    private static readonly string RealResourceUri = $"https://{Namespace}.servicebus.windows.net/{Hub}";

    private FakeNotificationHubServer _server = null!;
    private readonly List<TimeSpan> _delays = [];
    private readonly ListLogger<NotificationHubsClient> _logger = new();
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() =>
        _server = await FakeNotificationHubServer.StartAsync(Namespace, Hub, KeyName, Key);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Template_send_reaches_the_hub_with_tags_format_header_and_properties_once()
    {
        var client = CreateClient();
        var properties = new Dictionary<string, string>
        {
            ["titleTh"] = "ร่างกฎหมายผ่านวาระแรก",
            ["bodyTh"] = "สภารับหลักการร่าง พ.ร.บ. แล้ว",
            ["titleEn"] = "Bill passed first reading",
            ["bodyEn"] = "The House accepted the bill in principle.",
        };

        await client.SendTemplateAsync(
            new PushNotification("bill:42 || ministry:moph", properties, "evt-0001"), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/{Hub}/messages/", request.Path);
        Assert.Equal("?api-version=2015-01", request.Query);
        Assert.Equal(201, request.Status);

        var send = Assert.Single(_server.Sends);
        Assert.Equal("bill:42 || ministry:moph", send.TagExpression);
        Assert.Equal(
            properties.OrderBy(p => p.Key, StringComparer.Ordinal),
            send.Properties.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal("template", send.Headers["ServiceBusNotification-Format"]);
        var contentType = MediaTypeHeaderValue.Parse(send.Headers["Content-Type"]);
        Assert.Equal("application/json", contentType.MediaType);
        Assert.Equal("utf-8", contentType.CharSet);
        Assert.StartsWith("SharedAccessSignature ", send.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Contains("ร่างกฎหมายผ่านวาระแรก", send.RawBody, StringComparison.Ordinal); // UTF-8, not \u escapes
        Assert.Empty(_delays);

        // One short Information line: tags, event id, status, attempts; no properties, no secrets.
        var line = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Information).Message;
        Assert.Contains("bill:42 || ministry:moph", line, StringComparison.Ordinal);
        Assert.Contains("evt-0001", line, StringComparison.Ordinal);
        Assert.Contains("201", line, StringComparison.Ordinal);
        Assert.Contains("1 attempt", line, StringComparison.Ordinal);
        Assert.DoesNotContain("ร่างกฎหมาย", line, StringComparison.Ordinal);
        Assert.All(_logger.Entries, e => AssertNoSecrets(e.Message, send.Headers["Authorization"]));
    }

    [Fact]
    public async Task Wrong_key_gets_401_and_surfaces_as_NotificationHubsException_without_retrying()
    {
        const string wrongKey = "d3Jvbmcta2V5LW5vdC10aGUtaHVicy1rZXk=";
        var client = CreateClient(key: wrongKey);

        var ex = await Assert.ThrowsAsync<NotificationHubsException>(() => client.SendTemplateAsync(
            new PushNotification("bill:42", Properties(), "evt-0002"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal(1, ex.Attempts);
        Assert.Equal(1, _server.RequestCount);
        Assert.Empty(_server.Sends);
        Assert.Empty(_delays);
        var request = Assert.Single(_server.Requests);
        Assert.Equal(401, request.Status);
        Assert.Equal(request.Headers["TrackingId"], ex.TrackingId);
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidSignature", ex.Message, StringComparison.Ordinal);
        AssertNoSecrets(ex.ToString(), request.Headers["Authorization"], wrongKey);
    }

    [Fact]
    public async Task Throttled_429_with_Retry_After_2_then_success_sends_once_after_a_2_second_wait()
    {
        var client = CreateClient();
        _server.Enqueue(HttpStatusCode.TooManyRequests, retryAfter: "2");

        await client.SendTemplateAsync(new PushNotification("bill:42", Properties(), "evt-0003"), CancellationToken.None);

        Assert.Equal([429, 201], _server.Requests.Select(r => r.Status));
        Assert.Single(_server.Sends);
        Assert.Equal([TimeSpan.FromSeconds(2)], _delays);
        var line = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Information).Message;
        Assert.Contains("2 attempt", line, StringComparison.Ordinal);
        Assert.Single(_logger.Entries, e => e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Retry_After_as_an_HTTP_date_is_honoured_and_any_wait_is_capped_at_MaxDelay()
    {
        // HTTP-dates have whole seconds; pin the client's clock to one.
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var client = CreateClient(time: new FixedTimeProvider(now));
        _server.Enqueue(HttpStatusCode.ServiceUnavailable, retryAfter: now.AddSeconds(5).ToString("R"));
        _server.Enqueue(HttpStatusCode.TooManyRequests, retryAfter: "120");

        await client.SendTemplateAsync(new PushNotification("bill:42", Properties(), "evt-0004"), CancellationToken.None);

        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)], _delays);
        Assert.Equal([503, 429, 201], _server.Requests.Select(r => r.Status));
        Assert.Single(_server.Sends);
    }

    [Fact]
    public async Task Permanent_500_gives_up_after_MaxAttempts_with_exponential_jittered_back_off()
    {
        var client = CreateClient(maxAttempts: 4);
        _server.AlwaysRespond(HttpStatusCode.InternalServerError);

        var ex = await Assert.ThrowsAsync<NotificationHubsException>(() => client.SendTemplateAsync(
            new PushNotification("bill:42", Properties(), "evt-0005"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.Equal(4, ex.Attempts);
        Assert.Equal(4, _server.RequestCount);
        Assert.Empty(_server.Sends);

        // Waits between attempts only: base 1 s doubling, each jittered into [half, full] of its step.
        Assert.Equal(3, _delays.Count);
        for (var i = 0; i < _delays.Count; i++)
        {
            var step = TimeSpan.FromSeconds(Math.Pow(2, i));
            Assert.InRange(_delays[i], step / 2, step);
        }
        Assert.DoesNotContain(_logger.Entries, e => e.Level == LogLevel.Information);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge)]
    public async Task Non_retryable_statuses_fail_after_one_attempt(HttpStatusCode status)
    {
        var client = CreateClient();
        _server.Enqueue(status);

        var ex = await Assert.ThrowsAsync<NotificationHubsException>(() => client.SendTemplateAsync(
            new PushNotification("bill:42", Properties(), "evt-0006"), CancellationToken.None));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(1, ex.Attempts);
        Assert.Equal(1, _server.RequestCount);
        Assert.Empty(_delays);
    }

    [Fact]
    public async Task Transport_failures_are_retried_then_reported_without_a_status()
    {
        // A port nothing listens on: every attempt is refused.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = CreateClient(endpoint: new Uri($"http://127.0.0.1:{port}/"), maxAttempts: 2);

        var ex = await Assert.ThrowsAsync<NotificationHubsException>(() => client.SendTemplateAsync(
            new PushNotification("bill:42", Properties(), "evt-0007"), CancellationToken.None));

        Assert.Null(ex.StatusCode);
        Assert.Equal(2, ex.Attempts);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Single(_delays);
    }

    [Fact]
    public async Task Installation_create_get_patch_get_delete_get_round_trips()
    {
        var client = CreateClient();
        var installation = new Installation(
            "install-7f3a",
            InstallationPlatform.Apns,
            "a1b2c3d4e5f60718293a4b5c6d7e8f90",
            Tags: ["lang:th", "bill:42"],
            Templates: new Dictionary<string, InstallationTemplate>
            {
                ["alert"] = new("{\"aps\":{\"alert\":{\"title\":\"$(titleTh)\",\"body\":\"$(bodyTh)\"}}}"),
            });

        await client.CreateOrUpdateInstallationAsync(installation);
        var created = await client.GetInstallationAsync("install-7f3a");

        Assert.NotNull(created);
        Assert.Equal("install-7f3a", created.InstallationId);
        Assert.Equal("apns", created.Platform);
        Assert.Equal("a1b2c3d4e5f60718293a4b5c6d7e8f90", created.PushChannel);
        Assert.Equal(["lang:th", "bill:42"], created.Tags!);
        Assert.Equal(installation.Templates!["alert"].Body, created.Templates!["alert"].Body);
        var stored = _server.GetStoredInstallation("install-7f3a")!;
        Assert.Equal(
            ["installationId", "platform", "pushChannel", "tags", "templates"],
            stored.Select(p => p.Key).Order(StringComparer.Ordinal));

        await client.PatchInstallationAsync("install-7f3a", [InstallationPatch.AddTag("ministry:moph")]);
        var patched = await client.GetInstallationAsync("install-7f3a");

        Assert.Equal(["lang:th", "bill:42", "ministry:moph"], patched!.Tags!);
        var patch = Assert.Single(_server.Requests, r => r.Method == "PATCH");
        Assert.Equal("application/json-patch+json", MediaTypeHeaderValue.Parse(patch.Headers["Content-Type"]).MediaType);

        await client.DeleteInstallationAsync("install-7f3a");
        Assert.Null(await client.GetInstallationAsync("install-7f3a"));

        // Deleting what is gone is still done; patching it is a 404 error, not retried.
        await client.DeleteInstallationAsync("install-7f3a");
        var ex = await Assert.ThrowsAsync<NotificationHubsException>(() =>
            client.PatchInstallationAsync("install-7f3a", [InstallationPatch.AddTag("x")]));
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal(1, ex.Attempts);
        Assert.Empty(_delays);
    }

    [Fact]
    public async Task Delete_counts_404_as_done_and_get_returns_null_for_404()
    {
        var client = CreateClient();
        _server.Enqueue(HttpStatusCode.NotFound);
        _server.Enqueue(HttpStatusCode.NotFound);

        await client.DeleteInstallationAsync("never-existed");
        var read = await client.GetInstallationAsync("never-existed");

        Assert.Null(read);
        Assert.Equal([404, 404], _server.Requests.Select(r => r.Status));
        Assert.Empty(_delays);
    }

    [Fact]
    public void Sas_token_matches_an_independently_computed_known_vector()
    {
        var connection = NotificationHubsConnection.Parse(
            FakeNotificationHubServer.ConnectionStringFor(Namespace, KeyName, Key));
        var expiry = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

        // Mixed case on purpose: the URI is lowercased before encoding and signing.
        var token = connection.CreateSasToken("https://Chantra-NS.servicebus.windows.net/Chantra-Hub", expiry);

        // Recomputed here from the documented algorithm, not with the client's code...
        var encodedUri = Uri.EscapeDataString(RealResourceUri.ToLowerInvariant()).ToLowerInvariant();
        var expectedSignature = Convert.ToBase64String(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(Key), Encoding.UTF8.GetBytes(encodedUri + "\n" + "1700000000")));
        // ...and pinned to the value Python's hmac/hashlib gives for the same inputs.
        Assert.Equal("OaAZ3fNCpjhIxmmWmqAvUgqGeiRD1vP8Rq9VgerSpok=", expectedSignature);

        const string scheme = "SharedAccessSignature ";
        Assert.StartsWith(scheme, token, StringComparison.Ordinal);
        var fields = token[scheme.Length..].Split('&').Select(f => f.Split('=', 2)).ToList();
        Assert.Equal(["sr", "sig", "se", "skn"], fields.Select(f => f[0]));
        var values = fields.ToDictionary(f => f[0], f => f[1]);
        Assert.Equal("https%3a%2f%2fchantra-ns.servicebus.windows.net%2fchantra-hub", values["sr"]);
        Assert.Equal(encodedUri, values["sr"]);
        Assert.DoesNotContain(values["sig"], c => c is '+' or '/' or '='); // URL-encoded
        Assert.Equal(expectedSignature, WebUtility.UrlDecode(values["sig"]));
        Assert.Equal("1700000000", values["se"]);
        Assert.Equal(KeyName, values["skn"]);
    }

    [Theory]
    [InlineData("Endpoint=sb://chantra-ns.servicebus.windows.net/;SharedAccessKeyName=Rule;SharedAccessKey=abc+def/ghi==")]
    [InlineData("sharedaccesskey=abc+def/ghi==;ENDPOINT=sb://chantra-ns.servicebus.windows.net/;sharedAccessKeyName=Rule;;")]
    [InlineData("  SharedAccessKeyName = Rule ; Endpoint=https://chantra-ns.servicebus.windows.net/ ; SharedAccessKey=abc+def/ghi==; EntityPath=ignored;")]
    public void Connection_string_parses_case_insensitive_keys_in_any_order(string connectionString)
    {
        var connection = NotificationHubsConnection.Parse(connectionString);

        Assert.Equal("chantra-ns.servicebus.windows.net", connection.Host);
        Assert.Equal("Rule", connection.KeyName);
        Assert.Equal("abc+def/ghi==", connection.Key);
        Assert.Equal(new Uri("https://chantra-ns.servicebus.windows.net/hub"), connection.GetHubResourceUri("hub"));
        Assert.DoesNotContain("abc+def", connection.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SharedAccessKeyName=Rule;SharedAccessKey=TopSecretKeyValue0123456789==")]
    [InlineData("Endpoint=sb://chantra-ns.servicebus.windows.net/;SharedAccessKey=TopSecretKeyValue0123456789==")]
    [InlineData("Endpoint=sb://chantra-ns.servicebus.windows.net/;SharedAccessKeyName=Rule")]
    [InlineData("Endpoint=not a uri;SharedAccessKeyName=Rule;SharedAccessKey=TopSecretKeyValue0123456789==")]
    [InlineData("Endpoint=ftp://chantra-ns.servicebus.windows.net/;SharedAccessKeyName=Rule;SharedAccessKey=TopSecretKeyValue0123456789==")]
    [InlineData("Endpoint=sb://chantra-ns.servicebus.windows.net/;SharedAccessKeyName=Rule;TopSecretKeyValue0123456789==")]
    [InlineData("Endpoint=sb://chantra-ns.servicebus.windows.net/;SharedAccessKeyName=Rule;SharedAccessKey=TopSecretKeyValue0123456789==;SharedAccessKey=TopSecretKeyValue0123456789==")]
    [InlineData("   ")]
    public void Malformed_connection_strings_fail_without_leaking_the_key(string connectionString)
    {
        var ex = Assert.Throws<FormatException>(() => NotificationHubsConnection.Parse(connectionString));

        Assert.DoesNotContain("TopSecret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789", ex.Message, StringComparison.Ordinal);
        Assert.Contains("connection string", ex.Message, StringComparison.Ordinal);

        // The client constructor surfaces the same error.
        var options = new NotificationHubsOptions { ConnectionString = connectionString, HubName = Hub };
        var fromClient = Assert.Throws<FormatException>(() =>
            new NotificationHubsClient(_http, options, _logger, TimeProvider.System));
        Assert.DoesNotContain("TopSecret", fromClient.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoint_override_sends_to_the_local_server_while_sr_names_the_real_hub()
    {
        var client = CreateClient();

        await client.SendTemplateAsync(new PushNotification("bill:42", Properties(), "evt-0008"), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal($"127.0.0.1:{_server.BaseUri.Port}", request.Headers["Host"]);
        var sr = Field(request.Headers["Authorization"], "sr");
        Assert.Equal(RealResourceUri, WebUtility.UrlDecode(sr));

        // Control: a token naming where the request actually went is refused, as the service would.
        var connection = NotificationHubsConnection.Parse(FakeNotificationHubServer.ConnectionStringFor(Namespace, KeyName, Key));
        using var wrongAudience = SendRequest(
            new Uri(_server.BaseUri, $"{Hub}/messages/?api-version=2015-01"),
            connection.CreateSasToken(new Uri(_server.BaseUri, Hub).AbsoluteUri, DateTimeOffset.UtcNow.AddHours(1)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.SendAsync(wrongAudience)).StatusCode);
    }

    [Fact]
    public async Task Token_expiry_is_the_time_providers_now_plus_TokenLifetime()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).AddMinutes(10);
        var client = CreateClient(time: new FixedTimeProvider(now), tokenLifetime: TimeSpan.FromMinutes(30));

        await client.SendTemplateAsync(new PushNotification("bill:42", Properties(), "evt-0009"), CancellationToken.None);

        var se = Field(Assert.Single(_server.Sends).Headers["Authorization"], "se");
        Assert.Equal(now.AddMinutes(30).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), se);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bill:42 ||")]
    [InlineData("|| bill:42")]
    [InlineData("bill:42 | ministry:moph")]
    [InlineData("bill:42 & ministry:moph")]
    [InlineData("bill/42")]
    [InlineData("bill:42 ministry:moph")]
    [InlineData("(bill:42 || bill:43")]
    [InlineData("bill:42)")]
    [InlineData("!")]
    [InlineData("ร่าง")]
    [InlineData("bill:42\r\nX-Injected: 1")]
    public async Task Invalid_tag_expressions_are_rejected_before_any_request(string expression)
    {
        var client = CreateClient();

        await Assert.ThrowsAsync<ArgumentException>(() => client.SendTemplateAsync(
            new PushNotification(expression, Properties(), "evt-0010"), CancellationToken.None));

        Assert.Equal(0, _server.RequestCount);
    }

    [Theory]
    [InlineData(21, " || ")]
    [InlineData(7, " && ")]
    public async Task Tag_expressions_over_the_documented_tag_limits_are_rejected(int tagCount, string separator)
    {
        var client = CreateClient();
        var expression = string.Join(separator, Enumerable.Range(1, tagCount).Select(i => $"bill:{i}"));

        await Assert.ThrowsAsync<ArgumentException>(() => client.SendTemplateAsync(
            new PushNotification(expression, Properties(), "evt-0011"), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SendTemplateAsync(
            new PushNotification(new string('a', 121), Properties(), "evt-0011"), CancellationToken.None));

        Assert.Equal(0, _server.RequestCount);
    }

    [Theory]
    [InlineData("bill:42")]
    [InlineData("user@example.com || topic#budget || lang_th.v2")]
    [InlineData("(bill:42 || bill:43) && !lang:en")]
    [InlineData("a1 || a2 || a3 || a4 || a5 || a6 || a7 || a8 || a9 || a10 || a11 || a12 || a13 || a14 || a15 || a16 || a17 || a18 || a19 || a20")]
    [InlineData("a1 && a2 && a3 && a4 && a5 && !a6")]
    public async Task Valid_tag_expressions_reach_the_hub_unchanged(string expression)
    {
        var client = CreateClient();

        await client.SendTemplateAsync(new PushNotification(expression, Properties(), "evt-0012"), CancellationToken.None);

        Assert.Equal(expression, Assert.Single(_server.Sends).TagExpression);
    }

    [Fact]
    public async Task Service_error_text_that_echoes_the_token_or_key_is_redacted()
    {
        using var http = new HttpClient(new EchoAuthorizationHandler(Key));
        var client = new NotificationHubsClient(
            http,
            new NotificationHubsOptions
            {
                ConnectionString = FakeNotificationHubServer.ConnectionStringFor(Namespace, KeyName, Key),
                HubName = Hub,
            },
            _logger,
            TimeProvider.System,
            RecordDelay);

        var ex = await Assert.ThrowsAsync<NotificationHubsException>(() => client.SendTemplateAsync(
            new PushNotification("bill:42", Properties(), "evt-0013"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("<redacted>", ex.Message, StringComparison.Ordinal);
        AssertNoSecrets(ex.ToString(), "SharedAccessSignature sr=");
        AssertNoSecrets(ex.Detail!, "SharedAccessSignature sr=");
    }

    [Fact]
    public async Task Fake_server_rejects_what_the_service_rejects()
    {
        var connection = NotificationHubsConnection.Parse(FakeNotificationHubServer.ConnectionStringFor(Namespace, KeyName, Key));
        var otherRule = NotificationHubsConnection.Parse(FakeNotificationHubServer.ConnectionStringFor(Namespace, "ListenOnly", Key));
        var messages = new Uri(_server.BaseUri, $"{Hub}/messages/?api-version=2015-01");
        var valid = connection.CreateSasToken(RealResourceUri, DateTimeOffset.UtcNow.AddHours(1));

        async Task<HttpStatusCode> Status(Uri uri, string? token, Action<HttpRequestMessage>? shape = null)
        {
            using var request = SendRequest(uri, token);
            shape?.Invoke(request);
            using var response = await _http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Created, await Status(messages, valid));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(messages, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(messages,
            connection.CreateSasToken(RealResourceUri, DateTimeOffset.UtcNow.AddMinutes(-1))));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(messages,
            otherRule.CreateSasToken(RealResourceUri, DateTimeOffset.UtcNow.AddHours(1))));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(messages, valid.Replace("&se=", "1&se=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, await Status(new Uri(_server.BaseUri, $"{Hub}/messages/"), valid));
        Assert.Equal(HttpStatusCode.BadRequest, await Status(new Uri(_server.BaseUri, $"{Hub}/messages/?api-version=2099-01"), valid));
        Assert.Equal(HttpStatusCode.BadRequest, await Status(messages, valid,
            r => r.Headers.Remove("ServiceBusNotification-Format")));
        Assert.Equal(HttpStatusCode.BadRequest, await Status(messages, valid,
            r => r.Headers.Remove("ServiceBusNotification-Tags")));
        Assert.Equal(HttpStatusCode.BadRequest, await Status(messages, valid,
            r => r.Content = new StringContent("{\"count\":1}", Encoding.UTF8, "application/json")));
        Assert.Equal(HttpStatusCode.BadRequest, await Status(messages, valid,
            r => r.Content = new StringContent("[\"a\"]", Encoding.UTF8, "application/json")));
        Assert.Single(_server.Sends);
    }

    private NotificationHubsClient CreateClient(
        string key = Key,
        int maxAttempts = 4,
        Uri? endpoint = null,
        TimeProvider? time = null,
        TimeSpan? tokenLifetime = null)
    {
        var options = new NotificationHubsOptions
        {
            ConnectionString = FakeNotificationHubServer.ConnectionStringFor(Namespace, KeyName, key),
            HubName = Hub,
            Endpoint = endpoint ?? _server.BaseUri,
            MaxAttempts = maxAttempts,
        };
        if (tokenLifetime is { } lifetime)
        {
            options.TokenLifetime = lifetime;
        }
        return new NotificationHubsClient(_http, options, _logger, time ?? TimeProvider.System, RecordDelay);
    }

    private Task RecordDelay(TimeSpan wait, CancellationToken cancellationToken)
    {
        lock (_delays)
        {
            _delays.Add(wait);
        }
        return Task.CompletedTask;
    }

    private static Dictionary<string, string> Properties() => new()
    {
        ["titleTh"] = "ชื่อเรื่อง",
        ["bodyTh"] = "เนื้อหา",
        ["titleEn"] = "Title",
        ["bodyEn"] = "Body",
    };

    // A template send shaped like the client's, for probing the fake directly.
    private static HttpRequestMessage SendRequest(Uri uri, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent("{\"title\":\"t\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("ServiceBusNotification-Format", "template");
        request.Headers.TryAddWithoutValidation("ServiceBusNotification-Tags", "bill:42");
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", token);
        }
        return request;
    }

    private static string Field(string token, string name) =>
        token["SharedAccessSignature ".Length..].Split('&')
            .Select(f => f.Split('=', 2))
            .Single(f => f[0] == name)[1];

    private static void AssertNoSecrets(string text, params string[] alsoForbidden)
    {
        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0LWtleS1mb3It", text, StringComparison.Ordinal); // a fragment of the key
        Assert.DoesNotMatch(@"sig=(?!<redacted>)", text);
        foreach (var forbidden in alsoForbidden)
        {
            Assert.DoesNotContain(forbidden, text, StringComparison.Ordinal);
        }
    }

    private sealed class ListLogger<T> : ILogger<T>
    {
        private readonly List<(LogLevel Level, string Message)> _entries = [];

        public IReadOnlyList<(LogLevel Level, string Message)> Entries
        {
            get { lock (_entries) return [.. _entries]; }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries)
            {
                _entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    // A misbehaving upstream that echoes the Authorization header and the key in its error body.
    private sealed class EchoAuthorizationHandler(string key) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var authorization = request.Headers.TryGetValues("Authorization", out var values) ? values.Single() : "";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent(
                    $"<Error><Code>400</Code><Detail>Bad token '{authorization}' (key {key}); sig={Uri.EscapeDataString("abc+/=")}</Detail></Error>"),
            });
        }
    }
}
