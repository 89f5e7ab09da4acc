using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using QRCoder;

namespace Chantra.Functions.Widget;

/// <summary>
/// The widget's files, built once at start-up from the embedded resources: the bundle (script with
/// its stylesheet, app links and QR code inside, so the host page needs no style-src or img-src for
/// it) named by a hash of its bytes, and the small loader that points at that name.
/// </summary>
public sealed class WidgetAssets
{
    public const string BundlePrefix = "chantra-widget.";

    public WidgetAssets(IOptions<WidgetOptions> options)
    {
        var o = options.Value;
        var css = Resource("widget.css");
        StyleHash = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(css))) + "'";
        var config = JsonSerializer.Serialize(new
        {
            css,
            qr = QrPath(o.AppLink),
            appLink = o.AppLink,
            appStore = o.AppStoreUrl,
            play = o.PlayStoreUrl,
        });
        Bundle = Encoding.UTF8.GetBytes(Resource("widget.js").Replace("\"__CHANTRA_CONFIG__\"", config, StringComparison.Ordinal));
        Hash = Convert.ToHexStringLower(SHA256.HashData(Bundle).AsSpan(0, 6));
        BundleName = BundlePrefix + Hash + ".js";
        Loader = Encoding.UTF8.GetBytes(Resource("loader.js").Replace("__BUNDLE__", BundleName, StringComparison.Ordinal));
    }

    /// <summary>The first 48 bits of the SHA-256 of <see cref="Bundle"/>, hex: plenty to tell releases apart.</summary>
    public string Hash { get; }

    public string BundleName { get; }

    /// <summary>
    /// The CSP source of the stylesheet's hash (<c>'sha256-…'</c>). Browsers without constructable stylesheets get the
    /// stylesheet as a <c>&lt;style&gt;</c> element, which a strict <c>style-src</c> allows only by this hash; it changes with the stylesheet.
    /// </summary>
    public string StyleHash { get; }

    public byte[] Bundle { get; }

    public byte[] Loader { get; }

    /// <summary>
    /// The QR code as one SVG path of dark runs (quiet zone included) and its size in modules: the
    /// script draws it with DOM calls, which no CSP restricts, and it stays sharp at any size.
    /// </summary>
    internal static object QrPath(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var rows = data.ModuleMatrix;
        var d = new StringBuilder();
        for (var y = 0; y < rows.Count; y++)
        {
            var row = rows[y];
            for (var x = 0; x < row.Length; x++)
            {
                if (!row[x])
                {
                    continue;
                }

                var start = x;
                while (x + 1 < row.Length && row[x + 1])
                {
                    x++;
                }

                d.Append(CultureInfo.InvariantCulture, $"M{start} {y}h{x - start + 1}v1h-{x - start + 1}z");
            }
        }

        return new { size = rows.Count, d = d.ToString() };
    }

    private static string Resource(string name)
    {
        using var stream = typeof(WidgetAssets).Assembly.GetManifestResourceStream("Chantra.Functions.Widget." + name)
            ?? throw new InvalidOperationException($"The widget resource {name} is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
