namespace Chantra.Functions.Staff;

/// <summary>
/// Settings of the staff APIs' Entra ID authentication (section <c>Auth</c>; in Azure the app
/// settings <c>Auth__TenantId</c> and <c>Auth__ClientId</c>).
/// </summary>
public sealed class StaffAuthOptions
{
    public const string Section = "Auth";

    /// <summary>The Entra tenant's id (a GUID): tokens must come from it (<c>tid</c> and issuer).</summary>
    public string TenantId { get; set; } = string.Empty;

    /// <summary>The staff API's application (client) id; tokens must name it, or <c>api://{ClientId}</c>, as audience.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The authority host; another cloud (or a local test server) has another.</summary>
    public string Instance { get; set; } = "https://login.microsoftonline.com/";

    /// <summary>Replaces the issuers derived from <see cref="Instance"/> and <see cref="TenantId"/> when set.</summary>
    public IList<string> ValidIssuers { get; set; } = [];

    /// <summary>Without a GUID tenant and a client id every staff request is refused (503), never let through.</summary>
    public bool IsConfigured => Guid.TryParse(TenantId, out _) && !string.IsNullOrWhiteSpace(ClientId);

    /// <summary><see cref="Instance"/> with exactly one trailing slash.</summary>
    public string Authority => Instance.TrimEnd('/') + "/" + TenantId.Trim();

    /// <summary>Where the tenant publishes its signing keys (the v2.0 discovery document).</summary>
    public string MetadataAddress => Authority + "/v2.0/.well-known/openid-configuration";

    /// <summary>The v2.0 issuer, and the v1 one that tokens of an app registration without
    /// <c>accessTokenAcceptedVersion: 2</c> carry; or <see cref="ValidIssuers"/>.</summary>
    public IReadOnlyList<string> Issuers() =>
        ValidIssuers.Count > 0
            ? [.. ValidIssuers]
            : [Authority + "/v2.0", $"https://sts.windows.net/{TenantId.Trim()}/"];

    /// <summary>v2.0 tokens name the client id, v1 tokens the application id URI.</summary>
    public IReadOnlyList<string> Audiences() => [ClientId.Trim(), "api://" + ClientId.Trim()];
}
