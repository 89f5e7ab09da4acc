using System.Text;
using Chantra.Functions.Widget;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Chantra.Tests.Widget;

public sealed class WidgetApiTests
{
    private static readonly WidgetAssets Assets = new(Options.Create(new WidgetOptions()));
    private static readonly WidgetApi Api = new(Assets, new WidgetCors(["https://www.example.go.th"]));

    private static async Task<(HttpResponse Response, string Body)> RunAsync(Func<HttpRequest, IActionResult> function, string query = "")
    {
        var http = new DefaultHttpContext();
        http.Request.QueryString = new QueryString(query);
        var body = new MemoryStream();
        http.Response.Body = body;
        await function(http.Request).ExecuteResultAsync(new ActionContext { HttpContext = http });
        return (http.Response, Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public async Task The_bundle_under_its_hash_is_cached_for_a_year_and_under_another_briefly()
    {
        var (current, body) = await RunAsync(r => Api.GetWidgetBundle(r, Assets.Hash));
        var (old, _) = await RunAsync(r => Api.GetWidgetBundle(r, "000000000000"));

        Assert.Equal("public, max-age=31536000, immutable", current.Headers.CacheControl.ToString());
        Assert.StartsWith("text/javascript", current.ContentType, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetString(Assets.Bundle), body);
        Assert.Equal("public, max-age=300", old.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task The_loader_is_cached_briefly_and_names_the_bundle()
    {
        var (response, body) = await RunAsync(Api.GetWidgetLoader);

        Assert.Equal("public, max-age=300", response.Headers.CacheControl.ToString());
        Assert.False(string.IsNullOrEmpty(response.Headers.ETag.ToString()));
        Assert.Contains(Assets.BundleName, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_frame_page_has_a_strict_CSP_framed_only_by_configured_origins()
    {
        var (response, body) = await RunAsync(Api.GetWidgetFrame, "?lang=en&ministry=moph");

        var csp = response.Headers.ContentSecurityPolicy.ToString();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.EndsWith("frame-ancestors 'self' https://www.example.go.th", csp, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", body, StringComparison.Ordinal);
        Assert.Contains("data-ministry=\"moph\"", body, StringComparison.Ordinal);
        Assert.Contains($"<script src=\"{Assets.BundleName}\" async></script>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("style", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_ministry_that_is_not_a_code_is_refused()
    {
        var (response, _) = await RunAsync(Api.GetWidgetFrame, "?ministry=%22%3E%3Cscript%3E");

        Assert.Equal(400, response.StatusCode);
    }
}
