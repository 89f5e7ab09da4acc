using System.Text.Json;
using Chantra.Domain.Bills;
using Chantra.Functions.Bills;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Chantra.Tests.Functions;

/// <summary>
/// The bill list and bill detail functions, called as the Functions host calls them and with their
/// results executed the way ASP.NET Core executes them: status, headers and the JSON on the wire.
/// </summary>
public sealed class BillsApiTests
{
    private const string ProblemTitle = "One or more parameters are invalid.";
    private const string ProblemTitleTh = "พารามิเตอร์บางรายการไม่ถูกต้อง";
    private const string ThaiTitle = "ร่างพระราชบัญญัติภาษีสรรพสามิต (ฉบับที่ ..) พ.ศ. ....";

    private readonly Mock<IBillCatalog> _catalog = new();

    private BillsApi Api() => new(_catalog.Object, NullLogger<BillsApi>.Instance);

    private static BillState Bill(string id, string title = ThaiTitle) => new(
        id, title, "Excise Tax Bill", "คณะรัฐมนตรี", "mof", "https://www.senate.go.th/bills/" + id,
        BillStage.SenateCommittee, BillStatus.Active, "อยู่ระหว่างการพิจารณาของคณะกรรมาธิการวิสามัญ วุฒิสภา",
        new DateOnly(2026, 11, 20),
        new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567), // sub-second part is dropped on the wire
        3, "fp-" + id);

    private void CatalogReturns(BillPage page) =>
        _catalog.Setup(c => c.QueryAsync(It.IsAny<BillQuery>(), It.IsAny<CancellationToken>())).ReturnsAsync(page);

    private async Task<HttpAnswer> List(QueryString query, string? ifNoneMatch = null)
    {
        var ctx = HttpCall.Request("/api/v1/bills", query, ifNoneMatch);
        var result = await Api().ListBills(ctx.Request, CancellationToken.None);
        return await HttpCall.ExecuteAsync(result, ctx);
    }

    private async Task<HttpAnswer> Get(string id, string? ifNoneMatch = null)
    {
        var ctx = HttpCall.Request("/api/v1/bills/" + Uri.EscapeDataString(id), default, ifNoneMatch);
        var result = await Api().GetBill(ctx.Request, id, CancellationToken.None);
        return await HttpCall.ExecuteAsync(result, ctx);
    }

    private static QueryString Query(params (string Name, string Value)[] parameters) =>
        QueryString.Create(parameters.Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)));

    // ---- the list ----------------------------------------------------------------------------

    [Fact]
    public async Task List_is_items_and_continuation_token_in_camel_case_with_thai_unescaped()
    {
        CatalogReturns(new BillPage([Bill("bill-1"), Bill("bill-2", "ร่างพระราชบัญญัติการศึกษาแห่งชาติ พ.ศ. ....")], "next.page-2"));

        var answer = await List(default);

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.StartsWith("application/json", answer.ContentType, StringComparison.Ordinal);
        var root = answer.Json;
        Assert.Equal(["continuationToken", "items"], root.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("next.page-2", root.GetProperty("continuationToken").GetString());
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["bill-1", "bill-2"], items.Select(i => i.GetProperty("id").GetString()));

        var first = items[0];
        var names = first.EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(names, n => Assert.True(char.IsLower(n[0]), $"property '{n}' is not camelCase"));
        foreach (var expected in new[]
                 {
                     "id", "title", "titleEn", "stage", "stageTh", "stageEn", "status", "statusText", "proposer",
                     "ministry", "statusSince", "statusSinceThai", "updatedAt", "updatedAtThai", "sourceUrl",
                 })
        {
            Assert.Contains(expected, names);
        }

        Assert.DoesNotContain("timeline", names); // the list carries no timelines
        Assert.Equal(ThaiTitle, first.GetProperty("title").GetString());
        Assert.Equal("senate-committee", first.GetProperty("stage").GetString());
        Assert.Equal("ชั้นกรรมาธิการ ส.ว.", first.GetProperty("stageTh").GetString());
        Assert.Equal("Senate committee", first.GetProperty("stageEn").GetString());
        Assert.Equal("active", first.GetProperty("status").GetString());
        Assert.Equal("2026-11-20", first.GetProperty("statusSince").GetString());
        Assert.Equal("20 พฤศจิกายน 2569", first.GetProperty("statusSinceThai").GetString());

        // Thai is written as Thai, not as \u0E.. escapes.
        Assert.Contains(ThaiTitle, answer.Text, StringComparison.Ordinal);
        Assert.Contains("ชั้นกรรมาธิการ ส.ว.", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0E", answer.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task List_dates_carry_bangkok_offset_and_buddhist_era_form()
    {
        CatalogReturns(new BillPage([Bill("bill-1")], null));

        var item = (await List(default)).Json.GetProperty("items")[0];

        // 10:00:00.1234567Z is 17:00:00 in Bangkok; the wire form has whole seconds and +07:00.
        var updatedAt = item.GetProperty("updatedAt").GetString();
        Assert.Equal("2026-11-25T17:00:00+07:00", updatedAt);
        Assert.Equal(TimeSpan.FromHours(7), DateTimeOffset.Parse(updatedAt!, System.Globalization.CultureInfo.InvariantCulture).Offset);
        Assert.Equal("25 พฤศจิกายน 2569 เวลา 17.00 น.", item.GetProperty("updatedAtThai").GetString());
    }

    [Fact]
    public async Task Last_page_leaves_the_continuation_token_out()
    {
        CatalogReturns(new BillPage([Bill("bill-1")], null));

        var root = (await List(default)).Json;

        Assert.Equal(1, root.GetProperty("items").GetArrayLength());
        Assert.False(root.TryGetProperty("continuationToken", out _));
    }

    [Fact]
    public async Task Every_filter_reaches_the_catalog_as_a_bill_query()
    {
        CatalogReturns(new BillPage([], null));

        var answer = await List(Query(
            ("stage", "senate-committee"),
            ("status", "active"),
            ("q", "ภาษีสรรพสามิต"),
            ("ministry", "mof"),
            ("updatedSince", "2026-11-20T08:30:00+07:00"),
            ("pageSize", "10"),
            ("continuationToken", "abc.123_x-y")));

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        var expected = new BillQuery(
            BillStage.SenateCommittee, BillStatus.Active, "mof", "ภาษีสรรพสามิต",
            new DateTimeOffset(2026, 11, 20, 8, 30, 0, TimeSpan.FromHours(7)), 10, "abc.123_x-y");
        _catalog.Verify(c => c.QueryAsync(expected, It.IsAny<CancellationToken>()), Times.Once);
        _catalog.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task No_filters_means_the_default_query()
    {
        CatalogReturns(new BillPage([], null));

        await List(default);

        _catalog.Verify(c => c.QueryAsync(new BillQuery(null, null, null, null, null, BillQueryParser.DefaultPageSize, null), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(25, BillQueryParser.DefaultPageSize);
    }

    [Fact]
    public async Task A_date_without_time_means_midnight_in_bangkok()
    {
        BillQuery? seen = null;
        _catalog.Setup(c => c.QueryAsync(It.IsAny<BillQuery>(), It.IsAny<CancellationToken>()))
            .Callback<BillQuery, CancellationToken>((q, _) => seen = q)
            .ReturnsAsync(new BillPage([], null));

        await List(Query(("updatedSince", "2026-11-20")));

        Assert.NotNull(seen);
        Assert.True(seen.UpdatedSince.HasValue);
        Assert.True(seen.UpdatedSince.Value.EqualsExact(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.FromHours(7))));
    }

    public static TheoryData<string, string> InvalidQueries => new()
    {
        { "?stage=senate", "stage" },
        { "?stage=SENATE-COMMITTEE", "stage" },
        { "?status=pending", "status" },
        { "?pageSize=0", "pageSize" },
        { "?pageSize=101", "pageSize" },
        { "?pageSize=abc", "pageSize" },
        { "?pageSize=-5", "pageSize" },
        { "?updatedSince=2026-11-25T08:00:00", "updatedSince" },      // a date-time without an offset
        { "?updatedSince=25%2F11%2F2569", "updatedSince" },
        { "?updatedSince=2026-13-45", "updatedSince" },
        { "?stage=gazette&stage=gazette", "stage" },                   // a repeated parameter
        { "?pageSize=10&pageSize=20", "pageSize" },
        { "?q=" + new string('ก', BillQueryParser.MaxTextLength + 1), "q" },
        { "?q=a%00b", "q" },
        { "?ministry=a%20b", "ministry" },
        { "?continuationToken=%3Cscript%3E", "continuationToken" },
    };

    [Theory]
    [MemberData(nameof(InvalidQueries))]
    public async Task Invalid_parameter_is_400_problem_json_naming_it_without_calling_the_catalog(string query, string parameter)
    {
        var answer = await List(new QueryString(query));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        Assert.Equal("no-store", answer.Headers.CacheControl.ToString());
        var problem = answer.Json;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal(ProblemTitle, problem.GetProperty("title").GetString());
        Assert.Equal(ProblemTitleTh, problem.GetProperty("titleTh").GetString());
        Assert.Equal("/api/v1/bills", problem.GetProperty("instance").GetString());
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        var error = Assert.Single(errors);
        Assert.Equal(parameter, error.GetProperty("parameter").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("messageTh").GetString()));
        Assert.Contains(ProblemTitleTh, answer.Text, StringComparison.Ordinal); // Thai unescaped here too
        Assert.DoesNotContain("   at ", answer.Text, StringComparison.Ordinal);  // never a stack trace
        _catalog.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Several_invalid_parameters_are_all_named()
    {
        var answer = await List(new QueryString("?stage=nope&status=nope&pageSize=0"));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        var parameters = answer.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("parameter").GetString()).ToList();
        Assert.Equal(["pageSize", "stage", "status"], parameters.Order(StringComparer.Ordinal));
        _catalog.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Continuation_token_the_catalog_rejects_is_400_naming_it()
    {
        _catalog.Setup(c => c.QueryAsync(It.IsAny<BillQuery>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidContinuationTokenException("The token was issued for other filters."));

        var answer = await List(Query(("stage", "gazette"), ("continuationToken", "tok.for-other-filters")));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        var problem = answer.Json;
        Assert.Equal(ProblemTitle, problem.GetProperty("title").GetString());
        Assert.Equal(ProblemTitleTh, problem.GetProperty("titleTh").GetString());
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal("continuationToken", error.GetProperty("parameter").GetString());
        Assert.Equal("The token was issued for other filters.", error.GetProperty("message").GetString());
        _catalog.Verify(c => c.QueryAsync(It.Is<BillQuery>(q => q.ContinuationToken == "tok.for-other-filters"), It.IsAny<CancellationToken>()), Times.Once);
    }

    // ---- ETags -------------------------------------------------------------------------------

    [Fact]
    public async Task List_has_an_etag_and_the_same_request_with_it_is_304_without_body()
    {
        CatalogReturns(new BillPage([Bill("bill-1")], "next"));

        var first = await List(Query(("stage", "senate-committee")));
        Assert.Equal(StatusCodes.Status200OK, first.Status);
        var etag = first.ETag;
        Assert.NotNull(etag);
        Assert.Matches("^\"[0-9a-f]{32}\"$", etag);
        Assert.Equal("public, max-age=30, must-revalidate", first.Headers.CacheControl.ToString());

        var again = await List(Query(("stage", "senate-committee")), etag);
        Assert.Equal(StatusCodes.Status304NotModified, again.Status);
        Assert.Empty(again.Body);
        Assert.Equal(etag, again.ETag);

        var weak = await List(Query(("stage", "senate-committee")), "W/" + etag);
        Assert.Equal(StatusCodes.Status304NotModified, weak.Status);
        Assert.Empty(weak.Body);

        var inList = await List(Query(("stage", "senate-committee")), "\"something-else\", W/" + etag);
        Assert.Equal(StatusCodes.Status304NotModified, inList.Status);
    }

    [Fact]
    public async Task Stale_etag_gets_the_full_answer()
    {
        CatalogReturns(new BillPage([Bill("bill-1")], null));
        var before = await List(default);

        CatalogReturns(new BillPage([Bill("bill-1"), Bill("bill-2")], null));
        var after = await List(default, before.ETag);

        Assert.Equal(StatusCodes.Status200OK, after.Status);
        Assert.NotEqual(before.ETag, after.ETag);
        Assert.Equal(2, after.Json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Bill_has_an_etag_and_if_none_match_gives_304_strong_or_weak()
    {
        _catalog.Setup(c => c.GetAsync("bill-7", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoredBill(Bill("bill-7"), [], [], "v1"));

        var first = await Get("bill-7");
        Assert.Equal(StatusCodes.Status200OK, first.Status);
        Assert.NotNull(first.ETag);

        var strong = await Get("bill-7", first.ETag);
        Assert.Equal(StatusCodes.Status304NotModified, strong.Status);
        Assert.Empty(strong.Body);

        var weak = await Get("bill-7", "W/" + first.ETag);
        Assert.Equal(StatusCodes.Status304NotModified, weak.Status);
        Assert.Empty(weak.Body);
    }

    // ---- one bill ----------------------------------------------------------------------------

    [Fact]
    public async Task Bill_comes_with_its_timeline_and_votes()
    {
        var observed = new DateTimeOffset(2026, 11, 25, 3, 15, 42, TimeSpan.Zero).AddTicks(5_000);
        var timeline = new[]
        {
            new TimelineStep(0, BillStage.Introduction, BillStatus.Active, "เสนอร่างโดยคณะรัฐมนตรี", new DateOnly(2026, 1, 15), observed, null, null),
            new TimelineStep(1, BillStage.HouseFinalReadings, BillStatus.Active, "สภาผู้แทนราษฎรลงมติเห็นชอบ วาระที่ 3", new DateOnly(2026, 9, 3), observed,
                "https://example.test/vote.pdf", new VoteTally(301, 12, 5, 82, true, "การประชุมสภาผู้แทนราษฎร ครั้งที่ 12"), "lis"),
            new TimelineStep(2, BillStage.SenateCommittee, BillStatus.Active, "อยู่ระหว่างการพิจารณาของคณะกรรมาธิการวิสามัญ วุฒิสภา", null, observed, null, null, "senate-lawdraft"),
        };
        _catalog.Setup(c => c.GetAsync("bill-42", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoredBill(Bill("bill-42"), timeline, [], "v3"));

        var answer = await Get("bill-42");

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        var bill = answer.Json;
        Assert.Equal("bill-42", bill.GetProperty("id").GetString());
        Assert.Equal(ThaiTitle, bill.GetProperty("title").GetString());
        var steps = bill.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], steps.Select(s => s.GetProperty("sequence").GetInt32()));

        var first = steps[0];
        Assert.Equal("introduction", first.GetProperty("stage").GetString());
        Assert.Equal("การเสนอร่าง", first.GetProperty("stageTh").GetString());
        Assert.Equal("2026-01-15", first.GetProperty("occurredOn").GetString());
        Assert.Equal("15 มกราคม 2569", first.GetProperty("occurredOnThai").GetString());
        Assert.Equal("2026-11-25T10:15:42+07:00", first.GetProperty("observedAt").GetString());
        Assert.False(first.TryGetProperty("vote", out _));

        var voted = steps[1];
        Assert.Equal("house-final-readings", voted.GetProperty("stage").GetString());
        Assert.Equal("สภาผู้แทนราษฎรลงมติเห็นชอบ วาระที่ 3", voted.GetProperty("statusText").GetString());
        Assert.Equal("https://example.test/vote.pdf", voted.GetProperty("sourceUrl").GetString());
        Assert.Equal("lis", voted.GetProperty("source").GetString());
        Assert.Equal("senate-lawdraft", steps[2].GetProperty("source").GetString());
        Assert.False(first.TryGetProperty("source", out _)); // a step of unknown source says nothing rather than null
        var vote = voted.GetProperty("vote");
        Assert.Equal(301, vote.GetProperty("approve").GetInt32());
        Assert.Equal(12, vote.GetProperty("disapprove").GetInt32());
        Assert.Equal(5, vote.GetProperty("abstain").GetInt32());
        Assert.Equal(82, vote.GetProperty("absent").GetInt32());
        Assert.True(vote.GetProperty("passed").GetBoolean());
        Assert.Equal("การประชุมสภาผู้แทนราษฎร ครั้งที่ 12", vote.GetProperty("meeting").GetString());

        var undated = steps[2];
        Assert.False(undated.TryGetProperty("occurredOn", out _));
        Assert.False(undated.TryGetProperty("occurredOnThai", out _));
        Assert.Contains("การประชุมสภาผู้แทนราษฎร ครั้งที่ 12", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_bill_is_404_problem_json()
    {
        _catalog.Setup(c => c.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((StoredBill?)null);

        var answer = await Get("bill-999");

        Assert.Equal(StatusCodes.Status404NotFound, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        var problem = answer.Json;
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal("Not found.", problem.GetProperty("title").GetString());
        Assert.Equal("ไม่พบข้อมูล", problem.GetProperty("titleTh").GetString());
        Assert.Contains("bill-999", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("bill-999", problem.GetProperty("detailTh").GetString(), StringComparison.Ordinal);
        Assert.Null(answer.ETag);
        _catalog.Verify(c => c.GetAsync("bill-999", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("x' or 1 eq 1")]
    [InlineData("PartitionKey eq 'x'")]
    [InlineData("bill#1")]
    [InlineData("ร่าง")]
    [InlineData("")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 65 characters
    public async Task Id_we_never_issue_is_404_without_calling_the_catalog(string id)
    {
        var answer = await Get(id);

        Assert.Equal(StatusCodes.Status404NotFound, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        Assert.Equal("Not found.", answer.Json.GetProperty("title").GetString());
        _catalog.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Problem_bodies_are_valid_json_with_a_type_and_trace_id()
    {
        var answer = await List(new QueryString("?stage=nope"));

        var problem = answer.Json;
        Assert.Equal("https://chantra.senate.go.th/problems/400", problem.GetProperty("type").GetString());
        Assert.Equal("trace-test", problem.GetProperty("traceId").GetString());
        Assert.Equal(JsonValueKind.String, problem.GetProperty("detail").ValueKind);
        Assert.Equal(JsonValueKind.String, problem.GetProperty("detailTh").ValueKind);
    }
}
