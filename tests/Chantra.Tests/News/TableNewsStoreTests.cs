using Chantra.Azure.Storage;
using Chantra.Domain.Bills;
using Chantra.Domain.News;
using Chantra.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chantra.Tests.News;

/// <summary>The news read model on Azurite: newest first, by category, paged with tokens bound to their filters.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableNewsStoreTests(AzuriteFixture azurite)
{
    private async Task<TableNewsStore> StoredFixtureAsync()
    {
        var (tables, _) = azurite.NewTables();
        var store = new TableNewsStore(new NewsTables(tables.Service, "n" + Guid.NewGuid().ToString("N")[..10]));
        var source = new NewsScrapeServiceTests.ScriptedSource { Items = NewsScrapeServiceTests.FixtureItems() };
        await new NewsScrapeService(source, store, new NewsChangeDetector(), new NewsOptions(), new RecordingPublisher(), new TableSourceHealthStore(tables),
            TimeProvider.System, NullLoggerFactory.Instance).RunAsync(default);
        return store;
    }

    private static async Task<List<NewsItem>> AllPagesAsync(TableNewsStore store, NewsQuery query)
    {
        var all = new List<NewsItem>();
        do
        {
            var page = await store.QueryAsync(query, default);
            Assert.True(page.Items.Count <= query.PageSize);
            all.AddRange(page.Items);
            query = query with { ContinuationToken = page.ContinuationToken };
        }
        while (query.ContinuationToken is not null);

        return all;
    }

    [Fact]
    public async Task The_list_is_newest_first_across_pages_with_no_item_repeated_or_left_out()
    {
        var store = await StoredFixtureAsync();

        var all = await AllPagesAsync(store, new NewsQuery(PageSize: 3));

        Assert.Equal(7, all.Count);
        Assert.Equal(7, all.Select(i => i.Id).Distinct().Count());
        Assert.Equal(all.OrderByDescending(i => i.PublishedAt).Select(i => i.Id), all.Select(i => i.Id));
        Assert.Equal("คณะกรรมาธิการการเงินการคลังรับฟังการชี้แจงงบประมาณ", all[0].Title); // 5 Nov 2562
        Assert.Equal("วุฒิสภาเปิดให้ประชาชนเข้าชมการประชุมผ่านช่องทางออนไลน์", all[^1].Title); // 10 May 2562
    }

    [Fact]
    public async Task A_category_is_its_own_newest_first_list()
    {
        var store = await StoredFixtureAsync();

        var committee = await AllPagesAsync(store, new NewsQuery(Category: NewsScrapeServiceTests.Committee, PageSize: 2));
        var spaced = await AllPagesAsync(store, new NewsQuery(Category: " ข่าวกิจกรรม" + "คณะกรรมาธิการ ", PageSize: 2));
        var none = await store.QueryAsync(new NewsQuery(Category: "ข่าวภายในสำนักงาน"), default);

        Assert.Equal(
            ["คณะกรรมาธิการการเงินการคลังรับฟังการชี้แจงงบประมาณ", "คณะกรรมาธิการศึกษาดูงานด้านการบริหารจัดการน้ำ", "คณะกรรมาธิการการศึกษาประชุมพิจารณาร่างพระราชบัญญัติการศึกษาแห่งชาติ"],
            committee.Select(i => i.Title));
        Assert.Equal(committee.Select(i => i.Id), spaced.Select(i => i.Id));
        Assert.Empty(none.Items); // the hidden category was never stored
        Assert.Null(none.ContinuationToken);
    }

    [Fact]
    public async Task A_token_is_refused_for_other_filters_and_when_edited()
    {
        var store = await StoredFixtureAsync();
        var first = await store.QueryAsync(new NewsQuery(PageSize: 2), default);

        Assert.NotNull(first.ContinuationToken);
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => store.QueryAsync(new NewsQuery(Category: NewsScrapeServiceTests.Headline, PageSize: 2, ContinuationToken: first.ContinuationToken), default));
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => store.QueryAsync(new NewsQuery(PageSize: 3, ContinuationToken: first.ContinuationToken), default));
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => store.QueryAsync(new NewsQuery(PageSize: 2, ContinuationToken: "x" + first.ContinuationToken), default));
    }

    [Fact]
    public async Task One_item_is_read_with_its_full_text_and_an_unknown_id_is_null()
    {
        var store = await StoredFixtureAsync();
        var listed = (await store.QueryAsync(new NewsQuery(PageSize: 100), default)).Items.Single(i => i.Title == "การประชุมวุฒิสภา ครั้งแรก");

        var item = await ((INewsCatalog)store).GetAsync(listed.Id, default);

        Assert.NotNull(item);
        Assert.Equal(listed, item with { Photos = listed.Photos });
        Assert.StartsWith("วุฒิสภาจัดการประชุมครั้งแรกที่อาคารรัฐสภา\n\n", item.Description, StringComparison.Ordinal);
        Assert.True(item.Headline);
        Assert.Null(await ((INewsCatalog)store).GetAsync("0000000000000000", default));
    }
}
