using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Chantra.Tests.Functions;

/// <summary>What an executed <see cref="IActionResult"/> wrote: status, headers and body.</summary>
public sealed record HttpAnswer(int Status, IHeaderDictionary Headers, string? ContentType, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonElement Json
    {
        get
        {
            Assert.NotEmpty(Body);
            using var doc = JsonDocument.Parse(Body);
            return doc.RootElement.Clone();
        }
    }

    public string? ETag => Headers.ETag.Count > 0 ? Headers.ETag.ToString() : null;
}

/// <summary>Builds requests as the ASP.NET Core integration hands them to a function, and runs the function's result.</summary>
public static class HttpCall
{
    public static HttpContext Request(string path, QueryString query = default, string? ifNoneMatch = null)
    {
        var ctx = new DefaultHttpContext();
        ctx.Request.Method = HttpMethods.Get;
        ctx.Request.Path = path;
        ctx.Request.QueryString = query;
        if (ifNoneMatch is not null)
        {
            ctx.Request.Headers.IfNoneMatch = ifNoneMatch;
        }

        ctx.Response.Body = new MemoryStream();
        ctx.TraceIdentifier = "trace-test";
        return ctx;
    }

    public static async Task<HttpAnswer> ExecuteAsync(IActionResult result, HttpContext ctx)
    {
        await result.ExecuteResultAsync(new ActionContext { HttpContext = ctx });
        var body = ((MemoryStream)ctx.Response.Body).ToArray();
        return new HttpAnswer(ctx.Response.StatusCode, ctx.Response.Headers, ctx.Response.ContentType, body);
    }
}
