using Chantra.Azure.Storage;
using Chantra.Domain.Bills;
using Chantra.Domain.Devices;
using Chantra.Tests.Infrastructure;

namespace Chantra.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class TableDeviceStoreTests(AzuriteFixture azurite)
{
    private static DeviceRecord Device(string id) => new(id, DevicePlatform.Apns, "th",
        new DeviceFollows(["4"], ["c1"], ["moph"], [], true, false), DeviceSecrets.Hash("s3cret"), TestData.Now, TestData.Now);

    [Fact]
    public async Task A_device_round_trips_and_its_version_guards_replacement()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableDeviceStore(tables);

        Assert.Equal(DeviceWrite.Written, await store.AddAsync(Device("device-0001"), default));
        Assert.Equal(DeviceWrite.Conflict, await store.AddAsync(Device("device-0001"), default));
        var read = (await store.GetAsync("device-0001", default))!;
        Assert.Equal(["4"], read.Follows.Bills);
        Assert.True(read.Follows.AllMeetings);
        Assert.Equal(DeviceSecrets.Hash("s3cret"), read.SecretHash);

        Assert.Equal(DeviceWrite.Written, await store.ReplaceAsync(read with { Language = "en" }, default));
        Assert.Equal(DeviceWrite.Conflict, await store.ReplaceAsync(read with { Language = "th" }, default)); // stale version
        Assert.Equal("en", (await store.GetAsync("device-0001", default))!.Language);
    }

    [Fact]
    public async Task Devices_are_listed_and_deleted()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableDeviceStore(tables);
        await store.AddAsync(Device("device-0001"), default);
        await store.AddAsync(Device("device-0002"), default);

        await store.DeleteAsync("device-0001", default);
        await store.DeleteAsync("device-0001", default); // twice is fine
        var ids = new List<string>();
        await foreach (var id in store.ListIdsAsync(default))
        {
            ids.Add(id);
        }

        Assert.Equal(["device-0002"], ids);
        Assert.Null(await store.GetAsync("device-0001", default));
    }

    [Fact]
    public async Task Which_bills_exist_is_answered_in_a_few_queries_not_one_per_id()
    {
        var (tables, counter) = azurite.NewTables();
        var store = new TableBillStore(tables);
        var detector = TestData.Detector();
        foreach (var id in new[] { "1", "5", "17", "29" })
        {
            var change = detector.Detect(null, TestData.Snapshot(id, ("เสนอร่างกฎหมาย", "2020-01-01")), TestData.Now)!;
            await store.CommitAsync(change, default);
            await store.CompleteOutboxAsync(id, change.Events.Select(e => e.Id).ToArray(), default);
        }

        counter.Reset();
        var asked = Enumerable.Range(1, 30).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("x' or RowKey ne '").ToArray();
        var found = await store.FindExistingAsync(asked, default);

        Assert.Equal(["1", "17", "29", "5"], found.Order(StringComparer.Ordinal));
        Assert.Equal(3 + TableBillStore.MaxUnlistedLookups, counter.Reads); // 31 ids, 15 to a query, and a few of the misses one by one
    }

    [Fact]
    public async Task A_bill_committed_but_not_yet_in_the_list_exists_all_the_same()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableBillStore(tables);
        var change = TestData.Detector().Detect(null, TestData.Snapshot("41", ("เสนอร่างกฎหมาย", "2020-01-01")), TestData.Now)!;
        await store.CommitAsync(change, default); // its publish has not gone through: the list does not show it yet

        var found = await store.FindExistingAsync(["41", "42"], default);

        Assert.Empty((await store.QueryAsync(new Chantra.Domain.Bills.BillQuery(), default)).Items);
        Assert.Equal(["41"], found);
    }
}
