using Azure.Core;
using Azure.Data.Tables;
using Chantra.Azure.Storage;
using Chantra.Domain.Bills;
using Chantra.Tests.Infrastructure;

namespace Chantra.Tests.Storage;

/// <summary>The bill id map on Azurite: read in one query, only ever inserted, a concurrent insert is a conflict the caller re-reads on.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableBillIdentityStoreTests(AzuriteFixture azurite)
{
    private (TableBillIdentityStore Store, StorageRequestCounter Counter, string Suffix) NewStore(string? suffix = null)
    {
        var counter = new StorageRequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerCall);
        suffix ??= "t" + Guid.NewGuid().ToString("N")[..10];
        return (new TableBillIdentityStore(new TableServiceClient(azurite.ConnectionString, options), suffix), counter, suffix);
    }

    [Fact]
    public async Task Aliases_added_read_back_in_one_query()
    {
        var (store, counter, _) = NewStore();
        var aliases = Enumerable.Range(0, 250).ToDictionary(i => "lis:" + i, i => "lis-" + i);

        await store.AddAliasesAsync(aliases, default);
        counter.Reset();
        var read = await store.GetAliasesAsync(default);

        Assert.Equal(aliases.OrderBy(a => a.Key, StringComparer.Ordinal), read.OrderBy(a => a.Key, StringComparer.Ordinal));
        Assert.Equal((1, 0), (counter.Reads, counter.Writes));
    }

    [Fact]
    public async Task An_alias_another_scrape_wrote_meanwhile_is_a_conflict_and_its_id_stays()
    {
        var (first, _, suffix) = NewStore();
        var (second, _, _) = NewStore(suffix);
        await first.AddAliasesAsync(new Dictionary<string, string> { ["senate-lawdraft:7002"] = "senate-7002" }, default);

        await Assert.ThrowsAsync<BillIdentityConflictException>(() =>
            second.AddAliasesAsync(new Dictionary<string, string> { ["senate-lawdraft:7002"] = "lis-202" }, default));

        Assert.Equal("senate-7002", (await first.GetAliasesAsync(default))["senate-lawdraft:7002"]);
    }
}
