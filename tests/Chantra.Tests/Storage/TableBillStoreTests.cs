using Chantra.Azure.Storage;
using Chantra.Domain.Bills;
using Chantra.Tests.Infrastructure;

namespace Chantra.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class TableBillStoreTests(AzuriteFixture azurite)
{
    private static readonly BillChangeDetector Detector = TestData.Detector();

    [Fact]
    public async Task A_committed_change_reads_back_with_its_state_timeline_and_pending_events()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableBillStore(tables);
        var change = Detector.Detect(null, TestData.Snapshot("7", ("เสนอร่างกฎหมาย", "2020-01-02"), ("สภาผู้แทนราษฎรลงมติรับหลักการ (วาระที่ 1)", "2020-03-04")), TestData.Now)!;

        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(change, default));
        var stored = await store.GetAsync("7", default);

        Assert.NotNull(stored);
        Assert.Equal(BillStage.HouseCommittee, stored.State.Stage);
        Assert.Equal("สภาผู้แทนราษฎรลงมติรับหลักการ (วาระที่ 1)", stored.State.StatusText);
        Assert.Equal([0, 1], stored.Timeline.Select(s => s.Sequence));
        Assert.Equal(new DateOnly(2020, 3, 4), stored.Timeline[1].OccurredOn);
        Assert.Equal(change.Events.Select(e => e.Id).Order(), stored.PendingEventIds.Order());
    }

    [Fact]
    public async Task Each_timeline_step_reads_back_with_the_source_that_reported_it()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableBillStore(tables);
        var snapshot = new BillSnapshot("lis-9", "ร่างพระราชบัญญัติทดลอง พ.ศ. ....", null, null, null, null,
        [
            new SourceStep("สภาผู้แทนราษฎรลงมติเห็นชอบ วาระที่ 3", new DateOnly(2025, 6, 1), Source: "lis"),
            new SourceStep("อยู่ระหว่างการพิจารณาของคณะกรรมาธิการวิสามัญ วุฒิสภา", null, Source: "senate-lawdraft"),
        ]);

        await store.CommitAsync(Detector.Detect(null, snapshot, TestData.Now)!, default);
        var stored = await store.GetAsync("lis-9", default);

        Assert.Equal(["lis", "senate-lawdraft"], stored!.Timeline.Select(s => s.Source));
    }

    [Fact]
    public async Task A_change_computed_from_a_stale_version_is_a_conflict_and_writes_nothing()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableBillStore(tables);
        await store.CommitAsync(Detector.Detect(null, TestData.Snapshot("8", ("เสนอร่างกฎหมาย", "2020-01-02")), TestData.Now)!, default);
        var read = await store.GetAsync("8", default);
        var next = TestData.Snapshot("8", ("เสนอร่างกฎหมาย", "2020-01-02"), ("ตกไปในสภาผู้แทนราษฎร (วาระที่ 1)", "2020-05-01"));

        var first = Detector.Detect(read, next, TestData.Now)!;
        var second = Detector.Detect(read, next with { Title = "อีกชื่อหนึ่ง" }, TestData.Now)!;

        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(first, default));
        Assert.Equal(CommitOutcome.Conflict, await store.CommitAsync(second, default));
        var after = await store.GetAsync("8", default);
        Assert.Equal(next.Title, after!.State.Title);
        Assert.Equal(2, after.Timeline.Count);
    }

    [Fact]
    public async Task Creating_a_bill_that_already_exists_is_a_conflict()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableBillStore(tables);
        var change = Detector.Detect(null, TestData.Snapshot("9", ("เสนอร่างกฎหมาย", "2020-01-02")), TestData.Now)!;

        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(change, default));
        Assert.Equal(CommitOutcome.Conflict, await store.CommitAsync(change, default));
    }

    [Fact]
    public async Task Completing_the_outbox_updates_the_read_model_and_removes_the_rows()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableBillStore(tables);
        var change = Detector.Detect(null, TestData.Snapshot("10", ("ออกเป็นกฎหมายสำเร็จ", "2021-01-01")), TestData.Now)!;
        await store.CommitAsync(change, default);

        Assert.Empty(await store.GetFingerprintsAsync(default));
        await store.CompleteOutboxAsync("10", change.Events.Select(e => e.Id).ToArray(), default);

        Assert.Equal(change.State.Fingerprint, (await store.GetFingerprintsAsync(default))["10"]);
        Assert.Empty((await store.GetAsync("10", default))!.PendingEventIds);
        var page = await store.QueryAsync(new BillQuery(), default);
        Assert.Equal(BillStage.Gazette, Assert.Single(page.Items).Stage);
    }

    [Fact]
    public async Task Pending_events_are_those_older_than_the_cut_off_and_not_yet_sent()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableBillStore(tables);
        var sent = Detector.Detect(null, TestData.Snapshot("11", ("เสนอร่างกฎหมาย", "2020-01-02")), TestData.Now)!;
        var unsent = Detector.Detect(null, TestData.Snapshot("12", ("เสนอร่างกฎหมาย", "2020-01-02")), TestData.Now)!;
        await store.CommitAsync(sent, default);
        await store.CommitAsync(unsent, default);
        await store.CompleteOutboxAsync("11", sent.Events.Select(e => e.Id).ToArray(), default);

        var pending = await store.GetPendingEventsAsync(TestData.Now.AddSeconds(1), 100, default);
        var tooYoung = await store.GetPendingEventsAsync(TestData.Now.AddSeconds(-1), 100, default);

        Assert.Equal(unsent.Events.Select(e => e.Id), pending.Select(p => p.Event.Id));
        Assert.Equal("12", pending[0].OwnerId);
        Assert.Empty(tooYoung);
    }

    [Fact]
    public async Task The_list_filters_by_stage_status_text_and_date_and_pages_with_a_token_bound_to_its_filters()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableBillStore(tables);
        for (var i = 1; i <= 12; i++)
        {
            var text = i % 3 == 0 ? "ออกเป็นกฎหมายสำเร็จ" : "นายกรัฐมนตรีไม่รับรอง";
            var change = Detector.Detect(null, TestData.Snapshot(i.ToString(System.Globalization.CultureInfo.InvariantCulture), (text, "2021-01-01")), TestData.Now.AddDays(i))!;
            await store.CommitAsync(change, default);
            await store.CompleteOutboxAsync(change.State.Id, change.Events.Select(e => e.Id).ToArray(), default);
        }

        var enacted = await store.QueryAsync(new BillQuery(Stage: BillStage.Gazette), default);
        Assert.Equal(["3", "6", "9", "12"], enacted.Items.Select(b => b.Id));

        var lapsed = await store.QueryAsync(new BillQuery(Status: BillStatus.Lapsed, PageSize: 5), default);
        Assert.Equal(["1", "2", "4", "5", "7"], lapsed.Items.Select(b => b.Id));
        Assert.NotNull(lapsed.ContinuationToken);
        var next = await store.QueryAsync(new BillQuery(Status: BillStatus.Lapsed, PageSize: 5, ContinuationToken: lapsed.ContinuationToken), default);
        Assert.Equal(["8", "10", "11"], next.Items.Select(b => b.Id));
        Assert.Null(next.ContinuationToken);

        var byText = await store.QueryAsync(new BillQuery(Text: "ทดสอบ 1"), default);
        Assert.Equal(["1", "10", "11", "12"], byText.Items.Select(b => b.Id));

        var recent = await store.QueryAsync(new BillQuery(UpdatedSince: TestData.Now.AddDays(11)), default);
        Assert.Equal(["11", "12"], recent.Items.Select(b => b.Id));

        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() =>
            store.QueryAsync(new BillQuery(Stage: BillStage.Gazette, PageSize: 5, ContinuationToken: lapsed.ContinuationToken), default));
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() =>
            store.QueryAsync(new BillQuery(ContinuationToken: "not-a-token"), default));
    }

    [Fact]
    public async Task An_odata_injection_in_a_filter_value_matches_nothing_instead_of_everything()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableBillStore(tables);
        var change = Detector.Detect(null, TestData.Snapshot("1", ("นายกรัฐมนตรีไม่รับรอง", "2021-01-01")), TestData.Now)!;
        await store.CommitAsync(change, default);
        await store.CompleteOutboxAsync("1", change.Events.Select(e => e.Id).ToArray(), default);

        var page = await store.QueryAsync(new BillQuery(Ministry: "x' or PartitionKey ne '"), default);

        Assert.Empty(page.Items);
        Assert.Null(await store.GetAsync("1' or PartitionKey ne '", default));
    }
}
