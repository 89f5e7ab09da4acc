using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Chantra.Functions.Staff;
using Chantra.Tests.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Chantra.Tests.Staff;

/// <summary>
/// <see cref="StaffAuthenticator"/> and <see cref="StaffAccess"/> against tokens made with a key of
/// the test's own: the fake tenant configuration for the checks, and the real configuration
/// manager against a local discovery endpoint for fetching, caching and key rollover.
/// </summary>
public sealed class StaffAuthenticatorTests : IDisposable
{
    private const string InvalidToken = "Bearer error=\"invalid_token\"";

    private readonly TestTokens _tokens = new();

    public void Dispose() => _tokens.Dispose();

    private Task<StaffAuthResult> Authenticate(HttpContext ctx, string role = Roles.Manage) =>
        _tokens.Authenticator().AuthenticateAsync(ctx.Request, role, CancellationToken.None);

    private Task<StaffAuthResult> Authenticate(string token, string role = Roles.Manage) =>
        Authenticate(TestTokens.Bearer(token), role);

    // The reason (what the log says) shows the token failed the check the test names, not another one.
    private static void AssertUnauthenticated(StaffAuthResult result, string? reason = null, string challenge = InvalidToken)
    {
        Assert.Equal(StaffAuthOutcome.Unauthenticated, result.Outcome);
        if (reason is not null)
        {
            Assert.Equal(reason, result.Reason);
        }

        Assert.Equal(StatusCodes.Status401Unauthorized, result.StatusCode);
        Assert.Null(result.Member);
        Assert.Equal(challenge, result.Challenge);
    }

    [Fact]
    public async Task Valid_RS256_token_with_the_role_gives_the_member_with_oid_name_and_roles()
    {
        var result = await Authenticate(_tokens.Create(Roles.Manage, Roles.Other));

        Assert.Equal(StaffAuthOutcome.Authenticated, result.Outcome);
        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        Assert.Null(result.Challenge);
        var member = Assert.IsType<Chantra.Domain.Complaints.StaffMember>(result.Member);
        Assert.Equal(TestTokens.ObjectId, member.ObjectId);
        Assert.Equal(TestTokens.Name, member.Name);
        Assert.Equal([Roles.Manage, Roles.Other], member.Roles);
    }

    [Fact]
    public async Task Without_a_name_the_member_is_named_by_preferred_username()
    {
        var token = _tokens.Create(d => d.Claims.Remove("name"), Roles.Manage);

        var result = await Authenticate(token);

        Assert.Equal("somchai@senate.example", result.Member!.Name);
    }

    [Fact]
    public async Task Roles_as_a_single_string_work()
    {
        var token = _tokens.Create(d => d.Claims["roles"] = Roles.Manage);
        Assert.Contains("\"roles\":\"Complaints.Manage\"", Payload(token), StringComparison.Ordinal);

        var result = await Authenticate(token);

        Assert.Equal(StaffAuthOutcome.Authenticated, result.Outcome);
        Assert.Equal([Roles.Manage], result.Member!.Roles);
    }

    [Fact]
    public async Task The_scheme_is_case_insensitive()
    {
        var result = await Authenticate(TestTokens.Request("bEARER " + _tokens.Create(Roles.Manage)));

        Assert.Equal(StaffAuthOutcome.Authenticated, result.Outcome);
    }

