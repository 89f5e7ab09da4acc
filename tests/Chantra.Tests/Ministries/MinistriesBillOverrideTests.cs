using Chantra.Azure.Ministry;
using Chantra.Azure.Storage;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.Ministry;
using Chantra.Tests.Infrastructure;

namespace Chantra.Tests.Ministry;

/// <summary>A staff-set ministry lives beside the scraped state and wins over it, in reads and in the list.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MinistriesBillOverrideTests(AzuriteFixture azurite)
{
    private static readonly BillChangeDetector Detector = TestData.Detector();

    private static async Task Commit(TableBillStore store, BillSnapshot snapshot)
    {
        var change = Detector.Detect(await store.GetAsync(snapshot.Id, default), snapshot, TestData.Now);
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(change!, default));
        await store.CompleteOutboxAsync(snapshot.Id, change!.Events.Select(e => e.Id).ToArray(), default); // as the relay does
    }

    [Fact]
    public async Task A_staff_set_ministry_is_read_listed_kept_across_scrapes_and_cleared()
    {
        var (tables, _) = azurite.NewTables();
        var bills = new TableBillStore(tables);
        var store = new TableBillMinistryStore(tables, bills);
        var first = TestData.Snapshot("7", ("เสนอร่างกฎหมาย", "2020-01-02"));
        await Commit(bills, first);
        await Commit(bills, TestData.Snapshot("8", ("เสนอร่างกฎหมาย", "2020-01-02")) with { Ministry = "moph" });

        var set = (await store.SetOverrideAsync("7", "mof", "staff-oid", TestData.Now, default))!.Ministry;

        Assert.Equal("mof", set.Effective);
        Assert.Null(set.SourceMinistry);
        Assert.Equal("mof", await store.GetOverrideAsync("7", default));
        Assert.Equal("mof", (await bills.GetAsync("7", default))!.State.Ministry);
        Assert.Equal(["7"], (await bills.QueryAsync(new BillQuery(Ministry: "mof"), default)).Items.Select(b => b.Id));

        // The scrape rewrites the state from the source (no ministry): the staff value stays.
        await Commit(bills, TestData.Snapshot("7", ("เสนอร่างกฎหมาย", "2020-01-02"), ("สภาผู้แทนราษฎรลงมติรับหลักการ (วาระที่ 1)", "2020-03-04")));
        var rescraped = await bills.GetAsync("7", default);
        Assert.Equal(2, rescraped!.Timeline.Count);
        Assert.Equal("mof", rescraped.State.Ministry);
        Assert.Equal(["7"], (await bills.QueryAsync(new BillQuery(Ministry: "mof"), default)).Items.Select(b => b.Id));
        // The override row is no outbox row: the one pending event is the ministry change's (published by the service, not here).
        Assert.Equal(["th.go.senate.chantra.bill.updated"], (await bills.GetPendingEventsAsync(DateTimeOffset.MaxValue, 100, default)).Select(p => p.Event.Type));

        // Staff override a source's ministry, then clear theirs: the source's comes back.
        var overridden = (await store.SetOverrideAsync("8", "mof", "staff-oid", TestData.Now, default))!.Ministry;
        Assert.Equal("moph", overridden.SourceMinistry);
        Assert.Equal(["7", "8"], (await bills.QueryAsync(new BillQuery(Ministry: "mof"), default)).Items.Select(b => b.Id));
        var cleared = (await store.SetOverrideAsync("8", null, "staff-oid", TestData.Now, default))!.Ministry;
        Assert.Equal("moph", cleared.Effective);
        Assert.Null(await store.GetOverrideAsync("8", default));
        Assert.Equal(["8"], (await bills.QueryAsync(new BillQuery(Ministry: "moph"), default)).Items.Select(b => b.Id));
        Assert.Equal(["7"], (await bills.QueryAsync(new BillQuery(Ministry: "mof"), default)).Items.Select(b => b.Id));
    }

    [Fact]
    public async Task An_unknown_bill_is_null_and_writes_nothing()
    {
        var (tables, _) = azurite.NewTables();
        var bills = new TableBillStore(tables);
        var store = new TableBillMinistryStore(tables, bills);

        Assert.Null(await store.SetOverrideAsync("404", "mof", "staff-oid", TestData.Now, default));
        Assert.Null(await store.GetOverrideAsync("404", default));
        Assert.Null(await bills.GetAsync("404", default));
    }

    [Fact]
    public async Task A_change_of_ministry_is_one_bill_updated_event_written_with_it_and_published_at_once_and_a_repeat_is_none()
    {
        var (tables, counter) = azurite.NewTables();
        var bills = new TableBillStore(tables);
        var store = new TableBillMinistryStore(tables, bills);
        var publisher = new RecordingPublisher();
        var service = new BillMinistryService(store, new OutboxRelay(publisher, bills, Microsoft.Extensions.Logging.Abstractions.NullLogger<OutboxRelay>.Instance));
        await Commit(bills, TestData.Snapshot("9", ("เสนอร่างกฎหมาย", "2020-01-02")) with { Ministry = "moph" });

        counter.Reset();
        await service.SetAsync("9", "mof", "staff-oid", TestData.Now, default);
        var firstCalls = (counter.Reads, counter.Writes);
        counter.Reset();
        await service.SetAsync("9", "mof", "staff-oid", TestData.Now.AddMinutes(1), default); // the same again
        var repeatWrites = counter.Writes;
        await service.SetAsync("9", null, "staff-oid", TestData.Now.AddMinutes(2), default); // back to the source's

        Assert.Equal((4, 4), firstCalls); // reads: state, override, and the read model's; writes: transaction, read model, outbox completion
        Assert.Equal(0, repeatWrites);
        Assert.Equal(2, publisher.Published.Count);
        var (toMof, back) = (publisher.Published[0], publisher.Published[1]);
        Assert.All(publisher.Published, e => Assert.Equal(EventTypes.BillUpdated, e.Type));
        Assert.All(publisher.Published, e => Assert.Equal("bills/9", e.Subject));
        Assert.Equal(("mof", "moph"), (toMof.Data["ministry"]!.GetValue<string>(), toMof.Data["previousMinistry"]!.GetValue<string>()));
        Assert.Equal(("moph", "mof"), (back.Data["ministry"]!.GetValue<string>(), back.Data["previousMinistry"]!.GetValue<string>()));
        Assert.Empty(await bills.GetPendingEventsAsync(DateTimeOffset.MaxValue, 100, default)); // published, so out of the outbox
    }

    [Fact]
    public async Task Staff_naming_the_ministry_the_source_names_keep_it_without_an_event()
    {
        var (tables, _) = azurite.NewTables();
        var bills = new TableBillStore(tables);
        var store = new TableBillMinistryStore(tables, bills);
        await Commit(bills, TestData.Snapshot("10", ("เสนอร่างกฎหมาย", "2020-01-02")) with { Ministry = "moph" });

        var change = await store.SetOverrideAsync("10", "moph", "staff-oid", TestData.Now, default);

        Assert.Null(change!.Event);
        Assert.Equal("moph", await store.GetOverrideAsync("10", default)); // kept: a later source change will not move it
        Assert.Empty(await bills.GetPendingEventsAsync(DateTimeOffset.MaxValue, 100, default));
    }
}
