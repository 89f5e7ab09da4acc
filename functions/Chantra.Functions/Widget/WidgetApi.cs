using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Chantra.Functions.Widget;

/// <summary>
/// The embeddable widget, served by the function app itself: the hashed bundle (cached for a year),
/// the stable loader a site puts in its page (cached briefly, so a release reaches sites within
/// minutes), and a page to put in an iframe for sites that allow no scripts.
/// </summary>
public sealed partial class WidgetApi(WidgetAssets assets, WidgetCors cors)
{
    private const string JavaScript = "text/javascript; charset=utf-8";
    private const string Immutable = "public, max-age=31536000, immutable";
    private const string Short = "public, max-age=300";

    [Function(nameof(GetWidgetLoader))]
    public IActionResult GetWidgetLoader(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/widget/loader.js")] HttpRequest req) =>
        new ContentApiResult(assets.Loader, JavaScript, Short);

    [Function(nameof(GetWidgetBundle))]
    public IActionResult GetWidgetBundle(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/widget/chantra-widget.{hash}.js")] HttpRequest req,
        string hash)
    {
        // An old hash (a loader cached across a release) still gets a working widget, but not for a year.
        var current = string.Equals(hash, assets.Hash, StringComparison.Ordinal);
        return new ContentApiResult(assets.Bundle, JavaScript, current ? Immutable : Short);
    }

    [Function(nameof(GetWidgetFrame))]
    public IActionResult GetWidgetFrame(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/widget/frame")] HttpRequest req)
    {
        var lang = req.Query["lang"].ToString() == "en" ? "en" : "th";
        var ministry = req.Query["ministry"].ToString();
        if (ministry.Length > 0 && !MinistryCode().IsMatch(ministry))
        {
            return ProblemResult.BadRequest([new FieldError("ministry", "A ministry code is 1–64 letters, digits, '.', '_' or '-'.",
                "รหัสกระทรวงต้องเป็นตัวอักษรอังกฤษ ตัวเลข หรือ . _ - ยาว 1–64 ตัว")]);
        }

        // Only the configured sites may frame it, as only they get CORS answers.
        var ancestors = string.Join(' ', new[] { "'self'" }.Concat(cors.Origins));
        req.HttpContext.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; style-src {assets.StyleHash}; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}";
        req.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        req.HttpContext.Response.Headers["Referrer-Policy"] = "no-referrer";

        var title = lang == "en" ? "Chantra – the Senate live" : "จันทรา – วุฒิสภาวันนี้";
        var ministryAttr = ministry.Length > 0 ? $" data-ministry=\"{WebUtility.HtmlEncode(ministry)}\"" : string.Empty;
        var html = $"""
            <!doctype html>
            <html lang="{lang}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head>
            <body><main><div data-chantra-widget data-lang="{lang}"{ministryAttr} data-api="../"></div></main>
            <script src="{assets.BundleName}" async></script></body>
            </html>
            """;
        return new ContentApiResult(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", Short);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex MinistryCode();
}
