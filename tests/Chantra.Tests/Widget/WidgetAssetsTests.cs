using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Chantra.Functions.Widget;
using Microsoft.Extensions.Options;

namespace Chantra.Tests.Widget;

public sealed class WidgetAssetsTests
{
    private static readonly WidgetAssets Assets = new(Options.Create(new WidgetOptions()));

    [Fact]
    public void The_bundle_is_named_by_a_hash_of_its_bytes_and_the_loader_points_at_it()
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Assets.Bundle).AsSpan(0, 6));

        Assert.Equal($"chantra-widget.{hash}.js", Assets.BundleName);
        Assert.Contains(Assets.BundleName, Encoding.UTF8.GetString(Assets.Loader), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_app_link_makes_another_bundle()
    {
        var other = new WidgetAssets(Options.Create(new WidgetOptions { AppLink = "https://example.go.th/other" }));

        Assert.NotEqual(Assets.Hash, other.Hash);
    }

    [Fact]
    public void The_bundle_has_its_config_in_place_and_no_eval()
    {
        var js = Encoding.UTF8.GetString(Assets.Bundle);

        Assert.DoesNotContain("__CHANTRA_CONFIG__", js, StringComparison.Ordinal);
        Assert.DoesNotContain("eval(", js, StringComparison.Ordinal);
        Assert.DoesNotContain("new Function", js, StringComparison.Ordinal);
        Assert.Contains("play.google.com", js, StringComparison.Ordinal);
    }

    [Fact]
    public void The_widget_stays_within_its_budget()
    {
        // Budget (issue #10): a few tens of KB; gzipped, as browsers fetch it, well under 20 KB.
        var total = Assets.Bundle.Length + Assets.Loader.Length;
        Assert.True(total < 40_000, $"{total} bytes raw");
        Assert.True(Gzip(Assets.Bundle) + Gzip(Assets.Loader) < 20_000);
    }

    internal static int Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return (int)output.Length;
    }
}
