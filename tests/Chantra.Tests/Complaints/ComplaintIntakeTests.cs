using System.Text;
using System.Text.Json;
using Chantra.Domain.Complaints;
using Chantra.Domain.Devices;
using Chantra.Domain.Events;
using Chantra.Functions.Complaints;
using Chantra.Tests.Devices;
using Chantra.Tests.Functions;
using Chantra.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Chantra.Tests.Complaints;

/// <summary>
/// Filing a complaint and following it, through the HTTP functions over the real services and
/// storage (Azurite): idempotency, tracking, what is stored, what is logged, limits.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ComplaintIntakeTests(AzuriteFixture azurite)
{
    private const string ProblemJson = "application/problem+json; charset=utf-8";
    private const string Name = "สมศรี มีสุข";
    private const string Email = "somsri@example.org";
    private const string Phone = "0812345678";
    private const string PhoneAsTyped = "081-234-5678";
    private const string NationalId = "1101700230708"; // checksum-valid, not a real person's

    [Fact]
    public async Task A_valid_complaint_is_stored_and_answered_201_with_a_tracking_number_and_a_once_shown_token()
    {
        var rig = new ComplaintRig(azurite);

        var answer = await rig.SubmitAsync(ComplaintRig.Body());

        Assert.Equal(StatusCodes.Status201Created, answer.Status);
        Assert.Equal("no-store", answer.Headers.CacheControl.ToString());
        var number = answer.Json.GetProperty("trackingNumber").GetString()!;
        Assert.StartsWith("ร-2569-", number, StringComparison.Ordinal); // 2026 is B.E. 2569
        Assert.True(TrackingNumber.TryParse(number, out _));
        var token = answer.Json.GetProperty("trackingToken").GetString()!;
        Assert.True(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Length >= 16, "the token carries at least 128 bits");
        Assert.Equal("received", answer.Json.GetProperty("status").GetString());
        Assert.False(answer.Json.TryGetProperty("duplicateOf", out _));
        Assert.Equal(1, (await rig.CountAsync()).Complaints);

        var received = Assert.Single(rig.Publisher.Published);
        Assert.Equal(EventTypes.ComplaintReceived, received.Type);
        Assert.Equal("complaints/" + TrackingNumber.Parse(number).TagId, received.Subject);
        Assert.Equal("transport", received.Data["topic"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failed_publish_leaves_the_event_in_the_outbox_for_the_sweeper_and_the_staff_list_still_shows_the_complaint()
    {
        var rig = new ComplaintRig(azurite);
        rig.Publisher.FailuresLeft = 1;

        var (_, _, id) = await rig.FileAsync();
        var listed = await rig.Store.QueryAsync(new ComplaintQuery(), CancellationToken.None);
        rig.Time.Advance(TimeSpan.FromMinutes(5));
        var sweeper = new OutboxSweeper(rig.Store, new OutboxRelay(rig.Publisher, rig.Store, Microsoft.Extensions.Logging.Abstractions.NullLogger<OutboxRelay>.Instance),
            rig.Time, new OutboxSweeperOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger<OutboxSweeper>.Instance);
        var swept = await sweeper.SweepAsync(CancellationToken.None);
        var again = await sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(id, Assert.Single(listed.Items).TrackingId);
        Assert.Equal(1, swept);
        Assert.Equal(0, again);
        Assert.Equal(EventTypes.ComplaintReceived, Assert.Single(rig.Publisher.Published).Type);
        Assert.DoesNotContain(await rig.RowsAsync(rig.Tables.Complaints), r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_idempotent_retry_creates_one_complaint_and_gets_the_first_answer_with_its_token()
    {
        var rig = new ComplaintRig(azurite);
        var body = ComplaintRig.Body();

        var first = await rig.SubmitAsync(body, idempotencyKey: "3f1c9a7e-5b2d-4e8f-a6c1-0d9e8b7a6f54");
        var retry = await rig.SubmitAsync(body, idempotencyKey: "3f1c9a7e-5b2d-4e8f-a6c1-0d9e8b7a6f54");

        Assert.Equal(StatusCodes.Status201Created, first.Status);
        Assert.Equal(StatusCodes.Status201Created, retry.Status);
        Assert.Equal(first.Json.GetProperty("trackingNumber").GetString(), retry.Json.GetProperty("trackingNumber").GetString());
        Assert.Equal(first.Json.GetProperty("trackingToken").GetString(), retry.Json.GetProperty("trackingToken").GetString());
        Assert.Equal("true", retry.Headers[ComplaintsApi.ReplayedHeader].ToString());
        Assert.True(retry.Json.GetProperty("replayed").GetBoolean());
        Assert.Equal(1, (await rig.CountAsync()).Complaints);
        Assert.Single(rig.Publisher.Published);

        // The token the retry got opens the complaint.
        var tracked = await rig.TrackAsync(retry.Json.GetProperty("trackingNumber").GetString()!, retry.Json.GetProperty("trackingToken").GetString());
        Assert.Equal(StatusCodes.Status200OK, tracked.Status);
    }

    [Fact]
    public async Task The_same_idempotency_key_with_another_body_is_422_and_stores_nothing_new()
    {
        var rig = new ComplaintRig(azurite);
        var first = await rig.SubmitAsync(ComplaintRig.Body(), idempotencyKey: "key-1");

        var other = await rig.SubmitAsync(ComplaintRig.Body(subject: "ขอให้ตรวจสอบงบประมาณซ่อมถนน"), idempotencyKey: "key-1");

        Assert.Equal(StatusCodes.Status201Created, first.Status);
        Assert.Equal(StatusCodes.Status422UnprocessableEntity, other.Status);
        Assert.Equal(ProblemJson, other.ContentType);
        Assert.Equal("คีย์ Idempotency-Key นี้ถูกใช้กับเนื้อหาอื่นแล้ว", other.Json.GetProperty("titleTh").GetString());
        Assert.Equal(1, (await rig.CountAsync()).Complaints);
    }

    [Fact]
    public async Task After_24_hours_an_idempotency_key_is_forgotten()
    {
        var rig = new ComplaintRig(azurite);
        var body = ComplaintRig.Body();
        var first = await rig.SubmitAsync(body, idempotencyKey: "daily-key");

        rig.Time.Advance(TimeSpan.FromHours(25));
        var later = await rig.SubmitAsync(ComplaintRig.Body(subject: "เรื่องใหม่ของวันถัดไป", details: "รายละเอียดของเรื่องใหม่ซึ่งไม่เกี่ยวกับเรื่องเดิมเลยแม้แต่น้อย"), idempotencyKey: "daily-key");

        Assert.Equal(StatusCodes.Status201Created, later.Status);
        Assert.NotEqual(first.Json.GetProperty("trackingNumber").GetString(), later.Json.GetProperty("trackingNumber").GetString());
        Assert.Equal(2, (await rig.CountAsync()).Complaints);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ไทย")]
    [InlineData("a/b")]
    public async Task A_malformed_idempotency_key_is_400(string key)
    {
        var rig = new ComplaintRig(azurite);

        var answer = await rig.SubmitAsync(ComplaintRig.Body(), idempotencyKey: key);

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal(ComplaintsApi.IdempotencyKeyHeader, answer.Json.GetProperty("errors")[0].GetProperty("parameter").GetString());
        Assert.Equal(0, (await rig.CountAsync()).Complaints);
    }

    [Fact]
    public async Task The_token_holder_sees_status_and_public_history_without_personal_data()
    {
        var rig = new ComplaintRig(azurite);
        var (number, token, _) = await rig.FileAsync(ComplaintRig.Body(nationalId: NationalId));

        var answer = await rig.TrackAsync(number, token);

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.NotNull(answer.ETag);
        Assert.Equal(number, answer.Json.GetProperty("trackingNumber").GetString());
        Assert.Equal("received", answer.Json.GetProperty("status").GetString());
        Assert.Equal("ได้รับเรื่องแล้ว", answer.Json.GetProperty("statusTh").GetString());
        var entry = Assert.Single(answer.Json.GetProperty("history").EnumerateArray());
        Assert.Equal("status", entry.GetProperty("type").GetString());
        Assert.EndsWith("+07:00", entry.GetProperty("at").GetString(), StringComparison.Ordinal);
        foreach (var secret in new[] { Name, Email, Phone, NationalId, "ถนนหน้าโรงเรียนบ้านหนองบัว" })
        {
            Assert.DoesNotContain(secret, answer.Text, StringComparison.Ordinal);
        }

        // The ASCII form of the number reaches the same complaint.
        Assert.Equal(StatusCodes.Status200OK, (await rig.TrackAsync(TrackingNumber.Parse(number).TagId, token)).Status);
    }

    [Fact]
    public async Task Wrong_token_missing_token_unknown_number_and_malformed_number_answer_alike()
    {
        var rig = new ComplaintRig(azurite);
        var (number, token, _) = await rig.FileAsync();
        var parsed = TrackingNumber.Parse(number);
        var unknown = TrackingNumber.New(ComplaintKind.Complaint, rig.Time.GetUtcNow()).Value;
        Assert.NotEqual(number, unknown);

        var answers = new[]
        {
            await rig.TrackAsync(number, TrackingToken.New()),
            await rig.TrackAsync(number, null),
            await rig.TrackAsync(number, token[..^2]),
            await rig.TrackAsync(unknown, token),
            await rig.TrackAsync(unknown, null),
            await rig.TrackAsync("ร-2569-XXXXXX0", token),
            await rig.TrackAsync(parsed.TagId + "Z", token),
        };

        // "instance" echoes the path the caller sent and traceId is per request: everything else is identical.
        var bodies = answers.Select(a => Normalised(a.Text)).Distinct().ToList();
        Assert.All(answers, a => Assert.Equal(StatusCodes.Status404NotFound, a.Status));
        Assert.All(answers, a => Assert.Equal(ProblemJson, a.ContentType));
        Assert.All(answers, a => Assert.Equal("no-store", a.Headers.CacheControl.ToString()));
        Assert.Single(bodies);
    }

    private static string Normalised(string problem)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(problem)!.AsObject();
        node.Remove("instance");
        node.Remove("traceId");
        return node.ToJsonString();
    }

    [Fact]
    public async Task The_national_id_is_stored_only_as_a_keyed_hash_and_its_last_four_digits_and_contact_details_only_sealed()
    {
        var rig = new ComplaintRig(azurite);
        var (_, _, id) = await rig.FileAsync(ComplaintRig.Body(nationalId: "1-1017-00230-70-8"));

        var stored = await rig.AllStoredTextAsync();
        var state = (await rig.RowsAsync(rig.Tables.Complaints)).Single(r => r.RowKey == "state");

        foreach (var secret in new[] { NationalId, "1-1017-00230-70-8", "110170023070", Name, "สมศรี", Email, "somsri", Phone, PhoneAsTyped, "ถนนหน้าโรงเรียนบ้านหนองบัว" })
        {
            Assert.DoesNotContain(secret, stored, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal("0708", state.GetString("NationalIdLast4"));
        Assert.Equal(await rig.Protector.KeyedHashAsync(NationalId, ComplaintSeals.NationalIdPurpose, CancellationToken.None), state.GetString("NationalIdHash"));
        Assert.StartsWith("v1.", state.GetString("SealedName"), StringComparison.Ordinal);
        Assert.StartsWith("v1.", state.GetString("SealedEmail"), StringComparison.Ordinal);
        Assert.StartsWith("v1.", state.GetString("SealedPhone"), StringComparison.Ordinal);
        Assert.StartsWith("v1.", state.GetString("SealedDetails"), StringComparison.Ordinal);
        Assert.StartsWith("v1.local:", state.GetString("WrappedKey"), StringComparison.Ordinal);
        Assert.Equal("ถนนหน้าโรงเรียนชำรุด", state.GetString("Subject")); // kept in clear for staff lists
        Assert.Equal(ComplaintRig.NoticeVersion, state.GetString("ConsentNoticeVersion"));
        Assert.Equal(rig.Time.GetUtcNow(), state.GetDateTimeOffset("ConsentAt"));

        // What is sealed opens again with the record's key, and only in its own field.
        using var key = await rig.Protector.OpenRecordKeyAsync(state.GetString("WrappedKey"), CancellationToken.None);
        Assert.Equal(Name, key.Open(state.GetString("SealedName"), ComplaintSeals.Name(id)));
        Assert.Equal(Phone, key.Open(state.GetString("SealedPhone"), ComplaintSeals.Phone(id)));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => key.Open(state.GetString("SealedName"), ComplaintSeals.Email(id)));
    }

    [Theory]
    [InlineData("1101700230705")] // wrong check digit
    [InlineData("0101700230708")] // no category 0
    [InlineData("110170023070")] // 12 digits
    [InlineData("abcdefghijklm")]
    public async Task An_invalid_national_id_is_400_and_not_stored(string nationalId)
    {
        var rig = new ComplaintRig(azurite);

        var answer = await rig.SubmitAsync(ComplaintRig.Body(nationalId: nationalId));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Equal("nationalId", answer.Json.GetProperty("errors")[0].GetProperty("parameter").GetString());
        Assert.Equal((0, 0), await rig.CountAsync());
    }

    [Fact]
    public async Task The_logs_and_events_of_a_full_submission_hold_no_personal_data()
    {
        using var capture = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
        var rig = new ComplaintRig(azurite, loggers);
        var secret = await rig.RegisterDeviceAsync();

        // A first complaint, a near-copy of it (the duplicate check opens the first), a retry, and the tracking read.
        var body = ComplaintRig.Body(nationalId: NationalId, installationId: DeviceRig.InstallationId);
        var first = await rig.SubmitAsync(body, idempotencyKey: "log-test", deviceSecret: secret);
        var copy = await rig.SubmitAsync(ComplaintRig.Body(
            details: "ถนนหน้าโรงเรียนบ้านหนองบัวชำรุดเป็นหลุมลึกมานานกว่าหกเดือน เด็กนักเรียนขี่จักรยานตกหลุมบาดเจ็บหลายครั้ง ขอให้วุฒิสภาช่วยติดตามการซ่อมแซม",
            nationalId: NationalId));
        var retry = await rig.SubmitAsync(body, idempotencyKey: "log-test", deviceSecret: secret);
        await rig.TrackAsync(first.Json.GetProperty("trackingNumber").GetString()!, first.Json.GetProperty("trackingToken").GetString());

        Assert.Equal(StatusCodes.Status201Created, first.Status);
        Assert.Equal(StatusCodes.Status201Created, copy.Status);
        Assert.Equal(StatusCodes.Status201Created, retry.Status);
        Assert.NotEmpty(capture.Lines);
        Assert.Contains(capture.Lines, l => l.Contains("received", StringComparison.Ordinal));
        var logs = string.Join("\n", capture.Lines);
        var events = string.Join("\n", rig.Publisher.Published.Select(e => e.ToJson()));
        Assert.Equal(2, rig.Publisher.Published.Count);
        foreach (var personal in new[] { Name, "สมศรี", Email, "somsri", Phone, PhoneAsTyped, NationalId, ComplaintRig.ClientIp, "ถนนหน้าโรงเรียนบ้านหนองบัว" })
        {
            Assert.DoesNotContain(personal, logs, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(personal, events, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task The_sixth_submission_from_one_address_in_ten_minutes_is_429_with_retry_after()
    {
        var rig = new ComplaintRig(azurite);
        for (var i = 0; i < 5; i++)
        {
            var ok = await rig.SubmitAsync(ComplaintRig.Body(subject: $"เรื่องที่ {i + 1}", details: $"รายละเอียดเรื่องที่ {i + 1} " + new string('ก', i * 40), contact: """{"anonymous":true}"""));
            Assert.Equal(StatusCodes.Status201Created, ok.Status);
        }

        var limited = await rig.SubmitAsync(ComplaintRig.Body(contact: """{"anonymous":true}"""));
        var otherClient = await rig.SubmitAsync(ComplaintRig.Body(contact: """{"anonymous":true}"""), clientIp: "198.51.100.20");

        Assert.Equal(StatusCodes.Status429TooManyRequests, limited.Status);
        Assert.Equal(ProblemJson, limited.ContentType);
        var retryAfter = int.Parse(limited.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 600);
        Assert.Equal(StatusCodes.Status201Created, otherClient.Status);
        Assert.Equal(6, (await rig.CountAsync()).Complaints);

        // The window passes: the same address may file again.
        rig.Time.Advance(TimeSpan.FromSeconds(retryAfter));
        Assert.Equal(StatusCodes.Status201Created, (await rig.SubmitAsync(ComplaintRig.Body(subject: "อีกเรื่องหนึ่ง", contact: """{"anonymous":true}"""))).Status);
    }

    [Fact]
    public async Task A_device_files_at_most_its_hourly_limit_from_any_address()
    {
        var rig = new ComplaintRig(azurite, options: new ComplaintOptions
        {
            RateLimits = new ComplaintRateLimitOptions { PerDevice = [new RateLimitRule { Limit = 2, Window = TimeSpan.FromHours(1) }] },
        });
        var secret = await rig.RegisterDeviceAsync();
        var answers = new List<HttpAnswerSummary>();
        for (var i = 0; i < 3; i++)
        {
            var a = await rig.SubmitAsync(ComplaintRig.Body(subject: $"เรื่อง {i}", contact: """{"anonymous":true}""", installationId: DeviceRig.InstallationId),
                deviceSecret: secret, clientIp: $"198.51.100.{i + 1}");
            answers.Add(new(a.Status, a.Headers.RetryAfter.ToString()));
        }

        Assert.Equal([201, 201, 429], answers.Select(a => a.Status));
        Assert.InRange(int.Parse(answers[2].RetryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
    }

    private sealed record HttpAnswerSummary(int Status, string RetryAfter);

    [Fact]
    public async Task A_33_KB_body_is_413_problem_json_whether_or_not_it_declares_its_length()
    {
        var rig = new ComplaintRig(azurite);
        var huge = Encoding.UTF8.GetBytes(ComplaintRig.Body(details: new string('ก', 11 * 1024))); // 3 bytes each: 33 KB

        Assert.True(huge.Length > 33 * 1024);
        var declared = await rig.SubmitBytesAsync(huge);
        var chunked = await rig.SubmitBytesAsync(huge, sendLength: false);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, declared.Status);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, chunked.Status);
        Assert.Equal(ProblemJson, declared.ContentType);
        Assert.Equal("เนื้อหาคำขอใหญ่เกินไป", declared.Json.GetProperty("titleTh").GetString());
        Assert.Equal((0, 0), await rig.CountAsync());
    }

    [Fact]
    public async Task A_near_duplicate_from_the_same_contact_within_a_day_is_stored_linked_and_the_citizen_is_told()
    {
        var rig = new ComplaintRig(azurite);
        var (firstNumber, _, firstId) = await rig.FileAsync();

        // The same complaint with a word changed and the phone written another way.
        var copy = await rig.SubmitAsync(ComplaintRig.Body(
            details: "ถนนหน้าโรงเรียนบ้านหนองบัวชำรุดเป็นหลุมลึกมานานกว่าหกเดือน เด็กนักเรียนขี่จักรยานตกหลุมบาดเจ็บหลายครั้ง ขอให้วุฒิสภาช่วยติดตามการซ่อมแซมด้วย",
            contact: """{"name":"สมศรี มีสุข","phone":"+66 81 234 5678"}"""), clientIp: "198.51.100.9");
        var unrelated = await rig.SubmitAsync(ComplaintRig.Body(subject: "ขอเสนอให้ปรับปรุงห้องสมุดประชาชน", details: "ห้องสมุดประชาชนประจำอำเภอมีหนังสือน้อยและเปิดไม่ตรงเวลา ขอเสนอให้จัดงบประมาณเพิ่ม", kind: "suggestion", topic: "education"));

        Assert.Equal(StatusCodes.Status201Created, copy.Status);
        Assert.Equal(firstNumber, copy.Json.GetProperty("duplicateOf").GetString());
        Assert.Contains(firstNumber, copy.Json.GetProperty("messageTh").GetString(), StringComparison.Ordinal);
        Assert.Contains("linked", copy.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(unrelated.Json.TryGetProperty("duplicateOf", out _));

        var copyId = TrackingNumber.Parse(copy.Json.GetProperty("trackingNumber").GetString()!).TagId;
        var stored = await rig.Store.GetAsync(copyId, CancellationToken.None);
        Assert.Equal(firstId, stored!.State.DuplicateOf);
        Assert.Equal(3, (await rig.CountAsync()).Complaints);

        // A day later the same text is a new complaint.
        rig.Time.Advance(TimeSpan.FromHours(25));
        var later = await rig.SubmitAsync(ComplaintRig.Body());
        Assert.False(later.Json.TryGetProperty("duplicateOf", out _));
    }

    [Fact]
    public async Task A_complaint_filed_with_its_device_secret_puts_the_complaint_tag_on_that_device_only()
    {
        var rig = new ComplaintRig(azurite);
        var secret = await rig.RegisterDeviceAsync();

        var answer = await rig.SubmitAsync(ComplaintRig.Body(installationId: DeviceRig.InstallationId), deviceSecret: secret);

        Assert.Equal(StatusCodes.Status201Created, answer.Status);
        Assert.True(answer.Json.GetProperty("pushEnabled").GetBoolean());
        var id = TrackingNumber.Parse(answer.Json.GetProperty("trackingNumber").GetString()!).TagId;
        Assert.Equal([id], rig.DeviceRig.Store[DeviceRig.InstallationId]!.Complaints);
        var set = Assert.Single(rig.DeviceRig.TemplateSets);
        Assert.Equal(DeviceTemplates.ComplaintsTemplate, set.Name);
        Assert.Equal(["complaint:" + id], set.Template!.Tags);
    }

    [Fact]
    public async Task A_complaint_naming_a_device_without_its_secret_is_401_and_nothing_is_stored()
    {
        var rig = new ComplaintRig(azurite);
        await rig.RegisterDeviceAsync();

        var wrong = await rig.SubmitAsync(ComplaintRig.Body(installationId: DeviceRig.InstallationId), deviceSecret: DeviceSecrets.New());
        var missing = await rig.SubmitAsync(ComplaintRig.Body(installationId: DeviceRig.InstallationId));

        Assert.Equal(StatusCodes.Status401Unauthorized, wrong.Status);
        Assert.Equal(StatusCodes.Status401Unauthorized, missing.Status);
        Assert.Equal((0, 0), await rig.CountAsync());
        Assert.Empty(rig.DeviceRig.Store[DeviceRig.InstallationId]!.Complaints);
    }

    [Fact]
    public async Task A_bill_that_does_not_exist_is_400_and_one_that_does_is_kept()
    {
        var rig = new ComplaintRig(azurite);

        var unknown = await rig.SubmitAsync(ComplaintRig.Body(billId: "9999"));
        var known = await rig.SubmitAsync(ComplaintRig.Body(billId: "bill-2569-001"));

        Assert.Equal(StatusCodes.Status400BadRequest, unknown.Status);
        Assert.Equal("billId", unknown.Json.GetProperty("errors")[0].GetProperty("parameter").GetString());
        Assert.Equal(StatusCodes.Status201Created, known.Status);
        Assert.Equal("bill-2569-001", rig.Publisher.Published.Single().Data["billId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Topics_are_the_committee_areas_with_stable_codes_in_thai_and_english()
    {
        var rig = new ComplaintRig(azurite);
        var ctx = HttpCall.Request("/api/v1/complaints/topics");

        var answer = await HttpCall.ExecuteAsync(rig.Api().ListComplaintTopics(ctx.Request), ctx);

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.NotNull(answer.ETag);
        var items = answer.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(22, items.Count); // 21 standing committees and "other"
        Assert.Contains(items, t => t.GetProperty("code").GetString() == "transport" && t.GetProperty("nameTh").GetString() == "การคมนาคม");
        Assert.All(items, t => Assert.Matches("^[a-z][a-z-]+$", t.GetProperty("code").GetString()!));
        Assert.Equal(items.Count, items.Select(t => t.GetProperty("code").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Html_and_control_characters_are_kept_as_text_and_encoded_in_json()
    {
        var rig = new ComplaintRig(azurite);
        var subject = "<script>alert('x')</script> ถนน\u0007พัง\u0085";

        var (number, token, _) = await rig.FileAsync(ComplaintRig.Body(subject: subject));
        var answer = await rig.TrackAsync(number, token);

        var state = (await rig.RowsAsync(rig.Tables.Complaints)).Single(r => r.RowKey == "state");
        Assert.Equal("<script>alert('x')</script> ถนนพัง", state.GetString("Subject"));
        Assert.DoesNotContain("<script>", answer.Text, StringComparison.Ordinal);
        Assert.Contains("\\u003Cscript\\u003E", answer.Text, StringComparison.Ordinal);
        Assert.Equal("<script>alert('x')</script> ถนนพัง", answer.Json.GetProperty("subject").GetString());
    }
}
