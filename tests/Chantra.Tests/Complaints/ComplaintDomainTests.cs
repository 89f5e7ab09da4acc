using System.Text.Json.Nodes;
using Chantra.Domain.Complaints;
using Chantra.Domain.Devices;
using Chantra.Domain.Events;
using Chantra.Domain.Push;
using Chantra.Tests.Infrastructure;

namespace Chantra.Tests.Complaints;

/// <summary>The pure parts of complaints: text rules, similarity, phone numbers, status rules, the push, the device's tag budget.</summary>
public sealed class ComplaintDomainTests
{
    [Fact]
    public void Clean_removes_control_characters_but_keeps_line_feeds_tabs_markup_and_thai_marks()
    {
        Assert.Equal("a\nb\tc <b>ก่ี้</b>", ComplaintText.Clean("\u0000 a\r\nb\tc\u0007 <b>ก่ี้</b>\u009F\u001B "));
        Assert.Equal("x\ny", ComplaintText.Clean("x\ry"));
    }

    [Theory]
    [InlineData("ถนนหน้าบ้านเป็นหลุมเป็นบ่อมานานหลายเดือนแล้วครับ", "ถนนหน้าบ้านเป็นหลุมเป็นบ่อมานานหลายเดือนแล้วค่ะ", true)]
    [InlineData("The road outside the school has had deep holes for six months.", "the road outside the school has had deep holes for six months!!", true)]
    [InlineData("ถนนหน้าบ้านเป็นหลุมเป็นบ่อมานานหลายเดือน", "โรงพยาบาลชุมชนขาดแพทย์เฉพาะทางมาหลายปี", false)]
    [InlineData("ขอเสนอให้เพิ่มรถโดยสาร", "ขอเสนอให้ลดค่าไฟฟ้า", false)]
    public void Near_copies_in_thai_or_english_reach_the_duplicate_threshold_and_different_texts_do_not(string a, string b, bool similar)
    {
        Assert.Equal(similar, ComplaintText.Similarity(a, b) >= ComplaintIntake.DuplicateThreshold);
        Assert.Equal(ComplaintText.Similarity(a, b), ComplaintText.Similarity(b, a), 10);
    }

    [Theory]
    [InlineData("0812345678", "0812345678")]
    [InlineData("081-234-5678", "0812345678")]
    [InlineData("+66 81 234 5678", "0812345678")]
    [InlineData("66912345678", "0912345678")]
    [InlineData("๐๘๑๒๓๔๕๖๗๘", "0812345678")]
    [InlineData("0612345678", "0612345678")]
    [InlineData("021234567", null)]
    [InlineData("0712345678", null)]
    [InlineData("081234567", null)]
    [InlineData("08123456789", null)]
    [InlineData("081234567a", null)]
    [InlineData("+6681234567+", null)]
    public void Thai_mobile_numbers_are_read_as_people_type_them(string typed, string? expected) =>
        Assert.Equal(expected, ComplaintIntake.NormalizeThaiMobile(typed));

    [Fact]
    public void Status_rules_follow_the_path_and_final_statuses_never_change()
    {
        Assert.Equal([ComplaintStatus.InReview, ComplaintStatus.Rejected], ComplaintTriage.NextStatuses(ComplaintStatus.Received).Order());
        Assert.Contains(ComplaintStatus.Forwarded, ComplaintTriage.NextStatuses(ComplaintStatus.InReview));
        Assert.Contains(ComplaintStatus.Closed, ComplaintTriage.NextStatuses(ComplaintStatus.Answered));
        Assert.DoesNotContain(ComplaintStatus.Closed, ComplaintTriage.NextStatuses(ComplaintStatus.InReview));
        Assert.Empty(ComplaintTriage.NextStatuses(ComplaintStatus.Closed));
        Assert.Empty(ComplaintTriage.NextStatuses(ComplaintStatus.Rejected));
        Assert.All(Enum.GetValues<ComplaintStatus>().Where(s => !s.IsFinal()), s => Assert.Contains(ComplaintStatus.Rejected, ComplaintTriage.NextStatuses(s)));
    }

