using System.Text;
using System.Text.Json;
using Chantra.Domain.Devices;
using Chantra.Functions.Devices;
using Chantra.Tests.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Chantra.Tests.Devices;

/// <summary>
/// The device functions over the real <see cref="DeviceService"/> (in-memory store, mocked hub and
/// catalog), with their results executed as ASP.NET Core executes them.
/// </summary>
public sealed class DevicesApiTests
{
    private const string Id = DeviceRig.InstallationId;
    private const string Path = "/api/v1/devices/" + Id;
    private const string ProblemJson = "application/problem+json; charset=utf-8";
    private const string BadRequestTitleTh = "พารามิเตอร์บางรายการไม่ถูกต้อง";

    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().BuildServiceProvider();

    private readonly DeviceRig _rig = new();

    private DevicesApi Api() => new(_rig.Service(), NullLogger<DevicesApi>.Instance);

    private static HttpContext Request(string method, string path, string? secret = null, byte[]? body = null, bool sendLength = true)
    {
        var ctx = HttpCall.Request(path);
        ctx.Request.Method = method;
        ctx.RequestServices = Services; // StatusCodeResult (the 204) asks the request's services for a logger, as the hosts provide
        if (secret is not null)
        {
            ctx.Request.Headers[DevicesApi.SecretHeader] = secret;
        }

        if (body is not null)
        {
            ctx.Request.Body = new MemoryStream(body);
            ctx.Request.ContentType = "application/json";
            ctx.Request.ContentLength = sendLength ? body.Length : null;
        }

        return ctx;
    }

    private static string RegistrationJson(string platform = "fcmv1", string? channel = null, string language = "th", string follows = """{"bills":["1"],"news":true}""") =>
        $$"""{"platform":"{{platform}}","pushChannel":"{{channel ?? DeviceRig.FcmToken}}","language":"{{language}}","follows":{{follows}}}""";

    private async Task<HttpAnswer> Put(string json, string? secret = null, bool sendLength = true) =>
        await PutBytes(Encoding.UTF8.GetBytes(json), secret, sendLength);

    private async Task<HttpAnswer> PutBytes(byte[] body, string? secret = null, bool sendLength = true)
    {
        var ctx = Request(HttpMethods.Put, Path, secret, body, sendLength);
        var result = await Api().PutDevice(ctx.Request, Id, CancellationToken.None);
        return await HttpCall.ExecuteAsync(result, ctx);
    }

    private async Task<HttpAnswer> Get(string? secret)
    {
        var ctx = Request(HttpMethods.Get, Path, secret);
        return await HttpCall.ExecuteAsync(await Api().GetDevice(ctx.Request, Id, CancellationToken.None), ctx);
    }

    private async Task<HttpAnswer> Delete(string? secret)
    {
        var ctx = Request(HttpMethods.Delete, Path, secret);
        return await HttpCall.ExecuteAsync(await Api().DeleteDevice(ctx.Request, Id, CancellationToken.None), ctx);
    }

    private async Task<HttpAnswer> Follow(string billId, bool follow, string? secret)
    {
        var ctx = Request(follow ? HttpMethods.Put : HttpMethods.Delete, Path + "/follows/bills/" + billId, secret);
        var result = follow
            ? await Api().FollowBill(ctx.Request, Id, billId, CancellationToken.None)
            : await Api().UnfollowBill(ctx.Request, Id, billId, CancellationToken.None);
        return await HttpCall.ExecuteAsync(result, ctx);
    }

    private async Task<string> Registered(string follows = """{"bills":["1"],"news":true}""")
    {
        var answer = await Put(RegistrationJson(follows: follows));
        Assert.Equal(StatusCodes.Status201Created, answer.Status);
        return answer.Json.GetProperty("deviceSecret").GetString()!;
    }

