using Chantra.Azure.Storage;
using Chantra.Domain.Events;
using Chantra.Functions.Feeds;
using Chantra.Tests.Functions;
using Chantra.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Tests.Feeds;

/// <summary><c>GET /api/v1/changes</c> over a real change log on Azurite: the sync a portal runs, and its 400s.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChangesApiTests(AzuriteFixture azurite)
{
    private const string ProblemTitleTh = "พารามิเตอร์บางรายการไม่ถูกต้อง";

    private (ChangesApi Api, TableChangeLog Log, ManualTime Time) Setup()
    {
        var time = new ManualTime(TestData.Now);
        var log = new TableChangeLog(new ChangeLogTests(azurite).NewTable(), time, new ChangeLogOptions());
        return (new ChangesApi(log, NullLogger<ChangesApi>.Instance), log, time);
    }

    private static async Task<HttpAnswer> Call(ChangesApi api, string? since = null, string? pageSize = null, string? ifNoneMatch = null)
    {
        var query = new List<KeyValuePair<string, string?>>();
        if (since is not null)
        {
            query.Add(new("since", since));
        }

        if (pageSize is not null)
        {
            query.Add(new("pageSize", pageSize));
        }

        var ctx = HttpCall.Request("/api/v1/changes", QueryString.Create(query), ifNoneMatch);
        return await HttpCall.ExecuteAsync(await api.ListChanges(ctx.Request, CancellationToken.None), ctx);
    }

    [Fact]
    public async Task A_portal_syncing_page_by_page_gets_every_event_once_in_order_as_CloudEvents()
    {
        var (api, log, time) = Setup();
        var events = Enumerable.Range(0, 7).Select(i => ChangeLogTests.BillEvent("s" + i, i)).ToList();
        await log.AppendAsync(events.Take(4).ToList(), default);
        time.Advance(TimeSpan.FromSeconds(1));
        await log.AppendAsync(events.Skip(4).ToList(), default);
        time.Advance(TimeSpan.FromSeconds(11));

        var seen = new List<string>();
        string? cursor = null;
        bool more;
        var calls = 0;
        do
        {
            var answer = await Call(api, cursor, "3");
            Assert.Equal(StatusCodes.Status200OK, answer.Status);
            Assert.StartsWith("application/json", answer.ContentType, StringComparison.Ordinal);
            Assert.NotNull(answer.ETag);
            var root = answer.Json;
            foreach (var item in root.GetProperty("items").EnumerateArray())
            {
                Assert.Equal("1.0", item.GetProperty("specversion").GetString());
                Assert.Equal(EventTypes.BillStageChanged, item.GetProperty("type").GetString());
                Assert.StartsWith("bills/", item.GetProperty("subject").GetString(), StringComparison.Ordinal);
                Assert.Equal("senate-committee", item.GetProperty("data").GetProperty("stage").GetString());
                seen.Add(item.GetProperty("id").GetString()!);
            }

            cursor = root.GetProperty("cursor").GetString();
            more = root.GetProperty("more").GetBoolean();
            calls++;
        }
        while (more);

        var last = (await Call(api, cursor)).Json;

        Assert.Equal(events.Select(e => e.Id), seen);
        Assert.Equal(3, calls);
        Assert.Empty(last.GetProperty("items").EnumerateArray());
        Assert.Equal(cursor, last.GetProperty("cursor").GetString());
    }

    [Fact]
    public async Task Events_younger_than_the_settle_window_wait_for_a_later_call()
    {
        var (api, log, time) = Setup();
        await log.AppendAsync([ChangeLogTests.BillEvent("w", 1)], default);
        time.Advance(TimeSpan.FromSeconds(5));

        var early = (await Call(api)).Json;
        time.Advance(TimeSpan.FromSeconds(6));
        var settled = (await Call(api, early.GetProperty("cursor").GetString())).Json;

        Assert.Empty(early.GetProperty("items").EnumerateArray());
        Assert.Single(settled.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_same_page_again_is_a_304()
    {
        var (api, log, time) = Setup();
        await log.AppendAsync([ChangeLogTests.BillEvent("e", 1)], default);
        time.Advance(TimeSpan.FromSeconds(11));

        var answer = await Call(api);
        var again = await Call(api, ifNoneMatch: answer.ETag);

        Assert.Equal(StatusCodes.Status304NotModified, again.Status);
        Assert.Empty(again.Body);
    }

    [Theory]
    [InlineData("since", "%%%")]
    [InlineData("since", "YWJj")] // well-formed base64url, not a cursor we issued
    [InlineData("pageSize", "0")]
    [InlineData("pageSize", "501")]
    [InlineData("pageSize", "many")]
    public async Task A_bad_parameter_is_a_400_problem_naming_it(string name, string value)
    {
        var (api, _, _) = Setup();

        var answer = name == "since" ? await Call(api, since: value) : await Call(api, pageSize: value);

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        Assert.Equal(ProblemTitleTh, answer.Json.GetProperty("titleTh").GetString());
        var error = Assert.Single(answer.Json.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal(name, error.GetProperty("parameter").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("messageTh").GetString()));
    }
}
