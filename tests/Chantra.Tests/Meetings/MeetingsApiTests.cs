using System.Globalization;
using System.Text.Json;
using Chantra.DevHost;
using Chantra.Domain.Bills;
using Chantra.Domain.Meetings;
using Chantra.Functions.Meetings;
using Chantra.Tests.Functions;
using Chantra.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Chantra.Tests.Meetings;

/// <summary>
/// The meeting list, one meeting and the live view, called as the Functions host calls them and with
/// their results executed: status, headers and the JSON on the wire.
/// </summary>
public sealed class MeetingsApiTests
{
    private const string ProblemTitleTh = "พารามิเตอร์บางรายการไม่ถูกต้อง";
    private const string ExciseBill = "ร่างพระราชบัญญัติภาษีสรรพสามิต (ฉบับที่ ..) พ.ศ. ....";

    private static readonly TimeSpan Bangkok = TimeSpan.FromHours(7);

    private readonly Mock<IMeetingCatalog> _catalog = new();

    private MeetingsApi Api() => new(_catalog.Object, new ManualTime(new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero)), new MeetingCalendarOptions(), NullLogger<MeetingsApi>.Instance);

    internal static Meeting Sitting(
        string id,
        DateTimeOffset? start = null,
        DateTimeOffset? end = null,
        bool timesGiven = true,
        MeetingLiveState state = MeetingLiveState.Scheduled,
        int? current = null,
        DateTimeOffset? updatedAt = null,
        MeetingBody body = MeetingBody.Senate,
        string? sittingNumber = "25") =>
        new(
            id, body, Term: 1, Year: 2, BuddhistEraYear: null, "สมัยสามัญประจำปีครั้งที่สอง", SessionKind.Ordinary, sittingNumber, Special: false,
            $"ครั้งที่ {sittingNumber} วันพุธที่ 25 พฤศจิกายน 2569 เวลา 09.30 - 16.30 น.",
            start ?? new DateTimeOffset(2026, 11, 25, 9, 30, 0, Bangkok),
            end ?? (timesGiven ? new DateTimeOffset(2026, 11, 25, 16, 30, 0, Bangkok) : null),
            timesGiven,
            "ห้องประชุมวุฒิสภา อาคารรัฐสภา",
            new Uri("https://www.youtube.com/@senatethailand/live"),
            new Uri("https://msbis.parliament.go.th/meeting/" + id),
            state,
            current,
            [
                new MeetingAgendaEntry(0, 1, "เรื่องด่วน", ExciseBill, "bill-7"),
                new MeetingAgendaEntry(1, 2, "เรื่องด่วน", "ร่างพระราชบัญญัติการศึกษาแห่งชาติ พ.ศ. ....", null),
                new MeetingAgendaEntry(2, null, "เรื่องอื่น ๆ", "กระทู้ถามทั่วไป", null),
            ],
            [
                new MeetingVoteResult("v1", ExciseBill, "มาตรา 3", 2, 150, 3, 10, 37, new Uri("https://msbis.parliament.go.th/vote/1.pdf"), "bill-7", 0),
            ],
            [new MeetingDocument("บันทึกการประชุม", new Uri("https://msbis.parliament.go.th/doc/1.pdf"))],
            updatedAt ?? new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero).AddTicks(1_234_567),
            "fp-" + id);

    private void CatalogReturns(MeetingListPage page) =>
        _catalog.Setup(c => c.QueryAsync(It.IsAny<MeetingQuery>(), It.IsAny<CancellationToken>())).ReturnsAsync(page);

    private async Task<HttpAnswer> List(QueryString query)
    {
        var ctx = HttpCall.Request("/api/v1/meetings", query);
        return await HttpCall.ExecuteAsync(await Api().ListMeetings(ctx.Request, CancellationToken.None), ctx);
    }

    private async Task<HttpAnswer> Get(string id, string? ifNoneMatch = null)
    {
        var ctx = HttpCall.Request("/api/v1/meetings/" + Uri.EscapeDataString(id), default, ifNoneMatch);
        return await HttpCall.ExecuteAsync(await Api().GetMeeting(ctx.Request, id, CancellationToken.None), ctx);
    }

    private async Task<HttpAnswer> Live()
    {
        var ctx = HttpCall.Request("/api/v1/meetings/live");
        return await HttpCall.ExecuteAsync(await Api().GetLiveMeetings(ctx.Request, CancellationToken.None), ctx);
    }

    private static QueryString Query(params (string Name, string Value)[] parameters) =>
        QueryString.Create(parameters.Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)));

    // ---- the list ----------------------------------------------------------------------------

    [Fact]
    public async Task List_is_items_and_token_with_every_meeting_field_in_camel_case()
    {
        CatalogReturns(new MeetingListPage([Sitting("msbis-1"), Sitting("msbis-2")], "next.page-2"));

        var answer = await List(default);

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.StartsWith("application/json", answer.ContentType, StringComparison.Ordinal);
        Assert.NotNull(answer.ETag);
        var root = answer.Json;
        Assert.Equal("next.page-2", root.GetProperty("continuationToken").GetString());
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["msbis-1", "msbis-2"], items.Select(i => i.GetProperty("id").GetString()));

        var m = items[0];
        var names = m.EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(names, n => Assert.True(char.IsLower(n[0]), $"property '{n}' is not camelCase"));
        foreach (var expected in new[]
                 {
                     "id", "body", "bodyTh", "bodyEn", "title", "term", "year", "session", "sessionKind", "sittingNumber", "special",
                     "sittingLine", "start", "startThai", "end", "endThai", "timesGiven", "place", "liveStreamUrl", "sourceUrl", "state",
                     "agenda", "votes", "documents", "updatedAt", "updatedAtThai",
                 })
        {
            Assert.Contains(expected, names);
        }

        Assert.DoesNotContain("fingerprint", names);
        Assert.DoesNotContain("currentItem", names); // not in session: nulls are left out
        Assert.Equal("senate", m.GetProperty("body").GetString());
        Assert.Equal("การประชุมวุฒิสภา", m.GetProperty("bodyTh").GetString());
        Assert.Equal("Senate sitting", m.GetProperty("bodyEn").GetString());
        Assert.Equal("การประชุมวุฒิสภา ครั้งที่ 25", m.GetProperty("title").GetString());
        Assert.Equal("ordinary", m.GetProperty("sessionKind").GetString());
        Assert.Equal("scheduled", m.GetProperty("state").GetString());
        Assert.Equal("2026-11-25T09:30:00+07:00", m.GetProperty("start").GetString());
        Assert.Equal("25 พฤศจิกายน 2569 เวลา 09.30 น.", m.GetProperty("startThai").GetString());
        Assert.Equal("2026-11-25T16:30:00+07:00", m.GetProperty("end").GetString());
        Assert.Equal("2026-11-20T10:00:00+07:00", m.GetProperty("updatedAt").GetString()); // whole seconds, +07:00
        Assert.Equal("20 พฤศจิกายน 2569 เวลา 10.00 น.", m.GetProperty("updatedAtThai").GetString());

        var agenda = m.GetProperty("agenda").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], agenda.Select(a => a.GetProperty("index").GetInt32()));
        Assert.Equal(ExciseBill, agenda[0].GetProperty("title").GetString());
        Assert.Equal("เรื่องด่วน", agenda[0].GetProperty("heading").GetString());
        Assert.Equal("bill-7", agenda[0].GetProperty("billId").GetString());
        Assert.Equal(1, agenda[0].GetProperty("number").GetInt32());
        Assert.All(agenda, a => Assert.Equal("pending", a.GetProperty("state").GetString()));

        var vote = Assert.Single(m.GetProperty("votes").EnumerateArray().ToList());
        Assert.Equal((150, 3, 10, 37), (vote.GetProperty("yes").GetInt32(), vote.GetProperty("no").GetInt32(),
            vote.GetProperty("abstain").GetInt32(), vote.GetProperty("absent").GetInt32()));
        Assert.Equal("มาตรา 3", vote.GetProperty("section").GetString());
        Assert.Equal(2, vote.GetProperty("reading").GetInt32());
        Assert.Equal("https://msbis.parliament.go.th/vote/1.pdf", vote.GetProperty("pdfUrl").GetString());
        Assert.Equal(0, vote.GetProperty("agendaIndex").GetInt32());
        Assert.False(vote.TryGetProperty("key", out _));

        var doc = Assert.Single(m.GetProperty("documents").EnumerateArray().ToList());
        Assert.Equal("บันทึกการประชุม", doc.GetProperty("title").GetString());

        Assert.Contains(ExciseBill, answer.Text, StringComparison.Ordinal); // Thai as Thai, not \u escapes
        Assert.DoesNotContain("\\u0E", answer.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Continuation_token_goes_round_trip_and_the_last_page_leaves_it_out()
    {
        _catalog.Setup(c => c.QueryAsync(It.Is<MeetingQuery>(q => q.ContinuationToken == null), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new MeetingListPage([Sitting("msbis-1")], "tok.page-2"));
        _catalog.Setup(c => c.QueryAsync(It.Is<MeetingQuery>(q => q.ContinuationToken == "tok.page-2"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new MeetingListPage([Sitting("msbis-2")], null));

        var first = (await List(Query(("body", "senate"), ("pageSize", "1")))).Json;
        var token = first.GetProperty("continuationToken").GetString()!;
        var second = (await List(Query(("body", "senate"), ("pageSize", "1"), ("continuationToken", token)))).Json;

        Assert.Equal("msbis-1", first.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Equal("msbis-2", second.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.False(second.TryGetProperty("continuationToken", out _));
        _catalog.Verify(c => c.QueryAsync(new MeetingQuery(null, null, MeetingBody.Senate, 1, "tok.page-2"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Every_filter_reaches_the_catalog_as_a_meeting_query()
    {
        CatalogReturns(new MeetingListPage([], null));

        var answer = await List(Query(("from", "2026-11-01"), ("to", "2026-11-30"), ("body", "joint-sitting"), ("pageSize", "100"), ("continuationToken", "abc.1_x-y")));

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        var expected = new MeetingQuery(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), MeetingBody.JointSitting, 100, "abc.1_x-y");
        _catalog.Verify(c => c.QueryAsync(expected, It.IsAny<CancellationToken>()), Times.Once);
        _catalog.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task No_filters_means_the_default_query_and_unknown_parameters_are_ignored_as_on_the_bill_list()
    {
        CatalogReturns(new MeetingListPage([], null));

        var answer = await List(Query(("utm_source", "line")));

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        _catalog.Verify(c => c.QueryAsync(new MeetingQuery(null, null, null, MeetingQueryParser.DefaultPageSize, null), It.IsAny<CancellationToken>()), Times.Once);
    }

    public static TheoryData<string, string> InvalidQueries => new()
    {
        { "?from=2019-13-01", "from" },
        { "?to=2026-02-30", "to" },
        { "?from=25%2F11%2F2026", "from" },
        { "?from=2026-11-25T09:00:00%2B07:00", "from" },
        { "?from=2569-11-25", "from" },                     // a Buddhist-era year
        { "?from=2026-12-01&to=2026-11-30", "to" },           // from after to
        { "?body=parliament", "body" },
        { "?body=Senate", "body" },
        { "?body=senate&body=house", "body" },               // a repeated parameter
        { "?pageSize=0", "pageSize" },
        { "?pageSize=101", "pageSize" },
        { "?pageSize=ten", "pageSize" },
        { "?continuationToken=%3Cscript%3E", "continuationToken" },
    };

    [Theory]
    [MemberData(nameof(InvalidQueries))]
    public async Task Invalid_parameter_is_400_problem_json_naming_it_in_english_and_thai_without_calling_the_catalog(string query, string parameter)
    {
        var answer = await List(new QueryString(query));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        var problem = answer.Json;
        Assert.Equal(ProblemTitleTh, problem.GetProperty("titleTh").GetString());
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal(parameter, error.GetProperty("parameter").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("messageTh").GetString()));
        Assert.Contains(parameter, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        _catalog.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_buddhist_era_date_is_answered_with_the_christian_era_one()
    {
        var error = (await List(new QueryString("?from=2569-11-25"))).Json.GetProperty("errors")[0];

        Assert.Contains("2026-11-25", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("2026-11-25", error.GetProperty("messageTh").GetString(), StringComparison.Ordinal);
        Assert.Contains("พุทธศักราช", error.GetProperty("messageTh").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continuation_token_the_catalog_rejects_is_400_naming_it()
    {
        _catalog.Setup(c => c.QueryAsync(It.IsAny<MeetingQuery>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidContinuationTokenException("The token was issued for other filters."));

        var answer = await List(Query(("body", "house"), ("continuationToken", "tok.for-other-filters")));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        var error = Assert.Single(answer.Json.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal("continuationToken", error.GetProperty("parameter").GetString());
        Assert.Equal("The token was issued for other filters.", error.GetProperty("message").GetString());
    }

    // ---- one meeting -------------------------------------------------------------------------

    [Fact]
    public async Task Meeting_is_200_with_an_etag_and_if_none_match_gives_304()
    {
        _catalog.Setup(c => c.GetAsync("msbis-4132", It.IsAny<CancellationToken>())).ReturnsAsync(Sitting("msbis-4132"));

        var first = await Get("msbis-4132");
        var again = await Get("msbis-4132", first.ETag);

        Assert.Equal(StatusCodes.Status200OK, first.Status);
        Assert.Equal("msbis-4132", first.Json.GetProperty("id").GetString());
        Assert.Equal(3, first.Json.GetProperty("agenda").GetArrayLength());
        Assert.Equal(StatusCodes.Status304NotModified, again.Status);
        Assert.Empty(again.Body);
    }

    [Fact]
    public async Task Unknown_meeting_is_404_problem_json_in_english_and_thai()
    {
        _catalog.Setup(c => c.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((Meeting?)null);

        var answer = await Get("msbis-999");

        Assert.Equal(StatusCodes.Status404NotFound, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        var problem = answer.Json;
        Assert.Equal("ไม่พบข้อมูล", problem.GetProperty("titleTh").GetString());
        Assert.Contains("msbis-999", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("ไม่พบการประชุม", problem.GetProperty("detailTh").GetString(), StringComparison.Ordinal);
        _catalog.Verify(c => c.GetAsync("msbis-999", It.IsAny<CancellationToken>()), Times.Once);
    }

    public static TheoryData<string> HostileIds => new()
    {
        "../x",
        "..%2Fx",
        "a/b",
        new string('a', 200),
        "x' or 1 eq 1",
        "การประชุม",
        "",
    };

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task Id_we_never_issue_is_404_without_calling_the_catalog(string id)
    {
        var answer = await Get(id);

        Assert.Equal(StatusCodes.Status404NotFound, answer.Status);
        Assert.Equal("Not found.", answer.Json.GetProperty("title").GetString());
        Assert.True(answer.Json.GetProperty("detail").GetString()!.Length < 120, "the detail echoes the id shortened");
        _catalog.VerifyNoOtherCalls();
    }

    // ---- live --------------------------------------------------------------------------------

    [Fact]
    public async Task Live_shows_the_meeting_in_session_with_its_current_item_and_the_next_one()
    {
        _catalog.Setup(c => c.GetLiveAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync([Sitting("msbis-10", state: MeetingLiveState.InSession, current: 1)]);
        _catalog.Setup(c => c.GetUpcomingAsync(1, It.IsAny<CancellationToken>()))
            .ReturnsAsync([Sitting("msbis-11", start: new DateTimeOffset(2026, 11, 26, 9, 30, 0, Bangkok))]);

        var answer = await Live();

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        var root = answer.Json;
        var live = Assert.Single(root.GetProperty("items").EnumerateArray().ToList());
        Assert.Equal("msbis-10", live.GetProperty("id").GetString());
        Assert.Equal("in-session", live.GetProperty("state").GetString());
        var current = live.GetProperty("currentItem");
        Assert.Equal(1, current.GetProperty("index").GetInt32());
        Assert.Equal("ร่างพระราชบัญญัติการศึกษาแห่งชาติ พ.ศ. ....", current.GetProperty("title").GetString());
        Assert.Equal("on-floor", current.GetProperty("state").GetString());
        Assert.Equal(["done", "on-floor", "pending"], live.GetProperty("agenda").EnumerateArray().Select(a => a.GetProperty("state").GetString()));
        Assert.Equal("msbis-11", root.GetProperty("next").GetProperty("id").GetString());
        Assert.Equal("2026-11-26T09:30:00+07:00", root.GetProperty("next").GetProperty("start").GetString());
        _catalog.Verify(c => c.GetUpcomingAsync(1, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Live_with_nothing_in_session_or_ahead_is_an_empty_list_and_an_explicit_null()
    {
        _catalog.Setup(c => c.GetLiveAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _catalog.Setup(c => c.GetUpcomingAsync(1, It.IsAny<CancellationToken>())).ReturnsAsync([]);

        var root = (await Live()).Json;

        Assert.Equal(0, root.GetProperty("items").GetArrayLength());
        Assert.True(root.TryGetProperty("next", out var next));
        Assert.Equal(JsonValueKind.Null, next.ValueKind);
    }

    // ---- routes ------------------------------------------------------------------------------

    [Fact]
    public async Task Literal_routes_win_over_the_id_route_in_the_dev_hosts_routing()
    {
        // The dev host maps every function as below; the Functions host ranks routes the same way.
        var functions = new FunctionCatalog(typeof(Chantra.Functions.ChantraServices).Assembly);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        foreach (var f in functions.Http)
        {
            app.MapMethods("/api/" + f.Route, f.Methods, ctx => ctx.Response.WriteAsync(f.Name));
        }

        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        Assert.Equal("GetLiveMeetings", await http.GetStringAsync(new Uri("/api/v1/meetings/live", UriKind.Relative)));
        Assert.Equal("GetMeeting", await http.GetStringAsync(new Uri("/api/v1/meetings/msbis-4132", UriKind.Relative)));
        Assert.Equal("GetMeetingsCalendar", await http.GetStringAsync(new Uri("/api/v1/meetings.ics", UriKind.Relative)));
        Assert.Equal("ListMeetings", await http.GetStringAsync(new Uri("/api/v1/meetings", UriKind.Relative)));
        await app.StopAsync();
    }

    [Fact]
    public void Meeting_dates_in_the_dto_keep_the_bangkok_offset_when_stored_in_utc()
    {
        var utc = Sitting("msbis-1", start: new DateTimeOffset(2026, 11, 25, 2, 30, 0, TimeSpan.Zero), end: new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero));

        var dto = MeetingDto.From(utc);

        Assert.Equal(Bangkok, dto.Start.Offset);
        Assert.Equal("2026-11-25T09:30:00+07:00", dto.Start.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture));
        Assert.Equal(Bangkok, dto.End!.Value.Offset);
    }

    [Fact]
    public void OpenApi_meeting_enums_are_the_wire_names_the_api_uses()
    {
        var schemas = Chantra.Functions.OpenApi.OpenApiApi.Load()["components"]!["schemas"]!;

        Assert.Equal(MeetingNames.BodyWireNames, schemas["MeetingBody"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(Enum.GetValues<MeetingLiveState>().Select(s => s.ToWire()), schemas["MeetingState"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(Enum.GetValues<AgendaItemState>().Select(s => s.ToWire()),
            schemas["AgendaItem"]!["properties"]!["state"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
    }
}
