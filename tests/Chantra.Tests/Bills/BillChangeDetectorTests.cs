using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Tests.Infrastructure;

namespace Chantra.Tests.Bills;

public sealed class BillChangeDetectorTests
{
    private static readonly BillChangeDetector Detector = TestData.Detector();

    private static StoredBill Stored(BillChange change) =>
        new(change.State, change.NewSteps, [], "etag-1");

    [Fact]
    public void A_new_bill_gives_a_created_event_then_one_stage_changed_event_per_further_step()
    {
        var change = Detector.Detect(null, TestData.Snapshot("1", ("เสนอร่างกฎหมาย", "2020-01-01"), ("ตกไปในสภาผู้แทนราษฎร (วาระที่ 1)", "2020-03-01")), TestData.Now)!;

        Assert.Equal([EventTypes.BillCreated, EventTypes.BillStageChanged], change.Events.Select(e => e.Type));
        Assert.All(change.Events, e => Assert.Equal("bills/1", e.Subject));
        Assert.Equal((BillStage.HouseFirstReading, BillStatus.Lapsed), (change.State.Stage, change.State.Status));
        Assert.Equal("introduction", change.Events[1].Data["previousStage"]!.GetValue<string>());
        Assert.Null(change.ExpectedVersion);
    }

    [Fact]
    public void Events_of_a_bill_whose_ministry_staff_set_name_that_ministry_so_its_followers_hear_of_it()
    {
        var first = Detector.Detect(null, TestData.Snapshot("5", ("เสนอร่างกฎหมาย", "2020-01-01")), TestData.Now)!;
        var stored = new StoredBill(first.State with { Ministry = "moph" }, first.NewSteps, [], "v1", MinistryOverride: "moph");

        var next = Detector.Detect(stored, TestData.Snapshot("5", ("เสนอร่างกฎหมาย", "2020-01-01"), ("ตกไปในสภาผู้แทนราษฎร (วาระที่ 1)", "2020-03-01")), TestData.Now)!;

        Assert.Equal("moph", next.Events.Single().Data["ministry"]!.GetValue<string>());
        Assert.Contains("ministry:moph", new Chantra.Domain.Push.BillPushComposer().Compose(next.Events.Single())!.TagExpression, StringComparison.Ordinal);
        Assert.Null(next.State.Ministry); // the state keeps what the source says; the override row stays the staff's
    }

    [Fact]
    public void The_same_inputs_give_the_same_event_ids()
    {
        var snapshot = TestData.Snapshot("1", ("เสนอร่างกฎหมาย", "2020-01-01"));

        var a = Detector.Detect(null, snapshot, TestData.Now)!;
        var b = Detector.Detect(null, snapshot, TestData.Now.AddHours(3))!;

        Assert.Equal(a.Events.Select(e => e.Id), b.Events.Select(e => e.Id));
    }

    [Fact]
    public void Nothing_changes_when_the_source_says_what_is_stored()
    {
        var snapshot = TestData.Snapshot("1", ("เสนอร่างกฎหมาย", "2020-01-01"));
        var stored = Stored(Detector.Detect(null, snapshot, TestData.Now)!);

        Assert.Null(Detector.Detect(stored, snapshot, TestData.Now));
    }

    [Fact]
    public void Only_steps_not_yet_stored_are_appended_with_the_next_sequence_numbers()
    {
        var first = Detector.Detect(null, TestData.Snapshot("1", ("เสนอร่างกฎหมาย", "2020-01-01")), TestData.Now)!;
        var next = TestData.Snapshot("1", ("เสนอร่างกฎหมาย", "2020-01-01"), ("สภาผู้แทนราษฎรลงมติรับหลักการ (วาระที่ 1)", "2020-02-01"));

        var change = Detector.Detect(Stored(first), next, TestData.Now)!;

        var step = Assert.Single(change.NewSteps);
        Assert.Equal(1, step.Sequence);
        Assert.Equal(EventTypes.BillStageChanged, Assert.Single(change.Events).Type);
        Assert.Equal("etag-1", change.ExpectedVersion);
        Assert.Equal(2, change.State.StepCount);
    }

    [Fact]
    public void A_step_repeated_by_the_source_is_one_step()
    {
        var change = Detector.Detect(null, TestData.Snapshot("1", ("เสนอร่างกฎหมาย", "2020-01-01"), ("เสนอร่างกฎหมาย", "2020-01-01")), TestData.Now)!;

        Assert.Single(change.NewSteps);
        Assert.Single(change.Events);
    }

    [Fact]
    public void A_title_correction_is_a_bill_updated_event_that_nobody_is_pushed_about()
    {
        var snapshot = TestData.Snapshot("1", ("เสนอร่างกฎหมาย", "2020-01-01"));
        var stored = Stored(Detector.Detect(null, snapshot, TestData.Now)!);

        var change = Detector.Detect(stored, snapshot with { Title = "ร่างพระราชบัญญัติที่แก้ชื่อแล้ว" }, TestData.Now)!;

        Assert.Empty(change.NewSteps);
        Assert.Equal(EventTypes.BillUpdated, Assert.Single(change.Events).Type);
        Assert.Null(new Chantra.Domain.Push.BillPushComposer().Compose(change.Events[0]));
    }

    [Fact]
    public void An_unknown_status_text_is_stored_unclassified_with_its_raw_text()
    {
        var change = Detector.Detect(null, TestData.Snapshot("1", ("ข้อความใหม่ที่ไม่เคยเห็น", "2020-01-01")), TestData.Now)!;

        Assert.Equal((BillStage.Unclassified, BillStatus.Unclassified), (change.State.Stage, change.State.Status));
        Assert.Equal("ข้อความใหม่ที่ไม่เคยเห็น", change.State.StatusText);
    }
}
