using System.Text.Json;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.Push;
using Chantra.Functions.Push;
using Chantra.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Chantra.Tests.Functions;

/// <summary>The Service Bus-triggered push fan-out: one event in, at most one template send out, failures propagate.</summary>
public sealed class FanOutPushTests
{
    private const string Title = "ร่างพระราชบัญญัติสาธารณสุข (ฉบับที่ ..) พ.ศ. ....";
    private const string TitleEn = "Public Health Bill";

    private readonly Mock<IPushNotifier> _notifier = new();
    private readonly List<PushNotification> _sent = [];

    public FanOutPushTests() =>
        _notifier.Setup(n => n.SendTemplateAsync(It.IsAny<PushNotification>(), It.IsAny<CancellationToken>()))
            .Callback<PushNotification, CancellationToken>((p, _) => _sent.Add(p))
            .Returns(Task.CompletedTask);

    private FanOutPush Function() => new(
        new PushFanOutService([new BillPushComposer(), new MeetingPushComposer()], _notifier.Object, NullLogger<PushFanOutService>.Instance),
        NullLogger<FanOutPush>.Instance);

    private static BillSnapshot Snapshot(string id, string? ministry, string title = Title, params string[] steps) => new(
        id, title, TitleEn, "คณะรัฐมนตรี", ministry, null,
        steps.Select((s, i) => new SourceStep(s, new DateOnly(2026, 1, 10).AddDays(i * 30))).ToArray());

    /// <summary>The events of a scrape that sees one more step of a bill we already store.</summary>
    private static IReadOnlyList<CloudEvent> NextStepEvents(string id, string? ministry, string firstStep, string nextStep)
    {
        var detector = TestData.Detector();
        var created = detector.Detect(null, Snapshot(id, ministry, Title, firstStep), TestData.Now)!;
        var stored = new StoredBill(created.State, created.NewSteps, [], "v1");
        var change = detector.Detect(stored, Snapshot(id, ministry, Title, firstStep, nextStep), TestData.Now.AddMinutes(15))!;
        return change.Events;
    }

    [Fact]
    public async Task Stage_change_sends_one_template_to_the_bill_and_its_ministry_in_thai_and_english()
    {
        var e = Assert.Single(NextStepEvents("bill-42", "moph", "สภาผู้แทนราษฎรลงมติรับหลักการ", "อยู่ระหว่างการพิจารณาของวุฒิสภา"));
        Assert.Equal(EventTypes.BillStageChanged, e.Type);

        await Function().Run(e.ToJson(), CancellationToken.None);

        _notifier.Verify(n => n.SendTemplateAsync(It.IsAny<PushNotification>(), It.IsAny<CancellationToken>()), Times.Once);
        var push = Assert.Single(_sent);
        Assert.Equal("bill:bill-42 || ministry:moph", push.TagExpression);
        Assert.Equal(e.Id, push.EventId);
        Assert.Equal("ความคืบหน้าร่างกฎหมาย", push.Properties["titleTh"]);
        Assert.Equal($"{Title}: อยู่ในการพิจารณาของวุฒิสภา วาระแรก — วันที่ 1 จาก 60", push.Properties["bodyTh"]);
        Assert.Equal("Bill update", push.Properties["titleEn"]);
        Assert.Equal($"{TitleEn}: Before the Senate, first reading — day 1 of 60", push.Properties["bodyEn"]);
        Assert.Equal("bill-42", push.Properties["billId"]);
        Assert.Equal("senate-first-reading", push.Properties["stage"]);
        Assert.Equal("chantra://bills/bill-42", push.Properties["deepLink"]);
    }

    [Fact]
    public async Task Without_a_ministry_the_tag_expression_is_the_bill_alone()
    {
        var e = Assert.Single(NextStepEvents("bill-43", null, "สภาผู้แทนราษฎรลงมติรับหลักการ", "อยู่ระหว่างการพิจารณาของวุฒิสภา"));

        await Function().Run(e.ToJson(), CancellationToken.None);

        Assert.Equal("bill:bill-43", Assert.Single(_sent).TagExpression);
    }

