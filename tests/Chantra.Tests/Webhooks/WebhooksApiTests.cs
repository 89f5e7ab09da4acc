using System.Text;
using System.Text.Json;
using Chantra.Azure.Webhooks;
using Chantra.Domain.Ministry;
using Chantra.Domain.Webhooks;
using Chantra.Functions.Webhooks;
using Chantra.Tests.Functions;
using Chantra.Tests.Infrastructure;
using Chantra.Tests.Staff;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Tests.Webhooks;

/// <summary>The staff webhook API, called as the Functions host calls it, with real staff tokens and endpoints on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class WebhooksApiTests : IDisposable
{
    private const string Url = "https://hooks.mof.go.th/chantra/events";
    private readonly TestTokens _tokens = new();
    private readonly TableWebhookStore _store;
    private readonly WebhooksApi _api;

    public WebhooksApiTests(AzuriteFixture azurite)
    {
        _store = TableWebhookStoreTests.NewStore(azurite);
        var options = new WebhookOptions();
        var dns = new TableResolver().Map("hooks.mof.go.th", "8.8.8.8").Map("hooks2.mof.go.th", "8.8.4.4");
        var registry = new WebhookRegistry(_store, new WebhookAddressPolicy(dns, options), options, _tokens.Clock, NullLogger<WebhookRegistry>.Instance);
        _api = new WebhooksApi(registry, _tokens.Access());
    }

    public void Dispose() => _tokens.Dispose();

    private HttpContext Call(string method, string path, string? token, string? body = null)
    {
        var ctx = token is null ? TestTokens.Request() : TestTokens.Bearer(token);
        ctx.Request.Method = method;
        ctx.Request.Path = path;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            ctx.Request.Body = new MemoryStream(bytes);
            ctx.Request.ContentLength = bytes.Length;
            ctx.Request.ContentType = "application/json";
        }

        return ctx;
    }

    private string Staff() => _tokens.Create(MinistryRoles.Manage);

    private async Task<HttpAnswer> Register(string code, string body, string? token = null)
    {
        var ctx = Call("POST", $"/api/v1/staff/ministries/{code}/webhooks", token ?? Staff(), body);
        return await HttpCall.ExecuteAsync(await _api.RegisterWebhook(ctx.Request, code, default), ctx);
    }

    private async Task<HttpAnswer> List(string code, string? token = null, string? ifNoneMatch = null)
    {
        var ctx = Call("GET", $"/api/v1/staff/ministries/{code}/webhooks", token ?? Staff());
        if (ifNoneMatch is not null)
        {
            ctx.Request.Headers.IfNoneMatch = ifNoneMatch;
        }

        return await HttpCall.ExecuteAsync(await _api.ListWebhooks(ctx.Request, code, default), ctx);
    }

    private async Task<HttpAnswer> Delete(string code, string id, string? token = null)
    {
        var ctx = Call("DELETE", $"/api/v1/staff/ministries/{code}/webhooks/{id}", token ?? Staff());
        return await HttpCall.ExecuteAsync(await _api.DeleteWebhook(ctx.Request, code, id, default), ctx);
    }

    private async Task<HttpAnswer> Resume(string code, string id, string? token = null)
    {
        var ctx = Call("POST", $"/api/v1/staff/ministries/{code}/webhooks/{id}/resume", token ?? Staff());
        return await HttpCall.ExecuteAsync(await _api.ResumeWebhook(ctx.Request, code, id, default), ctx);
    }

    [Fact]
    public async Task Registering_answers_201_with_the_id_and_the_secret_shown_once()
    {
        var created = await Register("mof", $$"""{ "url": "{{Url}}" }""");
        var listed = await List("mof");

        Assert.Equal(StatusCodes.Status201Created, created.Status);
        Assert.Equal("no-store", created.Headers.CacheControl.ToString());
        var json = created.Json;
        var id = json.GetProperty("id").GetString()!;
        Assert.StartsWith("wh-", id, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/staff/ministries/mof/webhooks/{id}", created.Headers.Location.ToString());
        var secret = json.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(Url, json.GetProperty("url").GetString());
        Assert.Equal("active", json.GetProperty("state").GetString());
        Assert.Equal(TestTokens.ObjectId, json.GetProperty("createdBy").GetString());
        Assert.EndsWith("+07:00", json.GetProperty("createdAt").GetString(), StringComparison.Ordinal);

        Assert.Equal(StatusCodes.Status200OK, listed.Status);
        Assert.NotNull(listed.ETag);
        var item = Assert.Single(listed.Json.GetProperty("items").EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetString());
        Assert.False(item.TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret, listed.Text, StringComparison.Ordinal);
        Assert.Equal("…" + secret[^4..], item.GetProperty("secretHint").GetString());
        Assert.Equal(StatusCodes.Status304NotModified, (await List("mof", ifNoneMatch: listed.ETag)).Status);
    }

    [Theory]
    [InlineData("http://127.0.0.1/x")]
    [InlineData("https://10.0.0.1/x")]
    [InlineData("https://localhost/")]
    [InlineData("https://[::1]/")]
    [InlineData("https://169.254.169.254/")]
    [InlineData("https://2130706433/")]
    [InlineData("https://0x7f.1/")]
    [InlineData("https://user:pass@example.com/")]
    [InlineData("ftp://hooks.mof.go.th/x")]
    public async Task A_refused_target_is_a_400_naming_the_url(string url)
    {
        var answer = await Register("mof", JsonSerializer.Serialize(new { url }));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal("url", answer.Json.GetProperty("errors")[0].GetProperty("parameter").GetString());
        Assert.False(string.IsNullOrEmpty(answer.Json.GetProperty("errors")[0].GetProperty("messageTh").GetString()));
        Assert.Empty(await _store.ListAsync("mof", default));
    }

    [Theory]
    [InlineData("", "body")]
    [InlineData("{}", "url")]
    [InlineData("""{ "url": "https://hooks.mof.go.th/", "secret": "mine" }""", "body")]
    [InlineData("[1]", "body")]
    public async Task A_bad_body_is_a_400(string body, string parameter)
    {
        var answer = await Register("mof", body);

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal(parameter, answer.Json.GetProperty("errors")[0].GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task The_same_url_twice_is_a_409()
    {
        await Register("mof", $$"""{ "url": "{{Url}}" }""");

        var again = await Register("mof", $$"""{ "url": "https://HOOKS.mof.go.th:443/chantra/events" }""");
        var elsewhere = await Register("moph", $$"""{ "url": "{{Url}}" }""");

        Assert.Equal(StatusCodes.Status409Conflict, again.Status);
        Assert.Equal(StatusCodes.Status201Created, elsewhere.Status);
    }

    [Fact]
    public async Task An_unknown_ministry_is_a_404()
    {
        Assert.Equal(StatusCodes.Status404NotFound, (await Register("ministry-of-magic", $$"""{ "url": "{{Url}}" }""")).Status);
        Assert.Equal(StatusCodes.Status404NotFound, (await List("ministry-of-magic")).Status);
    }

    [Fact]
    public async Task Delete_answers_204_then_404()
    {
        var id = (await Register("mof", $$"""{ "url": "{{Url}}" }""")).Json.GetProperty("id").GetString()!;

        Assert.Equal(StatusCodes.Status404NotFound, (await Delete("moph", id)).Status);
        Assert.Equal(StatusCodes.Status204NoContent, (await Delete("mof", id)).Status);
        Assert.Equal(StatusCodes.Status404NotFound, (await Delete("mof", id)).Status);
        Assert.Empty((await List("mof")).Json.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_paused_endpoint_is_listed_with_its_last_error_and_resumed_by_staff()
    {
        var id = (await Register("mof", $$"""{ "url": "{{Url}}" }""")).Json.GetProperty("id").GetString()!;
        var endpoint = (await _store.GetAsync("mof", id, default))!;
        var since = TestTokens.Now.AddDays(-3);
        await _store.ReplaceAsync(endpoint with
        {
            State = WebhookState.Paused, FailingSince = since, PausedAt = TestTokens.Now, LastError = "HTTP 503 (Service Unavailable)", LastErrorAt = TestTokens.Now,
        }, default);

        var item = Assert.Single((await List("mof")).Json.GetProperty("items").EnumerateArray());
        var resumed = await Resume("mof", id);
        var unknown = await Resume("mof", "wh-0000");

        Assert.Equal("paused", item.GetProperty("state").GetString());
        Assert.Equal("HTTP 503 (Service Unavailable)", item.GetProperty("lastError").GetString());
        Assert.Equal(since, item.GetProperty("failingSince").GetDateTimeOffset());
        Assert.Equal(StatusCodes.Status200OK, resumed.Status);
        Assert.Equal("active", resumed.Json.GetProperty("state").GetString());
        Assert.False(resumed.Json.TryGetProperty("failingSince", out _));
        Assert.Equal(StatusCodes.Status404NotFound, unknown.Status);
    }

    [Fact]
    public async Task Without_the_role_every_call_is_403_and_without_a_token_401()
    {
        var other = _tokens.Create("Complaints.Manage"); // Complaints.Manage: a staff member, not a ministry liaison

        var calls = new Func<string?, Task<HttpAnswer>>[]
        {
            t => Register("mof", $$"""{ "url": "{{Url}}" }""", t),
            t => List("mof", t),
            t => Delete("mof", "wh-1", t),
            t => Resume("mof", "wh-1", t),
        };

        foreach (var call in calls)
        {
            var forbidden = await call(other);
            Assert.Equal(StatusCodes.Status403Forbidden, forbidden.Status);
            Assert.Contains(MinistryRoles.Manage, forbidden.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var anonymous = TestTokens.Request();
        anonymous.Request.Method = "GET";
        var unauthenticated = await HttpCall.ExecuteAsync(await _api.ListWebhooks(anonymous.Request, "mof", default), anonymous);
        Assert.Equal(StatusCodes.Status401Unauthorized, unauthenticated.Status);
        Assert.Empty(await _store.ListAsync("mof", default));
    }
}
