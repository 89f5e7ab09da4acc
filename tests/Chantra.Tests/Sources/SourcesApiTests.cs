using System.Text.Json;
using Chantra.Domain.Sources;
using Chantra.Functions.Http;
using Chantra.Functions.Sources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Chantra.Tests.Sources;

public sealed class SourcesApiTests
{
    [Fact]
    public async Task Lists_every_source_with_its_counts_and_nothing_else()
    {
        var health = new Mock<ISourceHealthStore>();
        health.Setup(h => h.GetAllAsync(It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            new SourceHealth("meetings-msbis-live", false, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), "circuit open", 40, 120, 960, 3, 40),
            new SourceHealth("bills-replay", true, DateTimeOffset.UnixEpoch, null, null, 411),
        ]);

        var result = Assert.IsType<JsonApiResult>(await new SourcesApi(health.Object, NullLogger<SourcesApi>.Instance)
            .GetSources(new DefaultHttpContext().Request, default));

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(result.Body, result.Body.GetType(), ApiJson.Options));
        var sources = json.RootElement.GetProperty("sources").EnumerateArray().ToList();
        Assert.Equal(["bills-replay", "meetings-msbis-live"], sources.Select(s => s.GetProperty("source").GetString()));
        var live = sources[1];
        Assert.Equal(960, live.GetProperty("pagesNotModified").GetInt64());
        Assert.Equal(3, live.GetProperty("pagesFailed").GetInt64());
        Assert.Equal("circuit open", live.GetProperty("lastError").GetString());
        Assert.Equal(
            ["source", "healthy", "lastSuccessAt", "lastFailureAt", "lastError", "lastItemCount", "pagesFetched", "pagesNotModified", "pagesFailed", "itemsParsed"],
            live.EnumerateObject().Select(p => p.Name));
    }
}
