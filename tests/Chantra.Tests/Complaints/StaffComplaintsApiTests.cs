using System.Text;
using Chantra.Domain.Complaints;
using Chantra.Domain.Events;
using Chantra.Domain.Push;
using Chantra.Functions.Complaints;
using Chantra.Tests.Devices;
using Chantra.Tests.Functions;
using Chantra.Tests.Infrastructure;
using Chantra.Tests.Staff;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.Tokens;
using Moq;

namespace Chantra.Tests.Complaints;

/// <summary>
/// The staff API over the real services and storage, with Entra-shaped tokens signed by a key
/// made in the test (<see cref="TestTokens"/>): who may call it, what a read records, the status
/// rules, and the one push a status change makes.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StaffComplaintsApiTests(AzuriteFixture azurite) : IDisposable
{
    private const string ProblemJson = "application/problem+json; charset=utf-8";
    private const string Base = "/api/v1/staff/complaints";

    private static readonly IServiceProvider RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();

    private readonly TestTokens _tokens = new();

    public void Dispose() => _tokens.Dispose();

    private StaffComplaintsApi Api(ComplaintRig rig) => rig.StaffApi(_tokens.Access());

    private static HttpContext Request(string method, string path, string? token, string? query = null, string? json = null)
    {
        var ctx = token is null ? TestTokens.Request() : TestTokens.Bearer(token);
        ctx.Request.Method = method;
        ctx.Request.Path = path;
        ctx.RequestServices = RequestServices;
        if (query is not null)
        {
            ctx.Request.QueryString = new QueryString(query);
        }

        if (json is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            ctx.Request.Body = new MemoryStream(bytes);
            ctx.Request.ContentType = "application/json";
            ctx.Request.ContentLength = bytes.Length;
        }

        return ctx;
    }

    private async Task<HttpAnswer> List(ComplaintRig rig, string? token, string? query = null)
    {
        var ctx = Request(HttpMethods.Get, Base, token, query);
        return await HttpCall.ExecuteAsync(await Api(rig).ListStaffComplaints(ctx.Request, CancellationToken.None), ctx);
    }

    private async Task<HttpAnswer> Read(ComplaintRig rig, string number, string? token, string? reason)
    {
        var ctx = Request(HttpMethods.Get, $"{Base}/{number}", token, reason is null ? null : "?reason=" + Uri.EscapeDataString(reason));
        return await HttpCall.ExecuteAsync(await Api(rig).GetStaffComplaint(ctx.Request, number, CancellationToken.None), ctx);
    }

    private async Task<HttpAnswer> Status(ComplaintRig rig, string number, string json, string? token = null)
    {
        var ctx = Request(HttpMethods.Post, $"{Base}/{number}/status", token ?? _tokens.Create(Roles.Manage), json: json);
        return await HttpCall.ExecuteAsync(await Api(rig).ChangeComplaintStatus(ctx.Request, number, CancellationToken.None), ctx);
    }

    private async Task<HttpAnswer> Answer(ComplaintRig rig, string number, string json)
    {
        var ctx = Request(HttpMethods.Post, $"{Base}/{number}/answers", _tokens.Create(Roles.Manage), json: json);
        return await HttpCall.ExecuteAsync(await Api(rig).AnswerComplaint(ctx.Request, number, CancellationToken.None), ctx);
    }

    private async Task<HttpAnswer> Note(ComplaintRig rig, string number, string json)
    {
        var ctx = Request(HttpMethods.Post, $"{Base}/{number}/notes", _tokens.Create(Roles.Manage), json: json);
        return await HttpCall.ExecuteAsync(await Api(rig).AddComplaintNote(ctx.Request, number, CancellationToken.None), ctx);
    }

    [Fact]
    public async Task A_token_without_the_role_is_403_and_a_forged_expired_or_missing_token_is_401()
    {
        var rig = new ComplaintRig(azurite);
        var (number, _, _) = await rig.FileAsync();
        var forger = _tokens.NewKey("key-1"); // the tenant's key id, another key
        var forged = TestTokens.Create(Forge(_tokens.Descriptor(Roles.Manage), forger));
        var expired = _tokens.Create(t =>
        {
            t.IssuedAt = TestTokens.Now.UtcDateTime.AddHours(-3);
            t.NotBefore = TestTokens.Now.UtcDateTime.AddHours(-3);
            t.Expires = TestTokens.Now.UtcDateTime.AddHours(-2);
        }, Roles.Manage);

        var withoutRole = await List(rig, _tokens.Create(Roles.Other));
        var forgedAnswer = await List(rig, forged);
        var expiredAnswer = await List(rig, expired);
        var missing = await List(rig, null);
        var readWithoutRole = await Read(rig, number, _tokens.Create(Roles.Other), "ตรวจสอบ");
        var statusForged = await Status(rig, number, """{"status":"in-review"}""", forged);

        Assert.Equal(StatusCodes.Status403Forbidden, withoutRole.Status);
        Assert.Equal(StatusCodes.Status403Forbidden, readWithoutRole.Status);
        Assert.Equal(StatusCodes.Status401Unauthorized, forgedAnswer.Status);
        Assert.Equal(StatusCodes.Status401Unauthorized, expiredAnswer.Status);
        Assert.Equal(StatusCodes.Status401Unauthorized, missing.Status);
        Assert.Equal(StatusCodes.Status401Unauthorized, statusForged.Status);
        Assert.All(new[] { withoutRole, forgedAnswer, expiredAnswer, missing }, a => Assert.Equal(ProblemJson, a.ContentType));

        // Refused calls read and change nothing.
        var stored = await rig.Store.GetAsync(TrackingNumber.Parse(number).TagId, CancellationToken.None);
        Assert.Equal(ComplaintStatus.Received, stored!.State.Status);
        Assert.DoesNotContain(stored.Audit, a => a.Action == "read-personal-data");
    }

    private static SecurityTokenDescriptor Forge(SecurityTokenDescriptor d, SecurityKey key)
    {
        d.SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256);
        return d;
    }

    [Fact]
    public async Task The_list_filters_and_pages_and_shows_no_personal_data()
    {
        var rig = new ComplaintRig(azurite);
        var (first, _, _) = await rig.FileAsync();
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        var (second, _, _) = await rig.FileAsync(ComplaintRig.Body(kind: "suggestion", subject: "เสนอให้เพิ่มรถโดยสารประจำทาง", details: "รถโดยสารประจำทางสายชนบทมีน้อย ขอเสนอให้เพิ่มรอบวิ่ง", contact: """{"anonymous":true}"""), clientIp: "198.51.100.2");
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        var (third, _, _) = await rig.FileAsync(ComplaintRig.Body(subject: "โรงพยาบาลขาดแพทย์", details: "โรงพยาบาลชุมชนขาดแพทย์เฉพาะทาง", topic: "public-health", contact: """{"anonymous":true}"""), clientIp: "198.51.100.3");
        var token = _tokens.Create(Roles.Manage);

        var all = await List(rig, token);
        var suggestions = await List(rig, token, "?kind=suggestion");
        var health = await List(rig, token, "?topic=public-health&status=received");
        var page1 = await List(rig, token, "?pageSize=2");
        var page2 = await List(rig, token, "?pageSize=2&continuationToken=" + page1.Json.GetProperty("continuationToken").GetString());
        var otherFilters = await List(rig, token, "?pageSize=2&kind=complaint&continuationToken=" + page1.Json.GetProperty("continuationToken").GetString());
        var badStatus = await List(rig, token, "?status=' or 1 eq 1");
        var thatDay = await List(rig, token, "?from=2026-11-25&to=2026-11-25"); // 17:00 in Bangkok
        var dayBefore = await List(rig, token, "?to=2026-11-24");
        var dayAfter = await List(rig, token, "?from=2026-11-26");

        Assert.Equal([third, second, first], all.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("trackingNumber").GetString()));
        Assert.Equal([second], suggestions.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("trackingNumber").GetString()));
        Assert.Equal([third], health.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("trackingNumber").GetString()));
        Assert.Equal(2, page1.Json.GetProperty("items").GetArrayLength());
        Assert.Equal([first], page2.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("trackingNumber").GetString()));
        Assert.False(page2.Json.TryGetProperty("continuationToken", out _));
        Assert.Equal(StatusCodes.Status400BadRequest, otherFilters.Status);
        Assert.Equal(StatusCodes.Status400BadRequest, badStatus.Status);
        Assert.Equal(3, thatDay.Json.GetProperty("items").GetArrayLength());
        Assert.Equal(0, dayBefore.Json.GetProperty("items").GetArrayLength());
        Assert.Equal(0, dayAfter.Json.GetProperty("items").GetArrayLength());
        foreach (var personal in new[] { "สมศรี", "somsri@example.org", "0812345678", "ถนนหน้าโรงเรียนบ้านหนองบัว" })
        {
            Assert.DoesNotContain(personal, all.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Reading_a_complaint_needs_a_reason_and_records_who_when_and_why_before_answering()
    {
        var rig = new ComplaintRig(azurite);
        var (number, _, id) = await rig.FileAsync(ComplaintRig.Body(nationalId: "1101700230708"));
        var token = _tokens.Create(Roles.Manage);

        var noReason = await Read(rig, number, token, null);
        var read = await Read(rig, number, token, "ตรวจสอบข้อเท็จจริงก่อนส่งคณะกรรมาธิการ");

        Assert.Equal(StatusCodes.Status400BadRequest, noReason.Status);
        Assert.Equal("reason", noReason.Json.GetProperty("errors")[0].GetProperty("parameter").GetString());
        Assert.Equal(StatusCodes.Status200OK, read.Status);
        Assert.Equal("private, no-store", read.Headers.CacheControl.ToString());
        var personal = read.Json.GetProperty("personal");
        Assert.Equal("สมศรี มีสุข", personal.GetProperty("name").GetString());
        Assert.Equal("somsri@example.org", personal.GetProperty("email").GetString());
        Assert.Equal("0812345678", personal.GetProperty("phone").GetString());
        Assert.Equal("0708", personal.GetProperty("nationalIdLast4").GetString());
        Assert.StartsWith("ถนนหน้าโรงเรียนบ้านหนองบัว", personal.GetProperty("details").GetString(), StringComparison.Ordinal);

        // The audit row is in the complaint's partition, as written before the answer.
        var audit = (await rig.RowsAsync(rig.Tables.Complaints)).Where(r => r.PartitionKey == id && r.RowKey.StartsWith("audit|", StringComparison.Ordinal) && r.GetString("Action") == "read-personal-data").ToList();
        var entry = Assert.Single(audit);
        Assert.Equal(TestTokens.ObjectId, entry.GetString("ActorId"));
        Assert.Equal(TestTokens.Name, entry.GetString("ActorName"));
        Assert.Equal("ตรวจสอบข้อเท็จจริงก่อนส่งคณะกรรมาธิการ", entry.GetString("Reason"));
        Assert.Equal(rig.Time.GetUtcNow(), entry.GetDateTimeOffset("At"));
        Assert.Contains(read.Json.GetProperty("audit").EnumerateArray(), a => a.GetProperty("action").GetString() == "read-personal-data");
    }

    [Fact]
    public async Task A_status_change_that_breaks_the_rules_is_409_and_changes_nothing()
    {
        var rig = new ComplaintRig(azurite);
        var (number, _, id) = await rig.FileAsync();

        var closeUnanswered = await Status(rig, number, """{"status":"closed"}""");
        var forwardUnreviewed = await Status(rig, number, """{"status":"forwarded","committee":"transport"}""");
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        var review = await Status(rig, number, """{"status":"in-review"}""");
        var answeredWithoutAnswer = await Status(rig, number, """{"status":"answered"}""");
        var rejectWithoutReason = await Status(rig, number, """{"status":"rejected"}""");
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        var rejected = await Status(rig, number, """{"status":"rejected","reasonCode":"out-of-remit"}""");
        var reopen = await Status(rig, number, """{"status":"in-review"}""");

        Assert.Equal(StatusCodes.Status409Conflict, closeUnanswered.Status);
        Assert.Equal(ProblemJson, closeUnanswered.ContentType);
        Assert.Contains("cannot become closed", closeUnanswered.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status409Conflict, forwardUnreviewed.Status);
        Assert.Equal(StatusCodes.Status200OK, review.Status);
        Assert.Equal(StatusCodes.Status409Conflict, answeredWithoutAnswer.Status);
        Assert.Equal(StatusCodes.Status400BadRequest, rejectWithoutReason.Status);
        Assert.Equal(StatusCodes.Status200OK, rejected.Status);
        Assert.Equal(StatusCodes.Status409Conflict, reopen.Status);

        var stored = await rig.Store.GetAsync(id, CancellationToken.None);
        Assert.Equal(ComplaintStatus.Rejected, stored!.State.Status);
        Assert.Equal("out-of-remit", stored.State.ReasonCode);
        Assert.Equal([ComplaintStatus.Received, ComplaintStatus.InReview, ComplaintStatus.Rejected], stored.History.Select(h => h.Status));
        Assert.Equal(["submitted", "status:in-review", "status:rejected"], stored.Audit.OrderBy(a => a.At).Select(a => a.Action));
    }

    [Fact]
    public async Task The_whole_path_is_audited_and_the_citizen_sees_the_public_answer_but_not_the_note()
    {
        var rig = new ComplaintRig(azurite);
        var (number, token, id) = await rig.FileAsync();

        rig.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(200, (await Status(rig, number, """{"status":"in-review"}""")).Status);
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(200, (await Status(rig, number, """{"status":"forwarded","committee":"transport"}""")).Status);
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(200, (await Note(rig, number, """{"text":"โทรคุยกับคุณสมศรีแล้ว จะส่งรูปเพิ่ม"}""")).Status);
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        var answered = await Answer(rig, number, """{"textTh":"คณะกรรมาธิการการคมนาคมได้ประสานกรมทางหลวงชนบทแล้ว","textEn":"The transport committee has contacted the Department of Rural Roads."}""");
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(200, (await Status(rig, number, """{"status":"closed"}""")).Status);

        Assert.Equal("answered", answered.Json.GetProperty("status").GetString());
        var citizen = await rig.TrackAsync(number, token);
        Assert.Equal("closed", citizen.Json.GetProperty("status").GetString());
        var history = citizen.Json.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["received", "in-review", "forwarded", "answered", "answered", "closed"], history.Select(h => h.GetProperty("status").GetString()));
        Assert.Equal("การคมนาคม", history[2].GetProperty("committee").GetProperty("nameTh").GetString());
        Assert.Equal("คณะกรรมาธิการการคมนาคมได้ประสานกรมทางหลวงชนบทแล้ว", history[3].GetProperty("textTh").GetString());
        Assert.DoesNotContain("โทรคุย", citizen.Text, StringComparison.Ordinal);

        var stored = await rig.Store.GetAsync(id, CancellationToken.None);
        Assert.Equal(["submitted", "status:in-review", "status:forwarded", "note", "answer", "status:closed"], stored!.Audit.OrderBy(a => a.At).Select(a => a.Action));
        Assert.All(stored.Audit.Where(a => a.Action != "submitted"), a => Assert.Equal(TestTokens.ObjectId, a.ActorId));
        Assert.DoesNotContain("โทรคุย", await rig.AllStoredTextAsync(), StringComparison.Ordinal); // the note is sealed

        var read = await Read(rig, number, _tokens.Create(Roles.Manage), "ปิดเรื่อง ตรวจทาน");
        Assert.Equal("โทรคุยกับคุณสมศรีแล้ว จะส่งรูปเพิ่ม", read.Json.GetProperty("notes")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_status_change_pushes_once_to_the_complainants_tag_through_the_fan_out()
    {
        var rig = new ComplaintRig(azurite);
        var secret = await rig.RegisterDeviceAsync(language: "en");
        var (number, _, id) = await rig.FileAsync(ComplaintRig.Body(installationId: DeviceRig.InstallationId), deviceSecret: secret);
        var sent = new List<PushNotification>();
        var notifier = new Mock<IPushNotifier>();
        notifier.Setup(n => n.SendTemplateAsync(It.IsAny<PushNotification>(), It.IsAny<CancellationToken>()))
            .Callback<PushNotification, CancellationToken>((p, _) => sent.Add(p))
            .Returns(Task.CompletedTask);
        var fanOut = new PushFanOutService([new BillPushComposer(), new MeetingPushComposer(), new ComplaintPushComposer()], notifier.Object, NullLogger<PushFanOutService>.Instance);

        Assert.Equal(200, (await Status(rig, number, """{"status":"in-review"}""")).Status);
        var outcomes = new List<FanOutOutcome>();
        foreach (var e in rig.Publisher.Published)
        {
            outcomes.Add(await fanOut.HandleAsync(e, CancellationToken.None));
        }

        Assert.Equal([EventTypes.ComplaintReceived, EventTypes.ComplaintStatusChanged], rig.Publisher.Published.Select(e => e.Type));
        Assert.Equal([FanOutOutcome.NotPushed, FanOutOutcome.Sent], outcomes);
        var push = Assert.Single(sent);
        Assert.Equal("complaint:" + id, push.TagExpression);
        Assert.Equal(number + ": Under review", push.Properties["bodyEn"]);
        Assert.Equal(number + ": อยู่ระหว่างการพิจารณา", push.Properties["bodyTh"]);

        // The expression reaches the filing device through its one complaints template, and no other device.
        var device = rig.DeviceRig.Store[DeviceRig.InstallationId]!;
        var templates = Chantra.Domain.Devices.DeviceTemplates.For(device.Platform, device.Language, device.Follows, device.Complaints);
        Assert.Equal([Chantra.Domain.Devices.DeviceTemplates.ComplaintsTemplate],
            templates.Where(t => TagExpression.Matches(push.TagExpression, t.Value.Tags.ToHashSet())).Select(t => t.Key));
        Assert.Contains("$(titleEn)", templates[Chantra.Domain.Devices.DeviceTemplates.ComplaintsTemplate].Body, StringComparison.Ordinal);
        Assert.False(TagExpression.Matches(push.TagExpression, new HashSet<string> { "complaint:R-2569-0000000", "lang:en" }));

        // Delivered again (Service Bus redelivery): the same event id, so the topic's duplicate detection drops it.
        Assert.Single(rig.Publisher.Published.Where(e => e.Type == EventTypes.ComplaintStatusChanged).Select(e => e.Id).Distinct());
    }
}