    private static void AssertProblem(HttpAnswer answer, int status)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal(ProblemJson, answer.ContentType);
        Assert.Equal("no-store", answer.Headers.CacheControl.ToString());
        var json = answer.Json;
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("titleTh").GetString()));
        Assert.Equal("trace-test", json.GetProperty("traceId").GetString());
        Assert.DoesNotContain("   at ", answer.Text, StringComparison.Ordinal); // never a stack trace
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    // ---- PUT: the body is a registration and nothing else -------------------------------------

    [Theory]
    [InlineData("""{"platform":"fcmv1","pushChannel":"PUSH","language":"th","tags":["news","lang:th"]}""")]
    [InlineData("""{"platform":"fcmv1","pushChannel":"PUSH","language":"th","follows":{"bills":["1"],"tags":["complaint:1"]}}""")]
    [InlineData("""{"platform":"fcmv1","pushChannel":"PUSH","language":"th","templates":{"x":{"body":"{}","tags":["news"]}}}""")]
    public async Task A_body_with_a_member_we_do_not_take_is_a_400_problem_naming_the_body(string template)
    {
        var answer = await Put(template.Replace("PUSH", DeviceRig.FcmToken, StringComparison.Ordinal));

        AssertProblem(answer, StatusCodes.Status400BadRequest);
        var json = answer.Json;
        Assert.Equal(BadRequestTitleTh, json.GetProperty("titleTh").GetString());
        var error = json.GetProperty("errors")[0];
        Assert.Equal("body", error.GetProperty("parameter").GetString());
        Assert.Contains("not a device registration", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("แท็กกำหนดโดยเซิร์ฟเวอร์เท่านั้น", error.GetProperty("messageTh").GetString(), StringComparison.Ordinal);
        Assert.Empty(_rig.Upserts);
        Assert.Empty(_rig.Store.All);
    }

    [Theory]
    [InlineData("platform=fcmv1&language=th")]
    [InlineData("{\"platform\":")]
    [InlineData("[1,2,3]")]
    [InlineData("null")]
    [InlineData("")]
    public async Task A_body_that_is_not_a_json_registration_is_a_400_problem(string body)
    {
        var answer = await Put(body);

        AssertProblem(answer, StatusCodes.Status400BadRequest);
        Assert.Equal("body", answer.Json.GetProperty("errors")[0].GetProperty("parameter").GetString());
        Assert.Empty(_rig.Store.All);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // chunked: no Content-Length, so the size is counted while reading
    public async Task A_body_over_16_kilobytes_is_a_413_problem(bool sendLength)
    {
        var padding = string.Join(",", Enumerable.Range(0, 3000).Select(i => "\"m" + i + "\""));
        var json = RegistrationJson(follows: "{\"meetings\":[" + padding + "]}");
        Assert.True(Encoding.UTF8.GetByteCount(json) > 16 * 1024);

        var answer = await Put(json, sendLength: sendLength);

        AssertProblem(answer, StatusCodes.Status413PayloadTooLarge);
        Assert.Equal("เนื้อหาคำขอใหญ่เกินไป", answer.Json.GetProperty("titleTh").GetString());
        Assert.Empty(_rig.Store.All);
    }

    [Fact]
    public async Task Platform_windows_is_a_400_naming_the_platform()
    {
        var answer = await Put(RegistrationJson(platform: "windows"));

        AssertProblem(answer, StatusCodes.Status400BadRequest);
        var errors = answer.Json.GetProperty("errors");
        Assert.Equal(1, errors.GetArrayLength());
        Assert.Equal("platform", errors[0].GetProperty("parameter").GetString());
        Assert.Empty(_rig.Upserts);
    }

    [Fact]
    public async Task A_smuggled_follow_id_is_a_400_naming_its_field()
    {
        var answer = await Put(RegistrationJson(follows: """{"committees":["c1 || news"]}"""));

        AssertProblem(answer, StatusCodes.Status400BadRequest);
        var error = answer.Json.GetProperty("errors")[0];
        Assert.Equal("follows.committees", error.GetProperty("parameter").GetString());
        Assert.Equal(BadRequestTitleTh, answer.Json.GetProperty("titleTh").GetString());
        Assert.Empty(_rig.Upserts);
    }

    [Fact]
    public async Task An_unknown_bill_is_a_400_naming_it()
    {
        var answer = await Put(RegistrationJson(follows: """{"bills":["1","999"]}"""));

        AssertProblem(answer, StatusCodes.Status400BadRequest);
        var error = answer.Json.GetProperty("errors")[0];
        Assert.Equal("follows.bills", error.GetProperty("parameter").GetString());
        Assert.Equal("There is no bill '999'.", error.GetProperty("message").GetString());
    }

    // ---- PUT: creation and update --------------------------------------------------------------

    [Fact]
    public async Task The_first_put_is_201_with_the_secret_and_the_server_decided_tags_and_is_not_cached()
    {
        var answer = await Put(RegistrationJson(language: "en", follows: """{"bills":["1","2"],"ministries":["moph"],"allMeetings":true,"news":true}"""));

        Assert.Equal(StatusCodes.Status201Created, answer.Status);
        Assert.Equal("application/json; charset=utf-8", answer.ContentType);
        Assert.Equal("no-store", answer.Headers.CacheControl.ToString());
        var json = answer.Json;
        var secret = json.GetProperty("deviceSecret").GetString()!;
        Assert.Equal(43, secret.Length);
        Assert.Equal(DeviceSecrets.Hash(secret), _rig.Store[Id]!.SecretHash);
        Assert.Equal(Id, json.GetProperty("installationId").GetString());
        Assert.Equal("fcmv1", json.GetProperty("platform").GetString());
        Assert.Equal("en", json.GetProperty("language").GetString());
        Assert.Equal(["lang:en", "bill:1", "bill:2", "ministry:moph", "meetings", "news"], Strings(json.GetProperty("tags")));
        Assert.Equal(["1", "2"], Strings(json.GetProperty("follows").GetProperty("bills")));
        Assert.True(json.GetProperty("follows").GetProperty("allMeetings").GetBoolean());
        Assert.Equal("2026-11-25T17:00:00+07:00", json.GetProperty("updatedAt").GetString());
        Assert.DoesNotContain(DeviceRig.FcmToken, answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_put_without_the_secret_is_a_401_problem_and_changes_nothing()
    {
        await Registered();

        var answer = await Put(RegistrationJson(follows: """{"bills":["2"]}"""));

        AssertProblem(answer, StatusCodes.Status401Unauthorized);
        Assert.Equal("ไม่ได้รับอนุญาต", answer.Json.GetProperty("titleTh").GetString());
        Assert.Contains(DevicesApi.SecretHeader, answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["1"], _rig.Store[Id]!.Follows.Bills);
        Assert.Single(_rig.Upserts);
    }

    [Fact]
    public async Task A_second_put_with_the_secret_is_200_without_a_new_secret()
    {
        var secret = await Registered();

        var answer = await Put(RegistrationJson(follows: """{"bills":["2"]}"""), secret);

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.Equal("no-store", answer.Headers.CacheControl.ToString());
        Assert.False(answer.Json.TryGetProperty("deviceSecret", out _));
        Assert.Equal(["lang:th", "bill:2"], Strings(answer.Json.GetProperty("tags")));
        Assert.Equal(["2"], _rig.Store[Id]!.Follows.Bills);
    }

    [Fact]
    public async Task A_hub_failure_is_a_503_problem_with_retry_after_and_no_device_left_behind()
    {
        _rig.HubUpsertFails();

        var answer = await Put(RegistrationJson());

        AssertProblem(answer, StatusCodes.Status503ServiceUnavailable);
        Assert.Equal("30", answer.Headers.RetryAfter.ToString());
        Assert.False(answer.Json.TryGetProperty("deviceSecret", out _));
        Assert.Null(_rig.Store[Id]);
    }

    // ---- GET and DELETE ------------------------------------------------------------------------

    [Fact]
    public async Task Get_with_the_secret_is_200_with_follows_and_tags()
    {
        var secret = await Registered("""{"bills":["1"],"meetings":["m9"],"news":true}""");

        var answer = await Get(secret);

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.Equal("private, no-cache", answer.Headers.CacheControl.ToString());
        var json = answer.Json;
        Assert.Equal(["1"], Strings(json.GetProperty("follows").GetProperty("bills")));
        Assert.Equal(["m9"], Strings(json.GetProperty("follows").GetProperty("meetings")));
        Assert.True(json.GetProperty("follows").GetProperty("news").GetBoolean());
        Assert.Equal(["lang:th", "bill:1", "meeting:m9", "news"], Strings(json.GetProperty("tags")));
        Assert.False(json.TryGetProperty("deviceSecret", out _));
    }

    [Fact]
    public async Task Get_without_the_secret_is_401_and_of_an_unknown_device_404()
    {
        var secret = await Registered();

        AssertProblem(await Get(null), StatusCodes.Status401Unauthorized);
        AssertProblem(await Get("wrong"), StatusCodes.Status401Unauthorized);

        var ctx = Request(HttpMethods.Get, "/api/v1/devices/unknown-device-1", secret);
        var unknown = await HttpCall.ExecuteAsync(await Api().GetDevice(ctx.Request, "unknown-device-1", CancellationToken.None), ctx);
        AssertProblem(unknown, StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task Delete_with_the_secret_is_204_and_the_device_is_gone()
    {
        var secret = await Registered();

        var answer = await Delete(secret);

        Assert.Equal(StatusCodes.Status204NoContent, answer.Status);
        Assert.Empty(answer.Body);
        Assert.Equal([Id], _rig.HubDeletes);
        Assert.Null(_rig.Store[Id]);
        AssertProblem(await Get(secret), StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task Delete_without_the_secret_is_401_and_deletes_nothing()
    {
        await Registered();

        AssertProblem(await Delete("wrong"), StatusCodes.Status401Unauthorized);

        Assert.NotNull(_rig.Store[Id]);
        Assert.Empty(_rig.HubDeletes);
    }

    [Fact]
    public async Task Two_secret_headers_are_no_secret()
    {
        var secret = await Registered();
        var ctx = Request(HttpMethods.Get, Path);
        ctx.Request.Headers[DevicesApi.SecretHeader] = new Microsoft.Extensions.Primitives.StringValues([secret, secret]);

        var answer = await HttpCall.ExecuteAsync(await Api().GetDevice(ctx.Request, Id, CancellationToken.None), ctx);

        AssertProblem(answer, StatusCodes.Status401Unauthorized);
    }

    // ---- following one bill --------------------------------------------------------------------

    [Fact]
    public async Task Follow_and_unfollow_with_the_secret_are_200_with_the_new_follows()
    {
        var secret = await Registered("""{"bills":["1"]}""");

        var followed = await Follow("2", true, secret);

        Assert.Equal(StatusCodes.Status200OK, followed.Status);
        Assert.Equal("no-store", followed.Headers.CacheControl.ToString());
        Assert.Equal(["1", "2"], Strings(followed.Json.GetProperty("follows").GetProperty("bills")));
        Assert.Equal(["lang:th", "bill:1", "bill:2"], Strings(followed.Json.GetProperty("tags")));

        var unfollowed = await Follow("1", false, secret);

        Assert.Equal(StatusCodes.Status200OK, unfollowed.Status);
        Assert.Equal(["2"], Strings(unfollowed.Json.GetProperty("follows").GetProperty("bills")));
        Assert.Equal(["lang:th", "bill:2"], Strings(unfollowed.Json.GetProperty("tags")));
        Assert.Equal(["2"], _rig.Store[Id]!.Follows.Bills);
        Assert.Equal(2, _rig.TemplateSets.Count);
        Assert.Equal(["bill:2"], _rig.TemplateSets[1].Template!.Tags);
    }

    [Fact]
    public async Task Follow_without_the_secret_is_401_and_of_an_unknown_bill_400()
    {
        var secret = await Registered("""{"bills":["1"]}""");

        AssertProblem(await Follow("2", true, null), StatusCodes.Status401Unauthorized);

        var unknown = await Follow("999", true, secret);
        AssertProblem(unknown, StatusCodes.Status400BadRequest);
        Assert.Equal("There is no bill '999'.", unknown.Json.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Empty(_rig.TemplateSets);
    }

    [Fact]
    public async Task A_hub_failure_on_follow_is_a_503_with_retry_after()
    {
        var secret = await Registered("""{"bills":["1"]}""");
        _rig.Hub.Setup(h => h.SetTemplateAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<PushTemplate?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("503 (test)"));

        var answer = await Follow("2", true, secret);

        AssertProblem(answer, StatusCodes.Status503ServiceUnavailable);
        Assert.Equal("30", answer.Headers.RetryAfter.ToString());
        Assert.Equal(["1"], _rig.Store[Id]!.Follows.Bills);
    }
}
