using Chantra.Functions.Widget;
using Microsoft.AspNetCore.Http;

namespace Chantra.Tests.Widget;

public sealed class WidgetCorsTests
{
    private static readonly WidgetCors Cors = new(["https://www.example.go.th", "https://province.example.go.th/"]);

    private static DefaultHttpContext Request(string method, string? origin, string? requestMethod = null)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = "/api/v1/meetings/live";
        if (origin is not null)
        {
            http.Request.Headers.Origin = origin;
        }

        if (requestMethod is not null)
        {
            http.Request.Headers.AccessControlRequestMethod = requestMethod;
        }

        return http;
    }

    [Fact]
    public void An_allowed_origin_is_echoed_and_the_answer_varies_by_origin()
    {
        var http = Request("GET", "https://www.example.go.th");
        http.Response.Headers.Vary = "Accept-Encoding";

        var answered = Cors.Apply(http.Request, http.Response);

        Assert.False(answered);
        Assert.Equal("https://www.example.go.th", http.Response.Headers.AccessControlAllowOrigin.ToString());
        Assert.Equal("Accept-Encoding, Origin", http.Response.Headers.Vary.ToString());
        Assert.Equal("ETag", http.Response.Headers.AccessControlExposeHeaders.ToString());
    }

    [Fact]
    public void A_configured_origin_with_a_trailing_slash_still_matches()
    {
        var http = Request("GET", "https://province.example.go.th");

        Cors.Apply(http.Request, http.Response);

        Assert.Equal("https://province.example.go.th", http.Response.Headers.AccessControlAllowOrigin.ToString());
    }

    [Theory]
    [InlineData("https://evil.example.com")]
    [InlineData("http://www.example.go.th")] // another scheme is another origin
    [InlineData("null")]
    [InlineData(null)]
    public void Other_origins_get_no_allow_origin_header(string? origin)
    {
        var http = Request("GET", origin);

        var answered = Cors.Apply(http.Request, http.Response);

        Assert.False(answered);
        Assert.False(http.Response.Headers.ContainsKey("Access-Control-Allow-Origin"));
        Assert.Equal("Origin", http.Response.Headers.Vary.ToString());
    }

    [Fact]
    public void A_preflight_from_an_allowed_origin_is_answered()
    {
        var http = Request("OPTIONS", "https://www.example.go.th", "GET");

        var answered = Cors.Apply(http.Request, http.Response);

        Assert.True(answered);
        Assert.Equal(204, http.Response.StatusCode);
        Assert.Equal("https://www.example.go.th", http.Response.Headers.AccessControlAllowOrigin.ToString());
        Assert.Contains("GET", http.Response.Headers.AccessControlAllowMethods.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_preflight_from_another_origin_is_not_answered_by_the_middleware()
    {
        var http = Request("OPTIONS", "https://evil.example.com", "GET");
        var reached = false;
        var middleware = new WidgetCorsMiddleware(_ => { reached = true; return Task.CompletedTask; }, Cors);

        await middleware.InvokeAsync(http);

        Assert.True(reached);
        Assert.False(http.Response.Headers.ContainsKey("Access-Control-Allow-Origin"));
        Assert.False(http.Response.Headers.ContainsKey("Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task The_middleware_stops_at_an_answered_preflight()
    {
        var http = Request("OPTIONS", "https://www.example.go.th", "GET");
        var reached = false;
        var middleware = new WidgetCorsMiddleware(_ => { reached = true; return Task.CompletedTask; }, Cors);

        await middleware.InvokeAsync(http);

        Assert.False(reached);
        Assert.Equal(204, http.Response.StatusCode);
    }
}
