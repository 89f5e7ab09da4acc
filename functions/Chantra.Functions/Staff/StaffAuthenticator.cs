using Chantra.Domain.Complaints;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Chantra.Functions.Staff;

/// <summary>How a staff request fared.</summary>
public enum StaffAuthOutcome
{
    Authenticated,

    /// <summary>401: no token, or one we cannot trust.</summary>
    Unauthenticated,

    /// <summary>403: a good token without the role.</summary>
    Forbidden,

    /// <summary>503: the tenant's keys could not be had (or the app is not configured), so nothing can be checked.</summary>
    Unavailable,
}

/// <summary>The staff member, or why not; <see cref="Challenge"/> is the <c>WWW-Authenticate</c> value to send.</summary>
public sealed record StaffAuthResult(StaffAuthOutcome Outcome, StaffMember? Member, string? Challenge, string? Reason)
{
    // RFC 6750 §3.1: a request without credentials gets a bare challenge, one with bad credentials an error code.
    public const string BareChallenge = "Bearer";
    public const string InvalidTokenChallenge = "Bearer error=\"invalid_token\"";
    public const string InsufficientScopeChallenge = "Bearer error=\"insufficient_scope\"";

    public int StatusCode => Outcome switch
    {
        StaffAuthOutcome.Authenticated => StatusCodes.Status200OK,
        StaffAuthOutcome.Unauthenticated => StatusCodes.Status401Unauthorized,
        StaffAuthOutcome.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    public static StaffAuthResult Success(StaffMember member) => new(StaffAuthOutcome.Authenticated, member, null, null);

    /// <summary>True for a 401 to a request that sent no token at all (not a bad one).</summary>
    public bool NoTokenSent => Challenge == BareChallenge;

    public static StaffAuthResult NoToken() => new(StaffAuthOutcome.Unauthenticated, null, BareChallenge, "no token");

    public static StaffAuthResult BadToken(string reason) => new(StaffAuthOutcome.Unauthenticated, null, InvalidTokenChallenge, reason);

    public static StaffAuthResult MissingRole(string role) =>
        new(StaffAuthOutcome.Forbidden, null, InsufficientScopeChallenge, "missing role " + role);

    public static StaffAuthResult Unavailable(string reason) => new(StaffAuthOutcome.Unavailable, null, null, reason);
}

/// <summary>
/// Checks the Entra ID bearer token of a staff request in code: RS256 signature against the
/// tenant's published keys, issuer, audience, lifetime (on <see cref="TimeProvider"/>, 2 minutes'
/// skew), tenant, object id and app role. Keys come from the configuration manager, which caches
/// them; a token signed with a key we do not know yet asks it for a refresh (at most every
/// <see cref="RefreshInterval"/>), since Entra rolls its keys over.
/// </summary>
public sealed class StaffAuthenticator
{
    /// <summary>Entra access tokens are a few KB; anything far larger is not one.</summary>
    public const int MaxTokenLength = 16 * 1024;

    /// <summary>How far our clock and Entra's may disagree.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    /// <summary>How often an unknown signing key may trigger a refresh; the manager's own minimum too.</summary>
    public static readonly TimeSpan RefreshInterval = BaseConfigurationManager.DefaultRefreshInterval;

    // ConfigurationManager refreshes on a background task; how long a request waits for the new keys.
    private static readonly TimeSpan RefreshWait = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RefreshPoll = TimeSpan.FromMilliseconds(50);

    private readonly IConfigurationManager<OpenIdConnectConfiguration> _configuration;
    private readonly StaffAuthOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<StaffAuthenticator> _logger;
    private readonly JsonWebTokenHandler _handler = new() { MaximumTokenSizeInBytes = MaxTokenLength };
    private readonly IReadOnlyList<string> _issuers;
    private readonly IReadOnlyList<string> _audiences;
    private readonly object _refreshGate = new();
    private DateTimeOffset _nextRefresh = DateTimeOffset.MinValue;

    public StaffAuthenticator(
        IConfigurationManager<OpenIdConnectConfiguration> configuration,
        StaffAuthOptions options,
        TimeProvider time,
        ILogger<StaffAuthenticator> logger)
    {
        _configuration = configuration;
        _options = options;
        _time = time;
        _logger = logger;
        _issuers = options.Issuers();
        _audiences = options.Audiences();
    }

    /// <summary>
    /// The real configuration manager: the tenant's discovery document and JWKS over
    /// <paramref name="httpClient"/>, cached (12 h) and refreshed on request. HTTPS is required
    /// except on loopback, where only a test's local server can be.
    /// </summary>
    public static ConfigurationManager<OpenIdConnectConfiguration> CreateConfigurationManager(StaffAuthOptions options, HttpClient httpClient)
    {
        var address = options.MetadataAddress;
        var loopback = Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.IsLoopback;
        var retriever = new HttpDocumentRetriever(httpClient) { RequireHttps = !loopback };
        return new ConfigurationManager<OpenIdConnectConfiguration>(address, new OpenIdConnectConfigurationRetriever(), retriever);
    }

    public async Task<StaffAuthResult> AuthenticateAsync(HttpRequest request, string requiredRole, CancellationToken cancellationToken)
    {
        var result = await CheckAsync(request, requiredRole, cancellationToken);
        switch (result.Outcome)
        {
            case StaffAuthOutcome.Authenticated:
                break;
            case StaffAuthOutcome.Unavailable:
                _logger.LogError("Staff request to {Path} refused: {Reason}", request.Path.Value, result.Reason);
                break;
            case StaffAuthOutcome.Unauthenticated when result.NoTokenSent:
                _logger.LogInformation("Staff request to {Path} without a token", request.Path.Value);
                break;
            default:
                // The reason names what failed, never the token.
                _logger.LogWarning("Staff request to {Path} refused ({Status}): {Reason}", request.Path.Value, result.StatusCode, result.Reason);
                break;
        }

        return result;
    }