    [Fact]
    public async Task Missing_header_is_401_with_a_bare_Bearer_challenge()
    {
        var result = await Authenticate(TestTokens.Request());

        AssertUnauthenticated(result, "no token", "Bearer");
        Assert.Equal(0, _tokens.Configuration.Fetches); // nothing to check, nothing fetched
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Token {token}")]
    [InlineData("{token}")]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Bearer abc.def.ghi")]
    [InlineData("Bearer {token} extra")]
    [InlineData("Bearer {token}, Bearer {token}")]
    [InlineData("Bearer {token}==")]
    public async Task Wrong_scheme_or_garbage_is_401(string header)
    {
        var result = await Authenticate(TestTokens.Request(header.Replace("{token}", _tokens.Create(Roles.Manage), StringComparison.Ordinal)));

        AssertUnauthenticated(result);
    }

    [Fact]
    public async Task Two_Authorization_headers_are_401_even_if_both_are_valid()
    {
        var token = _tokens.Create(Roles.Manage);

        var result = await Authenticate(TestTokens.Request("Bearer " + token, "Bearer " + token));

        AssertUnauthenticated(result, "more than one Authorization header");
    }

    [Fact]
    public async Task A_token_over_the_length_cap_is_401_before_any_key_is_fetched()
    {
        var token = _tokens.Create(d => d.Claims["padding"] = new string('x', StaffAuthenticator.MaxTokenLength), Roles.Manage);

        var result = await Authenticate(token);

        AssertUnauthenticated(result, "the Authorization header is not a well-formed Bearer token");
        Assert.Equal(0, _tokens.Configuration.Fetches);
    }

    [Fact]
    public async Task Token_signed_by_another_key_with_the_tenants_kid_is_401_and_asks_for_no_refresh()
    {
        var forger = _tokens.NewKey("key-1");
        var token = _tokens.Create(d => d.SigningCredentials = new SigningCredentials(forger, SecurityAlgorithms.RsaSha256), Roles.Manage);

        var result = await Authenticate(token);

        AssertUnauthenticated(result, "SecurityTokenInvalidSignatureException");
        Assert.Equal(0, _tokens.Configuration.RefreshRequests);
    }

    [Fact]
    public async Task Forged_tokens_with_made_up_kids_are_401_and_refresh_the_keys_at_most_once_per_interval()
    {
        var authenticator = _tokens.Authenticator();
        async Task<StaffAuthResult> Forge(string kid)
        {
            var forger = _tokens.NewKey(kid);
            var token = _tokens.Create(d => d.SigningCredentials = new SigningCredentials(forger, SecurityAlgorithms.RsaSha256), Roles.Manage);
            return await authenticator.AuthenticateAsync(TestTokens.Bearer(token).Request, Roles.Manage, CancellationToken.None);
        }

        AssertUnauthenticated(await Forge("made-up-1"), "SecurityTokenSignatureKeyNotFoundException");
        AssertUnauthenticated(await Forge("made-up-2"));
        AssertUnauthenticated(await Forge("made-up-3"));
        Assert.Equal(1, _tokens.Configuration.RefreshRequests);

        _tokens.Clock.Advance(StaffAuthenticator.RefreshInterval);
        AssertUnauthenticated(await Forge("made-up-4"));
        Assert.Equal(2, _tokens.Configuration.RefreshRequests);
    }

    [Fact]
    public async Task Expired_beyond_the_skew_is_401_and_within_it_still_valid()
    {
        var token = _tokens.Create(Roles.Manage); // expires at Now + 55 min
        var authenticator = _tokens.Authenticator();

        _tokens.Clock.Advance(TimeSpan.FromMinutes(55) + StaffAuthenticator.ClockSkew - TimeSpan.FromSeconds(1));
        var withinSkew = await authenticator.AuthenticateAsync(TestTokens.Bearer(token).Request, Roles.Manage, CancellationToken.None);
        _tokens.Clock.Advance(TimeSpan.FromSeconds(2));
        var beyondSkew = await authenticator.AuthenticateAsync(TestTokens.Bearer(token).Request, Roles.Manage, CancellationToken.None);

        Assert.Equal(StaffAuthOutcome.Authenticated, withinSkew.Outcome);
        AssertUnauthenticated(beyondSkew, "SecurityTokenInvalidLifetimeException");
    }

    [Fact]
    public async Task Not_yet_valid_beyond_the_skew_is_401_and_within_it_valid()
    {
        var early = _tokens.Create(d => d.NotBefore = TestTokens.Now.UtcDateTime.AddMinutes(10), Roles.Manage);
        var slightlyEarly = _tokens.Create(d => d.NotBefore = TestTokens.Now.UtcDateTime.AddMinutes(1), Roles.Manage);

        AssertUnauthenticated(await Authenticate(early), "SecurityTokenInvalidLifetimeException");
        Assert.Equal(StaffAuthOutcome.Authenticated, (await Authenticate(slightlyEarly)).Outcome);
    }

    [Fact]
    public async Task A_token_without_expiry_is_401()
    {
        var token = _tokens.Create(d => d.Expires = null, Roles.Manage);
        Assert.DoesNotContain("\"exp\"", Payload(token), StringComparison.Ordinal);

        AssertUnauthenticated(await Authenticate(token), "SecurityTokenInvalidLifetimeException");
    }

    [Fact]
    public async Task The_wall_clock_is_not_used_a_token_valid_now_by_the_wall_clock_is_expired_by_the_TimeProvider()
    {
        var wallNow = DateTime.UtcNow;
        var token = _tokens.Create(d => { d.IssuedAt = wallNow; d.NotBefore = wallNow; d.Expires = wallNow.AddHours(1); }, Roles.Manage);

        AssertUnauthenticated(await Authenticate(token), "SecurityTokenInvalidLifetimeException"); // the fake clock is years later
    }

    [Theory]
    [InlineData("3f8a0c2e-0000-4000-8000-000000000000")] // another API's client id
    [InlineData("api://3f8a0c2e-0000-4000-8000-000000000000")]
    [InlineData("https://graph.microsoft.com")]
    public async Task Wrong_audience_is_401(string audience)
    {
        AssertUnauthenticated(await Authenticate(_tokens.Create(d => d.Audience = audience, Roles.Manage)), "SecurityTokenInvalidAudienceException");
    }

    [Fact]
    public async Task The_application_id_uri_is_an_accepted_audience()
    {
        var result = await Authenticate(_tokens.Create(d => d.Audience = "api://" + TestTokens.ClientId, Roles.Manage));

        Assert.Equal(StaffAuthOutcome.Authenticated, result.Outcome);
    }

    [Fact]
    public async Task The_v1_issuer_of_the_tenant_is_accepted()
    {
        var result = await Authenticate(_tokens.Create(d => d.Issuer = TestTokens.V1Issuer, Roles.Manage));

        Assert.Equal(StaffAuthOutcome.Authenticated, result.Outcome);
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0")] // another tenant
    [InlineData("https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/")]
    [InlineData("https://login.microsoftonline.com/common/v2.0")]
    [InlineData("https://evil.example/8f3c1a52-6d4e-4b7a-9c21-0e5f7a9b3d10/v2.0")]
    public async Task Wrong_issuer_is_401(string issuer)
    {
        AssertUnauthenticated(await Authenticate(_tokens.Create(d => d.Issuer = issuer, Roles.Manage)), "SecurityTokenInvalidIssuerException");
    }

    [Fact]
    public async Task Another_tenants_tid_under_our_issuer_is_401()
    {
        AssertUnauthenticated(await Authenticate(_tokens.Create(d => d.Claims["tid"] = "72f988bf-86f1-41af-91ab-2d7cd011db47", Roles.Manage)), "tid is not the configured tenant");
        AssertUnauthenticated(await Authenticate(_tokens.Create(d => d.Claims.Remove("tid"), Roles.Manage)), "tid is not the configured tenant");
    }

    [Fact]
    public async Task A_token_without_oid_is_401()
    {
        AssertUnauthenticated(await Authenticate(_tokens.Create(d => d.Claims.Remove("oid"), Roles.Manage)), "no oid");
        AssertUnauthenticated(await Authenticate(_tokens.Create(d => d.Claims["oid"] = " ", Roles.Manage)), "no oid");
    }

    [Fact]
    public async Task Unsigned_alg_none_token_is_401()
    {
        var token = _tokens.Create(d => d.SigningCredentials = null, Roles.Manage);
        Assert.Contains("\"alg\":\"none\"", Header(token), StringComparison.Ordinal);
        Assert.EndsWith(".", token, StringComparison.Ordinal);

        AssertUnauthenticated(await Authenticate(token), "SecurityTokenInvalidSignatureException");
    }

    [Fact]
    public async Task HS256_token_keyed_with_the_RSA_public_key_is_401()
    {
        var rsa = _tokens.Key.Rsa;
        var secrets = new[]
        {
            Encoding.UTF8.GetBytes(rsa.ExportSubjectPublicKeyInfoPem()),
            rsa.ExportSubjectPublicKeyInfo(),
            rsa.ExportParameters(false).Modulus!,
        };

        foreach (var secret in secrets)
        {
            var hmacKey = new SymmetricSecurityKey(secret) { KeyId = _tokens.Key.KeyId };
            var token = _tokens.Create(d => d.SigningCredentials = new SigningCredentials(hmacKey, SecurityAlgorithms.HmacSha256), Roles.Manage);
            Assert.Contains("\"alg\":\"HS256\"", Header(token), StringComparison.Ordinal);

            AssertUnauthenticated(await Authenticate(token), "SecurityTokenInvalidSignatureException");
        }
    }

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha512)]
    [InlineData(SecurityAlgorithms.RsaSsaPssSha256)]
    public async Task Only_RS256_is_accepted_even_with_the_tenants_key(string algorithm)
    {
        var token = _tokens.Create(d => d.SigningCredentials = new SigningCredentials(_tokens.Key, algorithm), Roles.Manage);

        AssertUnauthenticated(await Authenticate(token), "SecurityTokenInvalidSignatureException");
    }

