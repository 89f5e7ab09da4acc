using Chantra.Domain.Bills;
using Chantra.Domain.News;
using Chantra.Functions.News;
using Chantra.Tests.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Chantra.Tests.News;

/// <summary>The news list and one item, called as the Functions host calls them and with their results executed.</summary>
public sealed class NewsApiTests
{
    private const string ProblemTitleTh = "พารามิเตอร์บางรายการไม่ถูกต้อง";
    private static readonly TimeSpan Bangkok = TimeSpan.FromHours(7);

    private readonly Mock<INewsCatalog> _catalog = new();

    private NewsApi Api() => new(_catalog.Object, NullLogger<NewsApi>.Instance);

    internal static NewsItem Item(string id, string title = "วุฒิสภาจัดสัมมนาวิชาการ", bool timeGiven = true) => new(
        id, "ข่าวประชาสัมพันธ์", title,
        new DateTimeOffset(2026, 11, 24, 9, 30, 0, Bangkok), timeGiven,
        "ย่อหน้าแรกของข่าว\n\nย่อหน้าที่สอง",
        new Uri("http://web.senate.go.th/w3c/senate/pictures/news/1.jpg"),
        [new Uri("http://web.senate.go.th/w3c/senate/pictures/news/2.jpg")],
        Headline: true,
        FirstSeenAt: new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero),
        UpdatedAt: new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero).AddTicks(1_234_567),
        Fingerprint: "fp-" + id);

    private async Task<HttpAnswer> List(QueryString query)
    {
        var ctx = HttpCall.Request("/api/v1/news", query);
        return await HttpCall.ExecuteAsync(await Api().ListNews(ctx.Request, CancellationToken.None), ctx);
    }

    private async Task<HttpAnswer> Get(string id, string? ifNoneMatch = null)
    {
        var ctx = HttpCall.Request("/api/v1/news/" + Uri.EscapeDataString(id), default, ifNoneMatch);
        return await HttpCall.ExecuteAsync(await Api().GetNews(ctx.Request, id, CancellationToken.None), ctx);
    }

    private static QueryString Query(params (string Name, string Value)[] parameters) =>
        QueryString.Create(parameters.Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)));

    [Fact]
    public async Task The_list_is_items_and_token_with_the_summary_but_not_the_full_text()
    {
        _catalog.Setup(c => c.QueryAsync(It.IsAny<NewsQuery>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new NewsPage([Item("00000000000000a1"), Item("00000000000000a2", timeGiven: false)], "next.page-2"));

        var answer = await List(default);

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.StartsWith("application/json", answer.ContentType, StringComparison.Ordinal);
        Assert.NotNull(answer.ETag);
        var root = answer.Json;
        Assert.Equal("next.page-2", root.GetProperty("continuationToken").GetString());
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["00000000000000a1", "00000000000000a2"], items.Select(i => i.GetProperty("id").GetString()));
        var first = items[0];
        Assert.Equal("ข่าวประชาสัมพันธ์", first.GetProperty("category").GetString());
        Assert.Equal("2026-11-24T09:30:00+07:00", first.GetProperty("publishedAt").GetString());
        Assert.Equal("24 พฤศจิกายน 2569 เวลา 09.30 น.", first.GetProperty("publishedAtThai").GetString());
        Assert.Equal("24 พฤศจิกายน 2569", items[1].GetProperty("publishedAtThai").GetString()); // no time given: the day only
        Assert.Equal("ย่อหน้าแรกของข่าว ย่อหน้าที่สอง", first.GetProperty("summary").GetString());
        Assert.False(first.TryGetProperty("description", out _));
        Assert.Equal("http://web.senate.go.th/w3c/senate/pictures/news/1.jpg", first.GetProperty("imageUrl").GetString());
        Assert.Equal("http://web.senate.go.th/w3c/senate/pictures/news/2.jpg", first.GetProperty("photos")[0].GetString());
        Assert.True(first.GetProperty("headline").GetBoolean());
        Assert.Equal("2026-11-24T10:00:00+07:00", first.GetProperty("updatedAt").GetString()); // whole seconds, +07:00
        Assert.Equal("chantra://news/00000000000000a1", first.GetProperty("deepLink").GetString());
        Assert.DoesNotContain("fingerprint", answer.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ข่าวประชาสัมพันธ์", answer.Text, StringComparison.Ordinal); // Thai as Thai, not \u escapes
    }

    [Fact]
    public async Task Filters_reach_the_catalog_and_the_last_page_leaves_the_token_out()
    {
        _catalog.Setup(c => c.QueryAsync(It.IsAny<NewsQuery>(), It.IsAny<CancellationToken>())).ReturnsAsync(new NewsPage([], null));

        var answer = await List(Query(("category", "ข่าวกิจกรรม"), ("pageSize", "100"), ("continuationToken", "abc.1_x-y"), ("utm_source", "line")));

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.False(answer.Json.TryGetProperty("continuationToken", out _));
        _catalog.Verify(c => c.QueryAsync(new NewsQuery("ข่าวกิจกรรม", 100, "abc.1_x-y"), It.IsAny<CancellationToken>()), Times.Once);
        _catalog.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("pageSize", "0")]
    [InlineData("pageSize", "101")]
    [InlineData("pageSize", "ten")]
    [InlineData("continuationToken", "not a token!")]
    [InlineData("category", "\u0001")]
    public async Task A_bad_parameter_is_a_400_problem_naming_it_in_Thai_and_English(string name, string value)
    {
        var answer = await List(Query((name, value)));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        var problem = answer.Json;
        Assert.Equal(ProblemTitleTh, problem.GetProperty("titleTh").GetString());
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal(name, error.GetProperty("parameter").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("messageTh").GetString()));
        _catalog.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_long_category_and_a_repeated_parameter_are_400s()
    {
        var tooLong = await List(Query(("category", new string('ก', NewsQueryParser.MaxCategoryLength + 1))));
        var repeated = await List(QueryString.Create(new[] { new KeyValuePair<string, string?>("pageSize", "1"), new KeyValuePair<string, string?>("pageSize", "2") }));

        Assert.Equal("category", tooLong.Json.GetProperty("errors")[0].GetProperty("parameter").GetString());
        Assert.Equal("pageSize", repeated.Json.GetProperty("errors")[0].GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task A_token_the_store_refuses_is_a_400_naming_continuationToken()
    {
        _catalog.Setup(c => c.QueryAsync(It.IsAny<NewsQuery>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidContinuationTokenException("The continuation token was issued for other filters or another page size."));

        var answer = await List(Query(("continuationToken", "abc")));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal("continuationToken", answer.Json.GetProperty("errors")[0].GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task One_item_carries_its_full_text_and_answers_304_to_its_own_etag()
    {
        _catalog.Setup(c => c.GetAsync("00000000000000a1", It.IsAny<CancellationToken>())).ReturnsAsync(Item("00000000000000a1"));

        var answer = await Get("00000000000000a1");
        var again = await Get("00000000000000a1", answer.ETag);
        var weak = await Get("00000000000000a1", "W/" + answer.ETag);

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.Equal("ย่อหน้าแรกของข่าว\n\nย่อหน้าที่สอง", answer.Json.GetProperty("description").GetString());
        Assert.Equal(StatusCodes.Status304NotModified, again.Status);
        Assert.Empty(again.Body);
        Assert.Equal(answer.ETag, again.ETag);
        Assert.Equal(StatusCodes.Status304NotModified, weak.Status);
    }

    [Theory]
    [InlineData("00000000000000ff")] // plausible, not stored
    [InlineData("../../etc")] // never reaches storage
    [InlineData("ABCDEF0000000000")] // ids are lowercase
    public async Task An_unknown_item_is_a_404_problem(string id)
    {
        _catalog.Setup(c => c.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((NewsItem?)null);

        var answer = await Get(id);

        Assert.Equal(StatusCodes.Status404NotFound, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        Assert.Equal("ไม่พบข้อมูล", answer.Json.GetProperty("titleTh").GetString());
        if (!NewsQueryParser.IsPlausibleId(id))
        {
            _catalog.VerifyNoOtherCalls();
        }
    }
}
