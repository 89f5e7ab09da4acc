using Chantra.Domain.Bills;
using Chantra.Domain.Meetings;
using Chantra.Domain.News;
using Chantra.Domain.Sources;
using Chantra.Functions.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Chantra.Tests.Functions;

/// <summary>The health answer covers every source the app scrapes: bills, meetings and news.</summary>
public sealed class HealthApiTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);

    private static async Task<HttpAnswer> Get(params SourceHealth[] rows)
    {
        var store = new Mock<ISourceHealthStore>();
        store.Setup(s => s.GetAllAsync(It.IsAny<CancellationToken>())).ReturnsAsync(rows);
        var bills = Mock.Of<IBillSource>(s => s.Name == "bills-live");
        var meetings = Mock.Of<IMeetingSource>(s => s.Name == "meetings-msbis-live");
        var news = Mock.Of<INewsSource>(s => s.Name == "news-senate-live");
        var api = new HealthApi(store.Object, [bills], [meetings], [news], NullLogger<HealthApi>.Instance);
        var ctx = HttpCall.Request("/api/v1/health");
        return await HttpCall.ExecuteAsync(await api.GetHealth(ctx.Request, default), ctx);
    }

    private static SourceHealth Good(string name) => new(name, true, At, null, null, 10);

    [Fact]
    public async Task A_meeting_source_with_no_good_pass_yet_keeps_the_answer_503_and_is_named()
    {
        var answer = await Get(Good("bills-live"), Good("news-senate-live"),
            new SourceHealth("meetings-msbis-live", false, null, At, "no meeting lists are configured", 0));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, answer.Status);
        Assert.Contains("meetings-msbis-live", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_source_good_is_healthy_and_a_failing_news_feed_is_degraded_with_its_reason()
    {
        var healthy = await Get(Good("bills-live"), Good("meetings-msbis-live"), Good("news-senate-live"), Good("senate-lawdraft"));
        Assert.Equal(StatusCodes.Status200OK, healthy.Status);
        Assert.Equal("healthy", healthy.Json.GetProperty("status").GetString());
        Assert.Equal(["bills-live", "meetings-msbis-live", "news-senate-live"],
            healthy.Json.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("source").GetString()));

        var degraded = await Get(Good("bills-live"), Good("meetings-msbis-live"),
            new SourceHealth("news-senate-live", false, At.AddHours(-1), At, "no news_info", 5));
        Assert.Equal(StatusCodes.Status200OK, degraded.Status);
        Assert.Equal("degraded", degraded.Json.GetProperty("status").GetString());
        Assert.Contains("no news_info", degraded.Text, StringComparison.Ordinal);
    }
}
