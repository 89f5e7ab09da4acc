using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Chantra.Azure.Complaints;
using Chantra.Domain.Complaints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chantra.Tests.Complaints;

/// <summary>
/// The Key Vault KEK against a local server that checks what Key Vault checks (bearer token,
/// api-version, alg, body shape, key and version) and does real RSA-OAEP-256 with its own keys.
/// </summary>
public sealed class KeyVaultKeyEncryptionKeyTests : IAsyncLifetime
{
    private const string Token = "test-access-token-not-a-secret";
    private const string KeyName = "complaint-kek";

    private readonly List<TimeSpan> _delays = [];
    private readonly ListLogger<KeyVaultKeyEncryptionKey> _logger = new();
    private readonly TestCredential _credential = new(Token);
    private readonly HttpClient _http = new();
    private FakeKeyVault _vault = null!;

    public async Task InitializeAsync() => _vault = await FakeKeyVault.StartAsync(KeyName, Token);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _vault.DisposeAsync();
    }

    [Fact]
    public async Task Wrap_uses_the_versionless_uri_and_reports_the_versioned_kid_and_unwrap_uses_it()
    {
        var kek = CreateKek();
        var dataKey = RandomNumberGenerator.GetBytes(32);

        var wrapped = await kek.WrapWithKeyIdAsync(dataKey, CancellationToken.None);
        var unwrapped = await kek.UnwrapAsync(wrapped.KeyId, wrapped.Value, CancellationToken.None);

        Assert.Equal(dataKey, unwrapped);
        Assert.Equal($"{_vault.KeyUri}/{_vault.CurrentVersion}", wrapped.KeyId);
        Assert.Equal(wrapped.KeyId, kek.KeyId);
        Assert.Equal(256, wrapped.Value.Length); // RSA-2048 output: really wrapped by the server's key

        var requests = _vault.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(("POST", $"/keys/{KeyName}/wrapkey", "?api-version=7.4", 200), (requests[0].Method, requests[0].Path, requests[0].Query, requests[0].Status));
        Assert.Equal(("POST", $"/keys/{KeyName}/{_vault.CurrentVersion}/unwrapkey", "?api-version=7.4", 200), (requests[1].Method, requests[1].Path, requests[1].Query, requests[1].Status));
        Assert.All(_credential.Scopes, scopes => Assert.Equal(new[] { "https://vault.azure.net/.default" }, scopes));
    }

    [Fact]
    public async Task Records_sealed_through_key_vault_reopen_after_a_rotation()
    {
        var protector = new PersonalDataProtector(CreateKek(), new InMemoryWrappedKeyStore());
        string wrapped;
        string sealedValue;
        using (var key = await protector.NewRecordKeyAsync(CancellationToken.None))
        {
            wrapped = key.Wrapped;
            sealedValue = key.Seal("ผู้ร้องเรียน 📨", "complaint:R-2569-7K3M9QH:name");
        }
        var firstVersion = _vault.CurrentVersion;
        Assert.StartsWith($"v1.{_vault.KeyUri}/{firstVersion}.", wrapped, StringComparison.Ordinal);

        _vault.Rotate();

        // A new process: nothing cached, the stored kid alone finds the old version.
        var after = new PersonalDataProtector(CreateKek(), new InMemoryWrappedKeyStore());
        using (var key = await after.OpenRecordKeyAsync(wrapped, CancellationToken.None))
        {
            Assert.Equal("ผู้ร้องเรียน 📨", key.Open(sealedValue, "complaint:R-2569-7K3M9QH:name"));
        }
        using (var fresh = await after.NewRecordKeyAsync(CancellationToken.None))
        {
            Assert.NotEqual(firstVersion, _vault.CurrentVersion);
            Assert.StartsWith($"v1.{_vault.KeyUri}/{_vault.CurrentVersion}.", fresh.Wrapped, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Throttling_and_server_errors_are_retried_honouring_retry_after()
    {
        var kek = CreateKek();
        _vault.Enqueue(HttpStatusCode.TooManyRequests, retryAfter: "3");
        _vault.Enqueue(HttpStatusCode.ServiceUnavailable);

        var wrapped = await kek.WrapWithKeyIdAsync(new byte[32], CancellationToken.None);

        Assert.Equal(new[] { 429, 503, 200 }, _vault.Requests.Select(r => r.Status));
        Assert.Equal(2, _delays.Count);
        Assert.Equal(TimeSpan.FromSeconds(3), _delays[0]);
        Assert.InRange(_delays[1], TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)); // second back-off step, jittered
        Assert.Equal(2, _logger.Entries.Count(e => e.Level == LogLevel.Warning));
        Assert.NotEmpty(wrapped.Value);
    }

    [Fact]
    public async Task Retries_run_out_with_an_exception_that_names_the_status()
    {
        var kek = CreateKek();
        _vault.AlwaysRespond(HttpStatusCode.InternalServerError);

        var ex = await Assert.ThrowsAsync<KeyVaultException>(() => kek.WrapAsync(new byte[32], CancellationToken.None));

        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.Equal(5, ex.Attempts);
        Assert.Equal(5, _vault.Requests.Count);
        Assert.Equal(4, _delays.Count);
    }

    [Fact]
    public async Task Transport_failures_are_retried_then_reported()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var kek = new KeyVaultKeyEncryptionKey(_http, _credential, new Uri($"http://127.0.0.1:{port}/keys/{KeyName}"), _logger, delay: RecordDelay);

        var ex = await Assert.ThrowsAsync<KeyVaultException>(() => kek.WrapAsync(new byte[32], CancellationToken.None));

        Assert.Null(ex.StatusCode);
        Assert.Equal(5, ex.Attempts);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public async Task A_refused_token_is_not_retried_and_not_repeated_in_the_error()
    {
        var kek = new KeyVaultKeyEncryptionKey(_http, new TestCredential("some-other-token"), _vault.KeyUri, _logger, delay: RecordDelay);

        var ex = await Assert.ThrowsAsync<KeyVaultException>(() => kek.WrapAsync(new byte[32], CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal(1, ex.Attempts);
        Assert.Empty(_delays);
        Assert.DoesNotContain("some-other-token", ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("Unauthorized", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_or_foreign_value_is_a_cryptographic_error()
    {
        var kek = CreateKek();
        var wrapped = await kek.WrapWithKeyIdAsync(RandomNumberGenerator.GetBytes(32), CancellationToken.None);
        var tampered = (byte[])wrapped.Value.Clone();
        tampered[10] ^= 0x01;

        await Assert.ThrowsAnyAsync<CryptographicException>(() => kek.UnwrapAsync(wrapped.KeyId, tampered, CancellationToken.None));
        Assert.Equal(400, _vault.Requests[^1].Status);

        // A version that does not exist: 404 from the vault.
        await Assert.ThrowsAnyAsync<CryptographicException>(() =>
            kek.UnwrapAsync($"{_vault.KeyUri}/00000000000000000000000000000000", wrapped.Value, CancellationToken.None));
        Assert.Equal(404, _vault.Requests[^1].Status);
    }

    [Theory]
    [InlineData("https://evil.example/keys/complaint-kek/0123456789abcdef")]
    [InlineData("local:deadbeef")]
    [InlineData("{keyUri}")]
    [InlineData("{keyUri}/")]
    [InlineData("{keyUri}/abc/unwrapkey")]
    [InlineData("{keyUri}/abc?x=1")]
    [InlineData("{base}keys/another-key/0123456789abcdef")]
    [InlineData("{keyUri}/../../keys/x")]
    public async Task A_key_id_that_is_not_a_version_of_the_configured_key_never_reaches_the_network(string keyId)
    {
        var kek = CreateKek();
        keyId = keyId.Replace("{keyUri}", _vault.KeyUri.AbsoluteUri, StringComparison.Ordinal)
            .Replace("{base}", _vault.BaseUri.AbsoluteUri, StringComparison.Ordinal);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => kek.UnwrapAsync(keyId, new byte[256], CancellationToken.None));

        Assert.Empty(_vault.Requests);
        Assert.Equal(0, _credential.Calls);
    }

    [Fact]
    public async Task Nothing_logged_or_thrown_carries_key_material()
    {
        var kek = CreateKek();
        var dataKey = RandomNumberGenerator.GetBytes(32);
        _vault.Enqueue(HttpStatusCode.ServiceUnavailable);
        var wrapped = await kek.WrapWithKeyIdAsync(dataKey, CancellationToken.None);
        _vault.AlwaysRespond(HttpStatusCode.BadGateway);
        var ex = await Assert.ThrowsAsync<KeyVaultException>(() => kek.UnwrapAsync(wrapped.KeyId, wrapped.Value, CancellationToken.None));

        var everything = string.Join("\n", _logger.Entries.Select(e => e.Message)) + ex;
        foreach (var secret in new[] { Base64Url.EncodeToString(dataKey), Base64Url.EncodeToString(wrapped.Value), Convert.ToBase64String(dataKey), Token })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("https://vault.vault.azure.net/keys/complaint-kek/0123456789abcdef")] // versioned
    [InlineData("https://vault.vault.azure.net/secrets/complaint-kek")]
    [InlineData("http://vault.vault.azure.net/keys/complaint-kek")] // tokens never in clear text
    [InlineData("https://vault.vault.azure.net/keys/complaint-kek?api-version=7.4")]
    [InlineData("https://vault.vault.azure.net/")]
    public void Only_a_versionless_https_key_uri_is_accepted(string uri)
    {
        Assert.Throws<ArgumentException>(() => new KeyVaultKeyEncryptionKey(_http, _credential, new Uri(uri)));
    }

    [Fact]
    public void A_trailing_slash_on_the_key_uri_is_fine()
    {
        var kek = new KeyVaultKeyEncryptionKey(_http, _credential, new Uri("https://vault.vault.azure.net/keys/complaint-kek/"));
        Assert.Equal("https://vault.vault.azure.net/keys/complaint-kek", kek.KeyId);
    }

    private KeyVaultKeyEncryptionKey CreateKek() =>
        new(_http, _credential, _vault.KeyUri, _logger, TimeProvider.System, RecordDelay);

    private Task RecordDelay(TimeSpan wait, CancellationToken cancellationToken)
    {
        lock (_delays)
        {
            _delays.Add(wait);
        }
        return Task.CompletedTask;
    }

    private sealed class TestCredential(string token) : TokenCredential
    {
        private int _calls;

        public int Calls => _calls;

        public ConcurrentBag<string[]> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Scopes.Add(requestContext.Scopes);
            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    private sealed class ListLogger<T> : ILogger<T>
    {
        private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

        public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. _entries];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _entries.Enqueue((logLevel, formatter(state, exception) + exception));
    }
}

/// <summary>
/// A Key Vault stand-in on 127.0.0.1: one RSA-2048 key with versions; <c>wrapkey</c>/<c>unwrapkey</c>
/// on <c>/keys/{name}[/{version}]</c>. Like the service it answers 401 without the right bearer
/// token, 400 for a missing or unknown api-version, a wrong alg, a body that is not exactly
/// <c>{alg, value}</c> with base64url, or a value that does not decrypt; 404 for an unknown key or version.
/// </summary>
internal sealed class FakeKeyVault : IAsyncDisposable
{
    private static readonly HashSet<string> ApiVersions = ["7.0", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6"];

    private readonly WebApplication _app;
    private readonly string _keyName;
    private readonly string _token;
    private readonly ConcurrentDictionary<string, RSA> _versions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(HttpStatusCode Status, string? RetryAfter)> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _gate = new();
    private HttpStatusCode? _always;

    private FakeKeyVault(WebApplication app, string keyName, string token)
    {
        _app = app;
        _keyName = keyName;
        _token = token;
        Rotate();
    }

    public Uri BaseUri { get; private set; } = null!;

    public Uri KeyUri => new(BaseUri, "keys/" + _keyName);

    public string CurrentVersion { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeKeyVault> StartAsync(string keyName, string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var vault = new FakeKeyVault(app, keyName, token);
        app.Run(vault.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        vault.BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        return vault;
    }

    /// <summary>A new key version becomes current; old ones still unwrap.</summary>
    public void Rotate()
    {
        var version = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _versions[version] = RSA.Create(2048);
        CurrentVersion = version;
    }

    public void Enqueue(HttpStatusCode status, string? retryAfter = null) => _script.Enqueue((status, retryAfter));

    public void AlwaysRespond(HttpStatusCode status) => _always = status;

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        foreach (var rsa in _versions.Values)
        {
            rsa.Dispose();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var status = await DispatchAsync(context);
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = (int)status;
        }
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", (int)status));
        }
    }

    private async Task<HttpStatusCode> DispatchAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.Authorization.ToString() != "Bearer " + _token)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer authorization=\"https://login.microsoftonline.com/tenant\", resource=\"https://vault.azure.net\"";
            return await Error(context, HttpStatusCode.Unauthorized, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
        }

        if (!_script.TryDequeue(out var scripted) && _always is { } always)
        {
            scripted = (always, null);
        }
        if (scripted != default)
        {
            if (scripted.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = scripted.RetryAfter;
            }
            return await Error(context, scripted.Status, "Throttled", "Scripted failure.");
        }

        var apiVersion = request.Query["api-version"].ToString();
        if (!ApiVersions.Contains(apiVersion))
        {
            return await Error(context, HttpStatusCode.BadRequest, "BadParameter", "The specified version is not supported.");
        }

        // /keys/{name}/{operation} or /keys/{name}/{version}/{operation}
        var segments = (request.Path.Value ?? "").Trim('/').Split('/');
        if (request.Method != "POST" || segments.Length is not (3 or 4) || segments[0] != "keys")
        {
            return await Error(context, HttpStatusCode.NotFound, "NotFound", "No such operation.");
        }
        if (!string.Equals(segments[1], _keyName, StringComparison.OrdinalIgnoreCase))
        {
            return await Error(context, HttpStatusCode.NotFound, "KeyNotFound", "A key with (name/id) was not found in this key vault.");
        }
        var version = segments.Length == 4 ? segments[2] : CurrentVersion;
        if (!_versions.TryGetValue(version, out var rsa))
        {
            return await Error(context, HttpStatusCode.NotFound, "KeyNotFound", "A key with (name/id) was not found in this key vault.");
        }
        var operation = segments[^1];
        if (operation is not ("wrapkey" or "unwrapkey"))
        {
            return await Error(context, HttpStatusCode.NotFound, "NotFound", "No such operation.");
        }

        if (!(request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return await Error(context, HttpStatusCode.UnsupportedMediaType, "BadParameter", "Content-Type must be application/json.");
        }

        byte[] value;
        try
        {
            var body = await JsonNode.ParseAsync(request.Body) as JsonObject
                ?? throw new JsonException("not an object");
            if (body.Count != 2 || body["alg"]?.GetValue<string>() is not { } alg || body["value"]?.GetValue<string>() is not { } text)
            {
                throw new JsonException("the body must be exactly {alg, value}");
            }
            if (alg != "RSA-OAEP-256")
            {
                return await Error(context, HttpStatusCode.BadRequest, "BadParameter", "Unsupported algorithm for this key.");
            }
            if (text.Length == 0 || text.Any(c => c is '+' or '/' or '='))
            {
                throw new FormatException("value must be unpadded base64url");
            }
            value = Base64Url.DecodeFromChars(text);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return await Error(context, HttpStatusCode.BadRequest, "BadParameter", "Property has invalid value: " + ex.Message);
        }

        byte[] result;
        try
        {
            result = operation == "wrapkey"
                ? rsa.Encrypt(value, RSAEncryptionPadding.OaepSHA256)
                : rsa.Decrypt(value, RSAEncryptionPadding.OaepSHA256);
        }
        catch (CryptographicException)
        {
            return await Error(context, HttpStatusCode.BadRequest, "BadParameter", "Unwrap failed.");
        }

        context.Response.StatusCode = 200;
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["kid"] = $"{KeyUri}/{version}",
            ["value"] = Base64Url.EncodeToString(result),
        });
        return HttpStatusCode.OK;
    }

    private static async Task<HttpStatusCode> Error(HttpContext context, HttpStatusCode status, string code, string message)
    {
        context.Response.StatusCode = (int)status;
        await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });
        return status;
    }

    public sealed record RecordedRequest(string Method, string Path, string Query, int Status);
}