    [Fact]
    public async Task Valid_token_without_the_role_is_403()
    {
        foreach (var token in new[] { _tokens.Create(Roles.Other), _tokens.Create(), _tokens.Create(d => d.Claims.Remove("roles")), _tokens.Create("complaints.manage") })
        {
            var result = await Authenticate(token);

            Assert.Equal(StaffAuthOutcome.Forbidden, result.Outcome);
            Assert.Equal(StatusCodes.Status403Forbidden, result.StatusCode);
            Assert.Null(result.Member);
            Assert.Equal("Bearer error=\"insufficient_scope\"", result.Challenge);
        }
    }

    [Fact]
    public async Task Key_rollover_a_new_kid_triggers_one_refresh_and_then_validates()
    {
        var authenticator = _tokens.Authenticator();
        Assert.Equal(StaffAuthOutcome.Authenticated,
            (await authenticator.AuthenticateAsync(TestTokens.Bearer(_tokens.Create(Roles.Manage)).Request, Roles.Manage, CancellationToken.None)).Outcome);
        Assert.Equal(1, _tokens.Configuration.Fetches);

        // Entra publishes a new key; our cached configuration does not have it yet.
        var next = _tokens.NewKey("key-2");
        _tokens.Configuration.Published.Add(next);
        var token = _tokens.Create(d => d.SigningCredentials = new SigningCredentials(next, SecurityAlgorithms.RsaSha256), Roles.Manage);

        var first = await authenticator.AuthenticateAsync(TestTokens.Bearer(token).Request, Roles.Manage, CancellationToken.None);
        var second = await authenticator.AuthenticateAsync(TestTokens.Bearer(token).Request, Roles.Manage, CancellationToken.None);

        Assert.Equal(StaffAuthOutcome.Authenticated, first.Outcome);
        Assert.Equal(StaffAuthOutcome.Authenticated, second.Outcome);
        Assert.Equal(1, _tokens.Configuration.RefreshRequests);
        Assert.Equal(2, _tokens.Configuration.Fetches);
    }

