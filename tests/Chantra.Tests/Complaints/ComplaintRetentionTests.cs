using Chantra.Domain.Complaints;
using Chantra.Functions.Complaints;
using Chantra.Tests.Devices;
using Chantra.Tests.Infrastructure;
using Chantra.Tests.Staff;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Tests.Complaints;

/// <summary>The retention timer erases exactly the personal data of complaints closed (or rejected) longer ago than the retention period.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ComplaintRetentionTests(AzuriteFixture azurite)
{
    private static readonly StaffMember Staff = new(TestTokens.ObjectId, TestTokens.Name, [StaffRoles.ComplaintsManage]);

    private static readonly string[] PersonalColumns =
        ["WrappedKey", "SealedDetails", "SealedName", "SealedEmail", "SealedPhone", "NationalIdHash", "NationalIdLast4", "ContactHashes", "InstallationId"];

    private static async Task CloseAsync(ComplaintRig rig, string number)
    {
        Assert.Equal(TriageOutcome.Done, (await rig.Triage.ChangeStatusAsync(number, Staff, "in-review", null, null, CancellationToken.None)).Outcome);
        Assert.Equal(TriageOutcome.Done, (await rig.Triage.AnswerAsync(number, Staff, "ได้ดำเนินการแล้ว", null, CancellationToken.None)).Outcome);
        Assert.Equal(TriageOutcome.Done, (await rig.Triage.ChangeStatusAsync(number, Staff, "closed", null, null, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Only_complaints_closed_or_rejected_more_than_the_retention_period_ago_lose_their_personal_data()
    {
        var rig = new ComplaintRig(azurite, options: new ComplaintOptions { RetentionDays = 30 });
        var secret = await rig.RegisterDeviceAsync();
        var (oldClosed, oldToken, oldClosedId) = await rig.FileAsync(ComplaintRig.Body(nationalId: "1101700230708", installationId: DeviceRig.InstallationId), deviceSecret: secret);
        var (oldRejected, _, oldRejectedId) = await rig.FileAsync(ComplaintRig.Body(subject: "เรื่องนอกอำนาจ", details: "ขอให้วุฒิสภาสั่งศาลพิพากษาคดีของข้าพเจ้าใหม่", contact: """{"name":"ก","phone":"0891112222"}"""), clientIp: "198.51.100.2");
        var (open, _, openId) = await rig.FileAsync(ComplaintRig.Body(subject: "เรื่องที่ยังเปิดอยู่", details: "เรื่องนี้ยังอยู่ระหว่างการพิจารณาและยังไม่ปิด", contact: """{"name":"ข","email":"b@example.org"}"""), clientIp: "198.51.100.3");
        await CloseAsync(rig, oldClosed);
        Assert.Equal(TriageOutcome.Done, (await rig.Triage.ChangeStatusAsync(oldRejected, Staff, "rejected", "out-of-remit", null, CancellationToken.None)).Outcome);

        rig.Time.Advance(TimeSpan.FromDays(20));
        var (recent, _, recentId) = await rig.FileAsync(ComplaintRig.Body(subject: "เรื่องที่เพิ่งปิด", details: "เรื่องนี้ปิดไปเมื่อไม่นานมานี้", contact: """{"name":"ค","email":"c@example.org"}"""), clientIp: "198.51.100.4");
        await CloseAsync(rig, recent);
        Assert.Equal(TriageOutcome.Done, (await rig.Triage.ChangeStatusAsync(open, Staff, "in-review", null, null, CancellationToken.None)).Outcome);

        rig.Time.Advance(TimeSpan.FromDays(11)); // old ones final 31 days ago, the recent one 11 days ago
        await new PurgeComplaintPersonalData(rig.Retention, NullLogger<PurgeComplaintPersonalData>.Instance).Run(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None);

        var rows = (await rig.RowsAsync(rig.Tables.Complaints)).Where(r => r.RowKey == "state").ToDictionary(r => r.PartitionKey);
        var erasedIds = rows.Values.Where(r => r.GetDateTimeOffset("PersonalDataErasedAt") is not null).Select(r => r.PartitionKey);
        Assert.Equal(new[] { oldClosedId, oldRejectedId }.Order(StringComparer.Ordinal), erasedIds.Order(StringComparer.Ordinal));
        foreach (var erasedId in new[] { oldClosedId, oldRejectedId })
        {
            var row = rows[erasedId];
            Assert.All(PersonalColumns, c => Assert.False(row.ContainsKey(c), $"{erasedId} still has {c}"));
            Assert.Equal(rig.Time.GetUtcNow(), row.GetDateTimeOffset("PersonalDataErasedAt"));

            // The anonymous record stays for statistics.
            Assert.NotNull(row.GetString("Subject"));
            Assert.NotNull(row.GetString("Topic"));
            Assert.NotNull(row.GetString("Kind"));
            Assert.NotNull(row.GetDateTimeOffset("ReceivedAt"));
            var stored = await rig.Store.GetAsync(erasedId, CancellationToken.None);
            var erasure = Assert.Single(stored!.Audit, a => a.Action == "erase-personal-data");
            Assert.Equal(ComplaintAuditEntry.RetentionTimer, erasure.ActorId);
        }

        foreach (var keptId in new[] { openId, recentId })
        {
            Assert.All(new[] { "WrappedKey", "SealedDetails", "SealedName" }, c => Assert.True(rows[keptId].ContainsKey(c), $"{keptId} lost {c}"));
            Assert.Null(rows[keptId].GetDateTimeOffset("PersonalDataErasedAt"));
        }

        // The device no longer carries the erased complaint's tag; the public answer is still there for the token holder.
        Assert.Empty(rig.DeviceRig.Store[DeviceRig.InstallationId]!.Complaints);
        var tracked = await rig.TrackAsync(oldClosed, oldToken);
        Assert.Equal("closed", tracked.Json.GetProperty("status").GetString());
        Assert.Contains(tracked.Json.GetProperty("history").EnumerateArray(), h => h.TryGetProperty("textTh", out var text) && text.GetString() == "ได้ดำเนินการแล้ว");

        // Staff reading an erased complaint see that it was erased, and the read is still audited.
        var read = await rig.Triage.ReadAsync(oldClosed, Staff, "สถิติประจำปี", CancellationToken.None);
        Assert.Null(read.View!.Personal);
        Assert.NotNull(read.View.Complaint.State.PersonalDataErasedAt);

        // A second run finds nothing more to do.
        Assert.Equal(0, (await rig.Retention.RunAsync(CancellationToken.None)).Erased);
    }

    [Fact]
    public async Task Expired_idempotency_keys_near_duplicate_marks_and_rate_counters_are_removed()
    {
        var rig = new ComplaintRig(azurite);
        await rig.SubmitAsync(ComplaintRig.Body(), idempotencyKey: "expiring-key");
        var before = (await rig.RowsAsync(rig.Tables.ComplaintIndex)).Select(r => r.PartitionKey).ToList();
        Assert.Contains(before, pk => pk.StartsWith("idem|", StringComparison.Ordinal));
        Assert.Contains(before, pk => pk.StartsWith("contact|", StringComparison.Ordinal));
        Assert.NotEmpty(await rig.RowsAsync(rig.Tables.Counters));

        rig.Time.Advance(TimeSpan.FromDays(3));
        var report = await rig.Retention.RunAsync(CancellationToken.None);

        var after = (await rig.RowsAsync(rig.Tables.ComplaintIndex)).Select(r => r.PartitionKey).ToList();
        Assert.DoesNotContain(after, pk => pk.StartsWith("idem|", StringComparison.Ordinal) || pk.StartsWith("contact|", StringComparison.Ordinal));
        Assert.Contains("list", after); // the staff list stays
        Assert.Empty(await rig.RowsAsync(rig.Tables.Counters));
        Assert.Equal(3, report.IndexRowsDeleted); // the key and two contact marks (email, phone)
        Assert.Equal(2, report.CountersDeleted); // the address's 10-minute and daily windows
    }
}
