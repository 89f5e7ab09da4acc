namespace Chantra.Functions.Widget;

/// <summary>Settings of the embeddable widget (section <c>Widget</c>).</summary>
public sealed class WidgetOptions
{
    /// <summary>
    /// Origins (scheme://host[:port]) of the sites that embed the widget: they get CORS answers from
    /// the API and may frame <c>v1/widget/frame</c>. Nobody else does.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>The same origins as one space- or comma-separated setting (<c>Widget__AllowedOriginList</c>),
    /// the form an app setting in the Bicep template takes; added to <see cref="AllowedOrigins"/>.</summary>
    public string? AllowedOriginList { get; set; }

    /// <summary>What the QR code opens: one link that sends a phone to its own store.</summary>
    public string AppLink { get; set; } = "https://chantra.senate.go.th/app";

    public string AppStoreUrl { get; set; } = "https://apps.apple.com/th/app/chantra/id0000000000";

    public string PlayStoreUrl { get; set; } = "https://play.google.com/store/apps/details?id=th.go.senate.chantra";
}
