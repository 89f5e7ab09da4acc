using System.Text;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.Ministry;
using Chantra.Functions.Ministry;
using Chantra.Tests.Functions;
using Chantra.Tests.Infrastructure;
using Chantra.Tests.Staff;
using Chantra.Tests.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Chantra.Tests.Ministry;

/// <summary>The ministry catalogue, a ministry's bills, and the staff call that sets a bill's ministry.</summary>
public sealed class MinistriesApiTests : IDisposable
{
    private readonly Mock<IBillCatalog> _catalog = new();
    private readonly FakeBillMinistries _ministries = new();
    private readonly TestTokens _tokens = new();
    private readonly List<BillQuery> _queries = [];

    public MinistriesApiTests()
    {
        _catalog.Setup(c => c.QueryAsync(It.IsAny<BillQuery>(), It.IsAny<CancellationToken>()))
            .Callback<BillQuery, CancellationToken>((q, _) => _queries.Add(q))
            .ReturnsAsync(new BillPage([Bill("42", "mof")], "next-page"));
    }

    public void Dispose() => _tokens.Dispose();

    private MinistriesApi Api() => new(_catalog.Object);

    private StaffBillMinistryApi StaffApi(IBillMinistryStore? store = null) =>
        new(new BillMinistryService(store ?? _ministries, new OutboxRelay(new RecordingPublisher(), Mock.Of<IOutboxStore>(), NullLogger<OutboxRelay>.Instance)),
            _tokens.Access(), _tokens.Clock, NullLogger<StaffBillMinistryApi>.Instance);

