using Chantra.Domain.Bills;
using Chantra.Domain.Push;
using Chantra.Tests.Infrastructure;

namespace Chantra.Tests.Push;

public sealed class BillPushComposerTests
{
    private static readonly BillChangeDetector Detector = TestData.Detector();

    [Fact]
    public void In_the_Senate_committee_the_push_says_which_of_the_60_days_it_is_in_Thai_and_English()
    {
        var entered = Detector.Detect(null, TestData.Snapshot("42", ("อยู่ระหว่างพิจารณาในวุฒิสภา (ผ่านสภาผู้แทนราษฏรแล้ว)", "2026-11-01")), TestData.Now)!;
        var stored = new StoredBill(entered.State, entered.NewSteps, [], "v1");
        var committee = Detector.Detect(stored, TestData.Snapshot("42",
            ("อยู่ระหว่างพิจารณาในวุฒิสภา (ผ่านสภาผู้แทนราษฏรแล้ว)", "2026-11-01"),
            ("อยู่ระหว่างการพิจารณาของคณะกรรมาธิการวิสามัญ วุฒิสภา", "2026-11-12")), TestData.Now)!;

        var push = new BillPushComposer().Compose(committee.Events.Single())!;

        Assert.EndsWith("อยู่ในชั้นกรรมาธิการวุฒิสภา — วันที่ 12 จาก 60", push.Properties["bodyTh"], StringComparison.Ordinal);
        Assert.EndsWith("In Senate committee — day 12 of 60", push.Properties["bodyEn"], StringComparison.Ordinal);
        Assert.Equal("chantra://bills/42", push.Properties["deepLink"]);
        Assert.Equal("bill:42", push.TagExpression);
    }

    [Theory]
    [InlineData("นายกรัฐมนตรีไม่รับรอง", "ร่างนี้ตกไปแล้ว", "This bill has lapsed")]
    [InlineData("ออกเป็นกฎหมายสำเร็จ", "มีผลเป็นกฎหมายแล้ว", "it is now law")]
    [InlineData("อยู่ระหว่างพิจารณาในสภาผู้แทนราษฎร (การพิจารณาของคณะกรรมาธิการชั้น ส.ส.)", "อยู่ในชั้นกรรมาธิการสภาผู้แทนราษฎร", "In House committee")]
    public void Each_step_is_said_in_words_a_citizen_understands(string statusText, string thai, string english)
    {
        var change = Detector.Detect(null, TestData.Snapshot("7", (statusText, "2021-01-01")), TestData.Now)!;

        var push = new BillPushComposer().Compose(change.Events.Single())!;

        Assert.Contains(thai, push.Properties["bodyTh"], StringComparison.Ordinal);
        Assert.Contains(english, push.Properties["bodyEn"], StringComparison.Ordinal);
        Assert.DoesNotContain("วันที่", push.Properties["bodyTh"], StringComparison.Ordinal);
    }
}