    [Fact]
    public async Task Stage_change_written_by_hand_is_pushed_the_same_way()
    {
        var json = $$"""
            {
              "specversion": "1.0",
              "id": "evt-7",
              "source": "/chantra/scraper",
              "type": "{{EventTypes.BillStageChanged}}",
              "subject": "bills/b-7",
              "time": "2026-11-25T10:00:00Z",
              "datacontenttype": "application/json",
              "data": { "billId": "b-7", "title": "ร่างทดสอบ", "ministry": "mof", "stage": "gazette", "status": "enacted", "statusText": "ประกาศในราชกิจจานุเบกษาแล้ว" }
            }
            """;

        await Function().Run(json, CancellationToken.None);

        var push = Assert.Single(_sent);
        Assert.Equal("bill:b-7 || ministry:mof", push.TagExpression);
        Assert.Equal("ร่างทดสอบ: ประกาศในราชกิจจานุเบกษา มีผลเป็นกฎหมายแล้ว", push.Properties["bodyTh"]);
        Assert.Equal("ร่างทดสอบ: Published in the Royal Gazette: it is now law", push.Properties["bodyEn"]);
        Assert.Equal("evt-7", push.EventId);
    }

    [Fact]
    public async Task Bill_updated_event_sends_nothing()
    {
        var detector = TestData.Detector();
        var created = detector.Detect(null, Snapshot("bill-44", "moph", Title, "สภาผู้แทนราษฎรลงมติรับหลักการ"), TestData.Now)!;
        var stored = new StoredBill(created.State, created.NewSteps, [], "v1");
        var renamed = detector.Detect(stored, Snapshot("bill-44", "moph", Title + " (แก้ไขชื่อ)", "สภาผู้แทนราษฎรลงมติรับหลักการ"), TestData.Now)!;
        var e = Assert.Single(renamed.Events);
        Assert.Equal(EventTypes.BillUpdated, e.Type);

        await Function().Run(e.ToJson(), CancellationToken.None);

        _notifier.VerifyNoOtherCalls();
        Assert.Empty(_sent);
    }

    [Fact]
    public async Task Notifier_failure_makes_run_throw_so_service_bus_redelivers()
    {
        var failing = new Mock<IPushNotifier>();
        failing.Setup(n => n.SendTemplateAsync(It.IsAny<PushNotification>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("Notification Hubs answered 503"));
        var function = new FanOutPush(
            new PushFanOutService([new BillPushComposer(), new MeetingPushComposer()], failing.Object, NullLogger<PushFanOutService>.Instance),
            NullLogger<FanOutPush>.Instance);
        var e = Assert.Single(NextStepEvents("bill-45", "moph", "สภาผู้แทนราษฎรลงมติรับหลักการ", "อยู่ระหว่างการพิจารณาของวุฒิสภา"));

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => function.Run(e.ToJson(), CancellationToken.None));

        Assert.Equal("Notification Hubs answered 503", ex.Message);
        failing.Verify(n => n.SendTemplateAsync(It.IsAny<PushNotification>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"hello\": \"world\"}")]
    [InlineData("{\"specversion\": \"0.3\", \"id\": \"e\", \"source\": \"s\", \"type\": \"t\", \"subject\": \"x\"}")]
    [InlineData("{\"specversion\": \"1.0\", \"source\": \"s\", \"type\": \"t\", \"subject\": \"x\"}")]
    public async Task Body_that_is_not_a_cloud_event_throws_json_exception(string body)
    {
        await Assert.ThrowsAnyAsync<JsonException>(() => Function().Run(body, CancellationToken.None));

        _notifier.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Unclassified_stage_shows_the_raw_thai_status_text()
    {
        const string raw = "รอข้อมูลเพิ่มเติมจากแหล่งข่าว";
        Assert.Equal(BillStage.Unclassified, new BillStatusClassifier().Classify(raw).Stage);
        var e = Assert.Single(NextStepEvents("bill-46", "moph", "สภาผู้แทนราษฎรลงมติรับหลักการ", raw));
        Assert.Equal("unclassified", e.Data["stage"]!.GetValue<string>());

        await Function().Run(e.ToJson(), CancellationToken.None);

        var push = Assert.Single(_sent);
        Assert.Equal($"{Title}: {raw}", push.Properties["bodyTh"]);
        Assert.Equal($"{TitleEn}: status: {raw}", push.Properties["bodyEn"]);
        Assert.DoesNotContain("ยังไม่จำแนก", push.Properties["bodyTh"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_bill_is_pushed_as_a_new_bill()
    {
        var created = TestData.Detector().Detect(null, Snapshot("bill-47", null, Title, "เสนอร่างโดยคณะรัฐมนตรี"), TestData.Now)!;
        var e = Assert.Single(created.Events);
        Assert.Equal(EventTypes.BillCreated, e.Type);

        await Function().Run(e.ToJson(), CancellationToken.None);

        var push = Assert.Single(_sent);
        Assert.Equal("ร่างกฎหมายใหม่", push.Properties["titleTh"]);
        Assert.Equal("New bill", push.Properties["titleEn"]);
        Assert.Equal("bill:bill-47", push.TagExpression);
    }
}