    private static BillState Bill(string id, string? ministry) => new(
        id, "ร่างพระราชบัญญัติภาษีสรรพสามิต (ฉบับที่ ..) พ.ศ. ....", null, "คณะรัฐมนตรี", ministry, null,
        BillStage.SenateCommittee, BillStatus.Active, "อยู่ระหว่างการพิจารณาของคณะกรรมาธิการ", null, new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), 3, "fp");

    private async Task<HttpAnswer> Bills(string code, QueryString query = default)
    {
        var ctx = HttpCall.Request($"/api/v1/ministries/{code}/bills", query);
        return await HttpCall.ExecuteAsync(await Api().ListMinistryBills(ctx.Request, code, default), ctx);
    }

    private async Task<HttpAnswer> SetMinistry(string billId, string body, string? token)
    {
        var ctx = token is null ? TestTokens.Request() : TestTokens.Bearer(token);
        ctx.Request.Method = "PUT";
        ctx.Request.Path = $"/api/v1/staff/bills/{billId}/ministry";
        var bytes = Encoding.UTF8.GetBytes(body);
        ctx.Request.Body = new MemoryStream(bytes);
        ctx.Request.ContentLength = bytes.Length;
        return await HttpCall.ExecuteAsync(await StaffApi().SetBillMinistry(ctx.Request, billId, default), ctx);
    }

    [Fact]
    public async Task The_catalogue_lists_ministries_and_agencies_with_an_etag()
    {
        var ctx = HttpCall.Request("/api/v1/ministries");
        var answer = await HttpCall.ExecuteAsync(Api().ListMinistries(ctx.Request), ctx);
        var again = HttpCall.Request("/api/v1/ministries", ifNoneMatch: answer.ETag);
        var notModified = await HttpCall.ExecuteAsync(Api().ListMinistries(again.Request), again);

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.NotNull(answer.ETag);
        var items = answer.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(MinistryCatalog.All.Count, items.Count);
        var mof = items.Single(i => i.GetProperty("code").GetString() == "mof");
        Assert.Equal("กระทรวงการคลัง", mof.GetProperty("nameTh").GetString());
        Assert.Equal("Ministry of Finance", mof.GetProperty("nameEn").GetString());
        Assert.Equal("ministry", mof.GetProperty("kind").GetString());
        var ocs = items.Single(i => i.GetProperty("code").GetString() == "ocs");
        Assert.Equal("agency", ocs.GetProperty("kind").GetString());
        Assert.Equal("Office of the Council of State", ocs.GetProperty("nameEn").GetString());
        Assert.Contains("สำนักงบประมาณ", answer.Text, StringComparison.Ordinal); // Thai as Thai, not \u escapes
        Assert.False(answer.Json.TryGetProperty("continuationToken", out _));
        Assert.Equal(StatusCodes.Status304NotModified, notModified.Status);
    }

    [Fact]
    public async Task A_ministrys_bills_are_the_bill_list_filtered_by_it()
    {
        var answer = await Bills("mof", QueryString.Create(new Dictionary<string, string?> { ["pageSize"] = "10", ["continuationToken"] = "abc", ["stage"] = "senate-committee" }));

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.Equal("42", answer.Json.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Equal("mof", answer.Json.GetProperty("items")[0].GetProperty("ministry").GetString());
        Assert.Equal("next-page", answer.Json.GetProperty("continuationToken").GetString());
        Assert.NotNull(answer.ETag);
        var query = Assert.Single(_queries);
        Assert.Equal("mof", query.Ministry);
        Assert.Equal(10, query.PageSize);
        Assert.Equal("abc", query.ContinuationToken);
        Assert.Equal(BillStage.SenateCommittee, query.Stage);
    }

    [Fact]
    public async Task An_unknown_ministry_is_a_404_without_a_storage_call()
    {
        var answer = await Bills("ministry-of-magic");

        Assert.Equal(StatusCodes.Status404NotFound, answer.Status);
        Assert.Contains("GET /api/v1/ministries", answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_queries);
    }

    [Theory]
    [InlineData("pageSize", "0")]
    [InlineData("pageSize", "many")]
    [InlineData("pageSize", "101")]
    [InlineData("continuationToken", "not a token!")]
    [InlineData("ministry", "moph")]
    [InlineData("stage", "senate")]
    public async Task Bad_parameters_are_a_400_naming_them(string name, string value)
    {
        var answer = await Bills("mof", QueryString.Create(name, value));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Contains(name, answer.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("parameter").GetString()));
        Assert.Empty(_queries);
    }

    [Fact]
    public async Task A_token_we_did_not_issue_is_a_400()
    {
        _catalog.Setup(c => c.QueryAsync(It.IsAny<BillQuery>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidContinuationTokenException("not ours"));

        var answer = await Bills("mof", QueryString.Create("continuationToken", "abc"));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal("continuationToken", answer.Json.GetProperty("errors")[0].GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Staff_set_a_bills_ministry_and_clear_it()
    {
        var token = _tokens.Create(MinistryRoles.Manage);

        var set = await SetMinistry("42", """{ "ministry": "mof" }""", token);
        var cleared = await SetMinistry("42", """{ "ministry": null }""", token);

        Assert.Equal(StatusCodes.Status200OK, set.Status);
        Assert.Equal("mof", set.Json.GetProperty("ministry").GetString());
        Assert.Equal("mof", set.Json.GetProperty("staffMinistry").GetString());
        Assert.Equal(TestTokens.ObjectId, set.Json.GetProperty("setBy").GetString());
        Assert.Equal(StatusCodes.Status200OK, cleared.Status);
        Assert.False(cleared.Json.TryGetProperty("staffMinistry", out _));
        Assert.Empty(_ministries.Overrides);
    }

    [Fact]
    public async Task Setting_an_unknown_ministry_is_a_400_and_an_unknown_bill_a_404()
    {
        var token = _tokens.Create(MinistryRoles.Manage);
        var missing = new Mock<IBillMinistryStore>();
        missing.Setup(m => m.SetOverrideAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((BillMinistryChange?)null);

        var unknownCode = await SetMinistry("42", """{ "ministry": "ministry-of-magic" }""", token);
        var ctx = TestTokens.Bearer(token);
        ctx.Request.Method = "PUT";
        ctx.Request.Body = new MemoryStream("""{ "ministry": "mof" }"""u8.ToArray());
        var unknownBill = await HttpCall.ExecuteAsync(await StaffApi(missing.Object).SetBillMinistry(ctx.Request, "999999", default), ctx);

        Assert.Equal(StatusCodes.Status400BadRequest, unknownCode.Status);
        Assert.Equal("ministry", unknownCode.Json.GetProperty("errors")[0].GetProperty("parameter").GetString());
        Assert.Equal(StatusCodes.Status404NotFound, unknownBill.Status);
    }

    [Fact]
    public async Task Setting_a_ministry_needs_the_role()
    {
        var forbidden = await SetMinistry("42", """{ "ministry": "mof" }""", _tokens.Create("Complaints.Manage"));
        var anonymous = await SetMinistry("42", """{ "ministry": "mof" }""", null);

        Assert.Equal(StatusCodes.Status403Forbidden, forbidden.Status);
        Assert.Equal(StatusCodes.Status401Unauthorized, anonymous.Status);
        Assert.Empty(_ministries.Overrides);
    }
}