    private async Task<StaffAuthResult> CheckAsync(HttpRequest request, string requiredRole, CancellationToken cancellationToken)
    {
        if (!_options.IsConfigured)
        {
            return StaffAuthResult.Unavailable("Auth:TenantId (a GUID) and Auth:ClientId are not configured");
        }

        var authorization = request.Headers.Authorization;
        if (authorization.Count == 0)
        {
            return StaffAuthResult.NoToken();
        }

        if (authorization.Count > 1)
        {
            return StaffAuthResult.BadToken("more than one Authorization header");
        }

        var token = BearerToken(authorization[0]);
        if (token is null)
        {
            return StaffAuthResult.BadToken("the Authorization header is not a well-formed Bearer token");
        }

        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await _configuration.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return StaffAuthResult.Unavailable("the tenant's signing keys could not be fetched: " + ex.GetType().Name);
        }

        var validation = await ValidateAsync(token, configuration);
        if (validation.Exception is SecurityTokenSignatureKeyNotFoundException
            && await RefreshedAsync(configuration, cancellationToken) is { } refreshed)
        {
            validation = await ValidateAsync(token, refreshed);
        }

        if (!validation.IsValid)
        {
            return StaffAuthResult.BadToken(validation.Exception?.GetType().Name ?? "invalid token");
        }

        return Member(validation, requiredRole);
    }

    // "Bearer <token>", the scheme in any case; the token only of base64url characters and dots.
    private static string? BearerToken(string? header)
    {
        if (string.IsNullOrEmpty(header) || header.Length > MaxTokenLength + 7)
        {
            return null;
        }

        var space = header.IndexOf(' ');
        if (space <= 0 || !header.AsSpan(0, space).Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header.AsSpan(space + 1).Trim(' ');
        if (token.IsEmpty || token.Length > MaxTokenLength)
        {
            return null;
        }

        foreach (var c in token)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return null;
            }
        }

        return token.ToString();
    }

    private async Task<TokenValidationResult> ValidateAsync(string token, OpenIdConnectConfiguration configuration)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuers = _issuers,
            ValidAudiences = _audiences,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ClockSkew = ClockSkew,

            // The handler's own check reads the wall clock; ours reads the TimeProvider, so tests can move time.
            LifetimeValidator = LifetimeIsValid,
        };

        try
        {
            return await _handler.ValidateTokenAsync(token, parameters);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException)
        {
            return new TokenValidationResult { IsValid = false, Exception = ex };
        }
    }

    private bool LifetimeIsValid(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        if (expires is null)
        {
            return false;
        }

        var now = _time.GetUtcNow().UtcDateTime;
        return (notBefore is null || (notBefore <= expires && notBefore <= now + ClockSkew))
            && expires >= now - ClockSkew;
    }

    /// <summary>
    /// A configuration with the keys published since <paramref name="stale"/>, or null when there is
    /// none or a refresh was asked for too recently (so a stream of tokens with made-up key ids
    /// cannot make us hammer the metadata endpoint).
    /// </summary>
    private async Task<OpenIdConnectConfiguration?> RefreshedAsync(OpenIdConnectConfiguration stale, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        lock (_refreshGate)
        {
            if (now < _nextRefresh)
            {
                return null;
            }

            _nextRefresh = now + RefreshInterval;
        }

        _logger.LogInformation("A staff token is signed with a key not in the tenant's configuration; refreshing the keys");
        _configuration.RequestRefresh();
        var waited = TimeSpan.Zero;
        while (true)
        {
            try
            {
                var fresh = await _configuration.GetConfigurationAsync(cancellationToken);
                if (!ReferenceEquals(fresh, stale))
                {
                    return fresh;
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning("Refreshing the tenant's signing keys failed: {Error}", ex.GetType().Name);
                return null;
            }

            if (waited >= RefreshWait)
            {
                return null;
            }

            // Real time, not the TimeProvider: this waits for a fetch over the network.
            await Task.Delay(RefreshPoll, cancellationToken);
            waited += RefreshPoll;
        }
    }

    private StaffAuthResult Member(TokenValidationResult validation, string requiredRole)
    {
        if (validation.SecurityToken is not JsonWebToken jwt)
        {
            return StaffAuthResult.BadToken("not a JSON web token");
        }

        // The issuer names the tenant, but the v1 and v2 issuers are easy to override; tid is what Entra promises.
        if (!jwt.TryGetPayloadValue<string>("tid", out var tid) || !Guid.TryParse(tid, out var tenant)
            || tenant != Guid.Parse(_options.TenantId))
        {
            return StaffAuthResult.BadToken("tid is not the configured tenant");
        }

        if (!jwt.TryGetPayloadValue<string>("oid", out var oid) || string.IsNullOrWhiteSpace(oid))
        {
            return StaffAuthResult.BadToken("no oid");
        }

        // The handler flattens a JSON array into one claim per value, and a single string into one claim.
        var roles = jwt.Claims.Where(c => c.Type == "roles").Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList();
        if (!roles.Contains(requiredRole, StringComparer.Ordinal))
        {
            return StaffAuthResult.MissingRole(requiredRole);
        }

        var name = jwt.TryGetPayloadValue<string>("name", out var n) && !string.IsNullOrWhiteSpace(n) ? n
            : jwt.TryGetPayloadValue<string>("preferred_username", out var u) && !string.IsNullOrWhiteSpace(u) ? u
            : null;
        return StaffAuthResult.Success(new StaffMember(oid, name, roles));
    }
}