    [Fact]
    public async Task Metadata_fetch_failure_is_503_not_401()
    {
        _tokens.Configuration.Down = true;

        var result = await Authenticate(_tokens.Create(Roles.Manage));

        Assert.Equal(StaffAuthOutcome.Unavailable, result.Outcome);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, result.StatusCode);
        Assert.Null(result.Challenge);
        Assert.Contains(_tokens.Logger.Entries, e => e.Level == LogLevel.Error);
    }

    [Theory]
    [InlineData("", TestTokens.ClientId)]
    [InlineData("contoso.onmicrosoft.com", TestTokens.ClientId)]
    [InlineData(TestTokens.TenantId, "")]
    public async Task Without_tenant_and_client_id_every_request_is_503(string tenantId, string clientId)
    {
        var options = new StaffAuthOptions { TenantId = tenantId, ClientId = clientId };

        var result = await _tokens.Authenticator(options: options)
            .AuthenticateAsync(TestTokens.Bearer(_tokens.Create(Roles.Manage)).Request, Roles.Manage, CancellationToken.None);

        Assert.Equal(StaffAuthOutcome.Unavailable, result.Outcome);
    }

    [Fact]
    public async Task The_token_is_never_logged()
    {
        var valid = _tokens.Create(Roles.Manage);
        var expired = _tokens.Create(d => d.Expires = TestTokens.Now.UtcDateTime.AddHours(-1), Roles.Manage);
        var wrongRole = _tokens.Create(Roles.Other);
        var forged = _tokens.Create(d => d.SigningCredentials = new SigningCredentials(_tokens.NewKey("made-up"), SecurityAlgorithms.RsaSha256), Roles.Manage);

        foreach (var token in new[] { valid, expired, wrongRole, forged, "not-a-jwt" + valid })
        {
            await Authenticate(token);
        }

        await _tokens.Authenticator(new FakeOidcConfiguration { Down = true })
            .AuthenticateAsync(TestTokens.Bearer(valid).Request, Roles.Manage, CancellationToken.None);

        Assert.NotEmpty(_tokens.Logger.Entries);
        foreach (var token in new[] { valid, expired, wrongRole, forged })
        {
            var signature = token.Split('.')[2];
            var payload = token.Split('.')[1];
            Assert.DoesNotContain(signature, _tokens.Logger.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(payload[..20], _tokens.Logger.Text, StringComparison.Ordinal);
        }
    }

    // StaffAccess: what a function returns.

    [Fact]
    public async Task StaffAccess_gives_the_member_and_no_answer_for_a_good_token()
    {
        var ctx = TestTokens.Bearer(_tokens.Create(Roles.Manage));

        var (member, denied) = await _tokens.Access().AuthorizeAsync(ctx.Request, Roles.Manage, CancellationToken.None);

        Assert.Null(denied);
        Assert.Equal(TestTokens.ObjectId, member!.ObjectId);
    }

    [Fact]
    public async Task StaffAccess_401_is_problem_json_in_Thai_and_English_with_the_challenge()
    {
        var ctx = TestTokens.Bearer("abc.def.ghi");

        var (member, denied) = await _tokens.Access().AuthorizeAsync(ctx.Request, Roles.Manage, CancellationToken.None);
        var answer = await HttpCall.ExecuteAsync(denied!, ctx);

        Assert.Null(member);
        Assert.Equal(401, answer.Status);
        Assert.Equal("application/problem+json; charset=utf-8", answer.ContentType);
        Assert.Equal(InvalidToken, answer.Headers.WWWAuthenticate.ToString());
        Assert.Equal("no-store", answer.Headers.CacheControl.ToString());
        var body = answer.Json;
        Assert.Equal(401, body.GetProperty("status").GetInt32());
        Assert.Equal("Not allowed.", body.GetProperty("title").GetString());
        Assert.Equal("ไม่ได้รับอนุญาต", body.GetProperty("titleTh").GetString());
        Assert.Contains("access token", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("โทเค็น", body.GetProperty("detailTh").GetString(), StringComparison.Ordinal);
        Assert.Equal(TestTokens.Path, body.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task StaffAccess_401_without_a_token_asks_to_sign_in()
    {
        var ctx = TestTokens.Request();

        var (_, denied) = await _tokens.Access().AuthorizeAsync(ctx.Request, Roles.Manage, CancellationToken.None);
        var answer = await HttpCall.ExecuteAsync(denied!, ctx);

        Assert.Equal(401, answer.Status);
        Assert.Equal("Bearer", answer.Headers.WWWAuthenticate.ToString());
        Assert.Contains("Sign in", answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffAccess_403_names_the_missing_role()
    {
        var ctx = TestTokens.Bearer(_tokens.Create(Roles.Other));

        var (member, denied) = await _tokens.Access().AuthorizeAsync(ctx.Request, Roles.Manage, CancellationToken.None);
        var answer = await HttpCall.ExecuteAsync(denied!, ctx);

        Assert.Null(member);
        Assert.Equal(403, answer.Status);
        Assert.Equal("application/problem+json; charset=utf-8", answer.ContentType);
        Assert.Equal("Bearer error=\"insufficient_scope\"", answer.Headers.WWWAuthenticate.ToString());
        var body = answer.Json;
        Assert.Equal("Forbidden.", body.GetProperty("title").GetString());
        Assert.Equal("ไม่มีสิทธิ์ดำเนินการ", body.GetProperty("titleTh").GetString());
        Assert.Equal("Your account does not have the Complaints.Manage role.", body.GetProperty("detail").GetString());
        Assert.Equal("บัญชีของคุณไม่มีบทบาท Complaints.Manage", body.GetProperty("detailTh").GetString());
    }

    [Fact]
    public async Task StaffAccess_503_has_Retry_After_and_no_challenge()
    {
        _tokens.Configuration.Down = true;
        var ctx = TestTokens.Bearer(_tokens.Create(Roles.Manage));

        var (member, denied) = await _tokens.Access().AuthorizeAsync(ctx.Request, Roles.Manage, CancellationToken.None);
        var answer = await HttpCall.ExecuteAsync(denied!, ctx);

        Assert.Null(member);
        Assert.Equal(503, answer.Status);
        Assert.Equal("30", answer.Headers.RetryAfter.ToString());
        Assert.Equal(0, answer.Headers.WWWAuthenticate.Count);
        var body = answer.Json;
        Assert.Equal("The service is not ready.", body.GetProperty("title").GetString());
        Assert.Equal("ระบบยังไม่พร้อมให้บริการ", body.GetProperty("titleTh").GetString());
    }

    // The real ConfigurationManager against a local discovery endpoint.

    [Fact]
    public async Task Real_configuration_manager_fetches_the_keys_once_and_picks_up_a_rolled_over_key()
    {
        await using var tenant = await LocalTenant.StartAsync(TestTokens.TenantId);
        tenant.Keys.Add(_tokens.Key);
        var options = new StaffAuthOptions { TenantId = TestTokens.TenantId, ClientId = TestTokens.ClientId, Instance = tenant.BaseUri.ToString() };
        using var http = new HttpClient();
        var manager = StaffAuthenticator.CreateConfigurationManager(options, http);
        var authenticator = _tokens.Authenticator(manager, options);
        var issuer = options.Issuers()[0];
        Assert.StartsWith("http://127.0.0.1:", issuer, StringComparison.Ordinal);

        var token = _tokens.Create(d => d.Issuer = issuer, Roles.Manage);
        var first = await authenticator.AuthenticateAsync(TestTokens.Bearer(token).Request, Roles.Manage, CancellationToken.None);
        var again = await authenticator.AuthenticateAsync(TestTokens.Bearer(token).Request, Roles.Manage, CancellationToken.None);

        Assert.Equal(StaffAuthOutcome.Authenticated, first.Outcome);
        Assert.Equal(StaffAuthOutcome.Authenticated, again.Outcome);
        Assert.Equal(1, tenant.Hits("openid-configuration"));
        Assert.Equal(1, tenant.Hits("keys"));

        // Rollover: the tenant publishes key-2 and signs with it.
        var next = _tokens.NewKey("key-2");
        tenant.Keys.Add(next);
        var rolled = _tokens.Create(d => { d.Issuer = issuer; d.SigningCredentials = new SigningCredentials(next, SecurityAlgorithms.RsaSha256); }, Roles.Manage);

        var afterRollover = await authenticator.AuthenticateAsync(TestTokens.Bearer(rolled).Request, Roles.Manage, CancellationToken.None);

        Assert.Equal(StaffAuthOutcome.Authenticated, afterRollover.Outcome);
        Assert.Equal(2, tenant.Hits("keys"));
    }

    [Fact]
    public async Task Real_configuration_manager_with_the_endpoint_failing_is_503()
    {
        await using var tenant = await LocalTenant.StartAsync(TestTokens.TenantId);
        tenant.Failing = true;
        var options = new StaffAuthOptions { TenantId = TestTokens.TenantId, ClientId = TestTokens.ClientId, Instance = tenant.BaseUri.ToString() };
        using var http = new HttpClient();
        var authenticator = _tokens.Authenticator(StaffAuthenticator.CreateConfigurationManager(options, http), options);
        var token = _tokens.Create(d => d.Issuer = options.Issuers()[0], Roles.Manage);

        var result = await authenticator.AuthenticateAsync(TestTokens.Bearer(token).Request, Roles.Manage, CancellationToken.None);

        Assert.Equal(StaffAuthOutcome.Unavailable, result.Outcome);
        Assert.True(tenant.Hits("openid-configuration") >= 1);
    }

    [Fact]
    public void Real_configuration_manager_reads_the_tenants_v2_discovery_document_over_https()
    {
        var options = new StaffAuthOptions { TenantId = TestTokens.TenantId, ClientId = TestTokens.ClientId };
        using var http = new HttpClient();

        var manager = StaffAuthenticator.CreateConfigurationManager(options, http);

        Assert.Equal($"https://login.microsoftonline.com/{TestTokens.TenantId}/v2.0/.well-known/openid-configuration", manager.MetadataAddress);
        Assert.Equal([$"https://login.microsoftonline.com/{TestTokens.TenantId}/v2.0", $"https://sts.windows.net/{TestTokens.TenantId}/"], options.Issuers());
        Assert.Equal([TestTokens.ClientId, "api://" + TestTokens.ClientId], options.Audiences());
    }

    [Fact]
    public void ValidIssuers_replaces_the_derived_issuers()
    {
        var options = new StaffAuthOptions { TenantId = TestTokens.TenantId, ClientId = TestTokens.ClientId, Instance = "https://login.microsoftonline.us", ValidIssuers = ["https://issuer.example/"] };

        Assert.Equal(["https://issuer.example/"], options.Issuers());
        Assert.Equal($"https://login.microsoftonline.us/{TestTokens.TenantId}/v2.0/.well-known/openid-configuration", options.MetadataAddress);
    }

    private static string Header(string token) => Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[0]));

    private static string Payload(string token) => Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[1]));

    /// <summary>
    /// A tenant's discovery endpoints on Kestrel (127.0.0.1, a free port): the v2.0 openid-configuration
    /// and the JWKS it points to, serving <see cref="Keys"/>; <see cref="Failing"/> answers 500.
    /// </summary>
    private sealed class LocalTenant : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly string _tenantId;
        private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);

        private LocalTenant(WebApplication app, string tenantId)
        {
            _app = app;
            _tenantId = tenantId;
        }

        public Uri BaseUri { get; private set; } = null!;

        public ConcurrentBag<RsaSecurityKey> Keys { get; } = [];

        public bool Failing { get; set; }

        public int Hits(string lastSegment) => _hits.GetValueOrDefault(lastSegment);

        public static async Task<LocalTenant> StartAsync(string tenantId)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var tenant = new LocalTenant(app, tenantId);
            app.Run(tenant.HandleAsync);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            tenant.BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
            return tenant;
        }

        private async Task HandleAsync(HttpContext context)
        {
            var path = context.Request.Path.Value ?? string.Empty;
            _hits.AddOrUpdate(path.Split('/')[^1], 1, (_, n) => n + 1);
            if (Failing)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }

            var authority = BaseUri + _tenantId;
            object? body = path switch
            {
                _ when path == $"/{_tenantId}/v2.0/.well-known/openid-configuration" => new Dictionary<string, object>
                {
                    ["issuer"] = authority + "/v2.0",
                    ["jwks_uri"] = authority + "/discovery/v2.0/keys",
                    ["authorization_endpoint"] = authority + "/oauth2/v2.0/authorize",
                    ["token_endpoint"] = authority + "/oauth2/v2.0/token",
                    ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                },
                _ when path == $"/{_tenantId}/discovery/v2.0/keys" => new Dictionary<string, object>
                {
                    ["keys"] = Keys.Select(Jwk).ToArray(),
                },
                _ => null,
            };

            if (body is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(body));
        }

        private static Dictionary<string, string> Jwk(RsaSecurityKey key)
        {
            var parameters = key.Rsa.ExportParameters(false);
            return new Dictionary<string, string>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = key.KeyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            };
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
