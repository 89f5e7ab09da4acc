namespace Chantra.DevHost;

/// <summary>
/// A host page as a strict province site would have it: its own CSP allows only itself, and it
/// embeds the widget in Thai and in English with the one-line script, and the iframe variant.
/// </summary>
internal static class WidgetDemoPage
{
    private const string Csp = "default-src 'self'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; base-uri 'none'";

    private const string Html = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Chantra widget demo</title></head>
        <body>
        <header><h1>A province web site</h1></header>
        <main>
        <h2 lang="th">ภาษาไทย</h2>
        <div id="th"><script src="/api/v1/widget/loader.js" data-lang="th" async></script></div>
        <h2>English</h2>
        <div id="en"><script src="/api/v1/widget/loader.js" data-lang="en" async></script></div>
        <h2>Iframe, for sites that allow no scripts: Thai, one ministry's bills</h2>
        <iframe src="/api/v1/widget/frame?lang=th&amp;ministry=moph" title="จันทรา – วุฒิสภาวันนี้" width="340" height="600"></iframe>
        </main>
        </body>
        </html>
        """;

    public static Task Write(HttpContext context)
    {
        context.Response.Headers.ContentSecurityPolicy = Csp;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(Html);
    }
}
