using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Chantra.Functions.Widget;

/// <summary>
/// CORS for the public API, for the configured origins only (<see cref="WidgetOptions.AllowedOrigins"/>):
/// an allowed Origin is echoed, any other gets no Access-Control-Allow-Origin, and every answer varies
/// by Origin so a shared cache never hands one site's answer to another.
/// </summary>
public sealed class WidgetCors
{
    // The widget sends plain GETs; If-None-Match is the one header a client may add, ETag the one it reads.
    private const string AllowedMethods = "GET, HEAD";
    private const string AllowedHeaders = "If-None-Match";
    private const string ExposedHeaders = "ETag";

    private readonly HashSet<string> _origins;

    public WidgetCors(IOptions<WidgetOptions> options)
        : this(options.Value.AllowedOrigins)
    {
    }

    public WidgetCors(IEnumerable<string> origins) =>
        _origins = new HashSet<string>(origins.Select(o => o.Trim().TrimEnd('/')).Where(o => o.Length > 0), StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Origins => _origins;

    public bool IsAllowed(string? origin) => !string.IsNullOrEmpty(origin) && _origins.Contains(origin);

    /// <summary>
    /// Adds the CORS headers a request earns. Returns true when it was a preflight from an allowed
    /// origin, now answered (204): the caller stops there. Other preflights go on, unanswered by CORS.
    /// </summary>
    public bool Apply(HttpRequest request, HttpResponse response)
    {
        AddVary(response.Headers);
        var origin = request.Headers.Origin.ToString();
        if (!IsAllowed(origin))
        {
            return false;
        }

        response.Headers.AccessControlAllowOrigin = origin;
        if (HttpMethods.IsOptions(request.Method) && !StringValues.IsNullOrEmpty(request.Headers.AccessControlRequestMethod))
        {
            response.Headers.AccessControlAllowMethods = AllowedMethods;
            response.Headers.AccessControlAllowHeaders = AllowedHeaders;
            response.Headers.AccessControlMaxAge = "600";
            response.StatusCode = StatusCodes.Status204NoContent;
            return true;
        }

        response.Headers.AccessControlExposeHeaders = ExposedHeaders;
        return false;
    }

    /// <summary>Adds Origin to Vary, keeping what is there (results set Vary: Accept-Encoding themselves).</summary>
    public static void AddVary(IHeaderDictionary headers)
    {
        var vary = headers.Vary.ToString();
        if (!vary.Split(',').Any(v => v.Trim().Equals("Origin", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Vary = string.IsNullOrEmpty(vary) ? "Origin" : vary + ", Origin";
        }
    }

    /// <summary>
    /// Applies CORS to a request about to run; results overwrite Vary when they write, so Origin is
    /// added again as the response starts.
    /// </summary>
    public bool Begin(HttpContext http)
    {
        if (Apply(http.Request, http.Response))
        {
            return true;
        }

        http.Response.OnStarting(() =>
        {
            AddVary(http.Response.Headers);
            return Task.CompletedTask;
        });
        return false;
    }
}

/// <summary>ASP.NET Core middleware form of <see cref="WidgetCors"/> (the dev host; any ASP.NET Core pipeline).</summary>
public sealed class WidgetCorsMiddleware(RequestDelegate next, WidgetCors cors)
{
    public Task InvokeAsync(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && cors.Begin(context)
            ? Task.CompletedTask
            : next(context);
}