    [Fact]
    public void A_status_change_is_pushed_to_the_complaint_tag_only_and_a_received_complaint_is_not_pushed()
    {
        var composer = new ComplaintPushComposer();
        var number = TrackingNumber.New(ComplaintKind.Petition, TestData.Now);
        var record = new ComplaintRecord(number.TagId, number.Value, ComplaintKind.Petition, "เรื่อง", "education", null, false, ComplaintStatus.Answered,
            TestData.Now, TestData.Now, "hash", "2026-01", TestData.Now, null, HasPublicAnswer: true, HistoryCount: 4);

        var push = composer.Compose(ComplaintEvents.StatusChanged(record, 4));
        var none = composer.Compose(ComplaintEvents.Received(record with { Status = ComplaintStatus.Received }));
        var other = composer.Compose(new CloudEvent("x", EventTypes.Source, EventTypes.BillCreated, "bills/1", TestData.Now, new JsonObject { ["billId"] = "1" }));

        Assert.NotNull(push);
        Assert.Equal("complaint:" + number.TagId, push.TagExpression);
        Assert.Equal("วุฒิสภาตอบเรื่องของคุณแล้ว", push.Properties["titleTh"]);
        Assert.Equal("The Senate answered you", push.Properties["titleEn"]);
        Assert.StartsWith(number.Value, push.Properties["bodyTh"], StringComparison.Ordinal);
        Assert.Equal($"chantra://complaints/{number.TagId}", push.Properties["deepLink"]);
        Assert.Null(none);
        Assert.Null(other);
    }

    [Fact]
    public void Complaint_events_carry_no_subject_text_and_have_ids_fixed_by_what_changed()
    {
        var number = TrackingNumber.New(ComplaintKind.Complaint, TestData.Now);
        var record = new ComplaintRecord(number.TagId, number.Value, ComplaintKind.Complaint, "ชื่อคนในหัวเรื่อง", "transport", "42", false, ComplaintStatus.Received,
            TestData.Now, TestData.Now, "hash", "2026-01", TestData.Now, null);

        var received = ComplaintEvents.Received(record);

        Assert.DoesNotContain("ชื่อคนในหัวเรื่อง", received.ToJson(), StringComparison.Ordinal);
        Assert.Equal(received.Id, ComplaintEvents.Received(record).Id);
        Assert.NotEqual(ComplaintEvents.StatusChanged(record, 2).Id, ComplaintEvents.StatusChanged(record, 3).Id);
        Assert.Equal(EventTypes.ComplaintsSource, received.Source);
    }

    [Fact]
    public void A_device_hears_of_its_newest_complaints_within_the_hubs_tag_limit_through_one_template()
    {
        var complaints = Enumerable.Range(0, 7).Select(i => $"R-2569-00000{i}X").ToList();
        var few = new DeviceFollows(["1"], [], [], [], false, true);
        var many = new DeviceFollows([.. Enumerable.Range(1, DeviceTemplates.MaxFollows - 2).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))], [], [], [], false, false);

        var templates = DeviceTemplates.For(DevicePlatform.FcmV1, "th", few, complaints);

        Assert.Equal(complaints.TakeLast(DeviceTemplates.MaxComplaintLinks).Select(PushTags.Complaint), templates[DeviceTemplates.ComplaintsTemplate].Tags);
        Assert.Single(templates, t => t.Value.Tags.Contains(PushTags.Complaint(complaints[^1])));
        Assert.Equal(DeviceTemplates.MaxTags - 1 - many.Count, DeviceTemplates.LinkedComplaints(many, complaints).Count);
        Assert.False(DeviceTemplates.For(DevicePlatform.FcmV1, "th", few).ContainsKey(DeviceTemplates.ComplaintsTemplate));
    }

    [Fact]
    public async Task Rate_limits_count_fixed_windows_and_say_when_the_full_one_ends()
    {
        var counter = new InMemoryCounter();
        var time = new ManualTime(new DateTimeOffset(2026, 11, 25, 10, 3, 0, TimeSpan.Zero));
        var limiter = new ComplaintRateLimiter(counter, new ComplaintOptions(), time);

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 6; i++)
        {
            decisions.Add(await limiter.CheckAsync("client-a", null, CancellationToken.None));
        }

        Assert.All(decisions.Take(5), d => Assert.True(d.Allowed));
        Assert.False(decisions[5].Allowed);
        Assert.Equal(TimeSpan.FromMinutes(7), decisions[5].RetryAfter); // the 10:00–10:10 window ends at 10:10
        Assert.True((await limiter.CheckAsync("client-b", null, CancellationToken.None)).Allowed);
    }

    private sealed class InMemoryCounter : IRateLimitCounter
    {
        private readonly Dictionary<(string, DateTimeOffset), long> _counts = [];

        public Task<long> IncrementAsync(string key, DateTimeOffset windowStart, TimeSpan window, CancellationToken cancellationToken)
        {
            var k = (key, windowStart);
            _counts[k] = _counts.GetValueOrDefault(k) + 1;
            return Task.FromResult(_counts[k]);
        }

        public Task<int> DeleteExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken) => Task.FromResult(0);
    }
}
