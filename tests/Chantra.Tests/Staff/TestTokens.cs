using System.Security.Cryptography;
using Chantra.Domain.Complaints;
using Chantra.Functions.Staff;
using Chantra.Tests.Functions;
using Chantra.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Chantra.Tests.Staff;

/// <summary>
/// Entra-shaped staff tokens signed with an RSA key made in the test, a fake tenant
/// configuration that publishes that key, and a clock the test moves. Staff function tests use
/// it to build a real <see cref="StaffAuthenticator"/>: <c>new TestTokens().Access()</c>.
/// </summary>
public sealed class TestTokens : IDisposable
{
    public const string TenantId = "8f3c1a52-6d4e-4b7a-9c21-0e5f7a9b3d10";
    public const string ClientId = "5b0d2e7c-1a3f-4c8e-b6d9-7f2a4e1c9b35";
    public const string ObjectId = "0c6e2b14-93d7-4f5a-8e21-b47a9d3c6f08";
    public const string Name = "สมชาย ใจดี";
    public const string Path = "/api/v1/staff/complaints";

    /// <summary>Years away from the wall clock, so a check that read the wall clock instead of the TimeProvider fails.</summary>
    public static readonly DateTimeOffset Now = new(2031, 3, 1, 2, 0, 0, TimeSpan.Zero);

    private readonly List<RSA> _rsas = [];

    public TestTokens()
    {
        Key = NewKey("key-1");
        Configuration = new FakeOidcConfiguration();
        Configuration.Published.Add(Key);
    }

    public static string V2Issuer => $"https://login.microsoftonline.com/{TenantId}/v2.0";

    public static string V1Issuer => $"https://sts.windows.net/{TenantId}/";

    /// <summary>The tenant's current signing key (kid <c>key-1</c>).</summary>
    public RsaSecurityKey Key { get; }

    public ManualTime Clock { get; } = new(Now);

    public FakeOidcConfiguration Configuration { get; }

    public CapturingLogger<StaffAuthenticator> Logger { get; } = new();

    public StaffAuthOptions Options { get; } = new() { TenantId = TenantId, ClientId = ClientId };

    /// <summary>A fresh 2048-bit RSA key (disposed with this object).</summary>
    public RsaSecurityKey NewKey(string kid)
    {
        var rsa = RSA.Create(2048);
        _rsas.Add(rsa);
        return new RsaSecurityKey(rsa) { KeyId = kid };
    }

    /// <summary>What Entra puts in a v2.0 access token for a signed-in staff member, valid for an hour from <see cref="Now"/>.</summary>
    public SecurityTokenDescriptor Descriptor(params string[] roles) => new()
    {
        Issuer = V2Issuer,
        Audience = ClientId,
        IssuedAt = Now.UtcDateTime.AddMinutes(-5),
        NotBefore = Now.UtcDateTime.AddMinutes(-5),
        Expires = Now.UtcDateTime.AddMinutes(55),
        SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256),
        Claims = new Dictionary<string, object>
        {
            ["tid"] = TenantId,
            ["oid"] = ObjectId,
            ["name"] = Name,
            ["preferred_username"] = "somchai@senate.example",
            ["roles"] = roles,
            ["ver"] = "2.0",
            ["azp"] = "3d9e1f40-2c7b-4a65-9f18-6b0e5d2a7c93",
        },
    };

    /// <summary>A token from <paramref name="descriptor"/>, with exactly its times (no defaults filled in from the wall clock).</summary>
    public static string Create(SecurityTokenDescriptor descriptor) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);

    public string Create(params string[] roles) => Create(Descriptor(roles));

    public string Create(Action<SecurityTokenDescriptor> change, params string[] roles)
    {
        var descriptor = Descriptor(roles);
        change(descriptor);
        return Create(descriptor);
    }

    public StaffAuthenticator Authenticator(IConfigurationManager<OpenIdConnectConfiguration>? configuration = null, StaffAuthOptions? options = null) =>
        new(configuration ?? Configuration, options ?? Options, Clock, Logger);

    public StaffAccess Access() => new(Authenticator());

    /// <summary>A request as the ASP.NET Core integration hands it to a function, with these Authorization header values.</summary>
    public static HttpContext Request(params string[] authorization)
    {
        var ctx = HttpCall.Request(Path);
        if (authorization.Length > 0)
        {
            ctx.Request.Headers.Authorization = new StringValues(authorization);
        }

        return ctx;
    }

    public static HttpContext Bearer(string token) => Request("Bearer " + token);

    public void Dispose()
    {
        foreach (var rsa in _rsas)
        {
            rsa.Dispose();
        }
    }
}

/// <summary>
/// The tenant's configuration as <see cref="ConfigurationManager{T}"/> serves it: fetched once and
/// cached, fetched again only after <see cref="RequestRefresh"/>. <see cref="Published"/> is what the
/// tenant publishes now; <see cref="Down"/> makes fetches fail as an unreachable endpoint does.
/// </summary>
public sealed class FakeOidcConfiguration : IConfigurationManager<OpenIdConnectConfiguration>
{
    private readonly object _gate = new();
    private OpenIdConnectConfiguration? _cached;
    private bool _refreshRequested;

    public List<SecurityKey> Published { get; } = [];

    public bool Down { get; set; }

    public int Fetches { get; private set; }

    public int RefreshRequests { get; private set; }

    public Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        lock (_gate)
        {
            if (_cached is null || _refreshRequested)
            {
                _refreshRequested = false;
                if (Down)
                {
                    // Stale metadata is better than none, as the real manager decides.
                    return _cached is not null
                        ? Task.FromResult(_cached)
                        : Task.FromException<OpenIdConnectConfiguration>(new InvalidOperationException("IDX20803: Unable to obtain configuration (test: the endpoint is down)."));
                }

                Fetches++;
                var configuration = new OpenIdConnectConfiguration { Issuer = TestTokens.V2Issuer };
                foreach (var key in Published)
                {
                    configuration.SigningKeys.Add(key);
                }

                _cached = configuration;
            }

            return Task.FromResult(_cached);
        }
    }

    public void RequestRefresh()
    {
        lock (_gate)
        {
            RefreshRequests++;
            _refreshRequested = true;
        }
    }
}

/// <summary>Keeps every log line, to check what was (and was not) logged.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get { lock (_entries) return [.. _entries]; }
    }

    public string Text => string.Join("\n", Entries.Select(e => e.Message));

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((logLevel, formatter(state, exception) + (exception is null ? string.Empty : "\n" + exception)));
        }
    }
}

/// <summary>Roles of the tests: the staff API's own, and one that is not it.</summary>
internal static class Roles
{
    public const string Manage = StaffRoles.ComplaintsManage;
    public const string Other = StaffRoles.LibraryManage;
}
