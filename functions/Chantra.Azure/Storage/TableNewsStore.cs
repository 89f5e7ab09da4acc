using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Chantra.Domain.Bills;
using Chantra.Domain.Events;
using Chantra.Domain.News;
using Chantra.Domain.Text;

namespace Chantra.Azure.Storage;

/// <summary>
/// The tables of news. In Azure the Bicep templates create them; locally (Azurite) they are created once
/// per process on first use.
/// </summary>
public sealed class NewsTables
{
    public const string NewsTable = "news";
    public const string NewsIndexTable = "newsindex";

    private readonly Lazy<Task> _created;

    /// <param name="service">The storage account's table service.</param>
    /// <param name="suffix">Appended to every table name: lets tests keep their data apart.</param>
    public NewsTables(TableServiceClient service, string suffix = "")
    {
        News = service.GetTableClient(NewsTable + suffix);
        NewsIndex = service.GetTableClient(NewsIndexTable + suffix);
        _created = new Lazy<Task>(() => Task.WhenAll(News.CreateIfNotExistsAsync(), NewsIndex.CreateIfNotExistsAsync()));
    }

    /// <summary>Partition per item: its state and its outbox rows.</summary>
    public TableClient News { get; }

    /// <summary>The read models: every item newest first, each category newest first, and each item's fingerprint by id.</summary>
    public TableClient NewsIndex { get; }

    public Task EnsureCreatedAsync() => _created.Value;
}

/// <summary>
/// News in Table Storage. Table <c>news</c>: one partition per item with the row <c>state</c> (the item as
/// JSON) and its outbox rows <c>outbox|{eventId}</c>, changed in one transaction guarded by the state's
/// ETag. Table <c>newsindex</c>, kept by the outbox relay: partition <c>list</c> (every item, row key =
/// inverted publication ticks + id, so the newest come first), <c>category|{hash}</c> (the same per
/// category, so a category's page is a range read, not a filtered scan) and <c>byid</c> (each item's
/// fingerprint and list key, so a corrected time of day leaves no stale row behind).
/// </summary>
public sealed class TableNewsStore(NewsTables tables) : INewsStore, INewsCatalog
{
    internal const string StateRow = SubjectPartition.StateRow;
    internal const string OutboxPrefix = TableOutbox.Prefix;
    internal const string ListPartition = "list";
    internal const string CategoryPrefix = "category|";
    internal const string ByIdPartition = "byid";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyDictionary<string, string>> GetFingerprintsAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        return await SubjectPartition.FingerprintsAsync(tables.NewsIndex, ByIdPartition, cancellationToken);
    }

    async Task<StoredNewsItem?> INewsStore.GetAsync(string newsId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var (state, pending) = await SubjectPartition.ReadAsync(tables.News, newsId, cancellationToken);
        return state is null ? null : new StoredNewsItem(ReadItem(state), pending, state.ETag.ToString());
    }

    public async Task<CommitOutcome> CommitAsync(NewsChange change, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var state = WriteItem(new TableEntity(change.Item.Id, StateRow), change.Item);
        return await SubjectPartition.CommitAsync(tables.News, state, change.ExpectedVersion, change.Events, cancellationToken);
    }

    public async Task CompleteOutboxAsync(string ownerId, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        await RefreshReadModelAsync(ownerId, cancellationToken);
        await TableOutbox.DeleteAsync(tables.News, ownerId, eventIds, cancellationToken);
    }

    public async Task RefreshReadModelAsync(string newsId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var state = await tables.News.GetEntityIfExistsAsync<TableEntity>(newsId, StateRow, cancellationToken: cancellationToken);
        if (!state.HasValue || state.Value is null)
        {
            return;
        }

        var item = ReadItem(state.Value);
        var listKey = ListKey(item);
        var categoryPartition = CategoryPartition(item.Category);
        var byId = await tables.NewsIndex.GetEntityIfExistsAsync<TableEntity>(ByIdPartition, newsId, select: ["ListKey"], cancellationToken: cancellationToken);
        if (byId.HasValue && byId.Value?.GetString("ListKey") is { } oldKey && oldKey != listKey)
        {
            // The time of day moved: the rows under the old time must go, or the item would be listed twice.
            await TableRows.DeleteIfExistsAsync(tables.NewsIndex, ListPartition, oldKey, cancellationToken);
            await TableRows.DeleteIfExistsAsync(tables.NewsIndex, categoryPartition, oldKey, cancellationToken);
        }

        await tables.NewsIndex.UpsertEntityAsync(WriteItem(new TableEntity(ListPartition, listKey), item), TableUpdateMode.Replace, cancellationToken);
        await tables.NewsIndex.UpsertEntityAsync(WriteItem(new TableEntity(categoryPartition, listKey), item), TableUpdateMode.Replace, cancellationToken);
        await tables.NewsIndex.UpsertEntityAsync(
            new TableEntity(ByIdPartition, newsId) { ["ListKey"] = listKey, ["Fingerprint"] = item.Fingerprint },
            TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<PendingEvent>> GetPendingEventsAsync(DateTimeOffset writtenBefore, int max, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        return await TableOutbox.PendingAsync(tables.News, writtenBefore, max, cancellationToken);
    }

    // --- read side -------------------------------------------------------------------------

    public async Task<NewsPage> QueryAsync(NewsQuery query, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var partition = query.Category is { } category ? CategoryPartition(category) : ListPartition;
        var filterKey = FilterKey(query);
        // A token carries the last key served, issued for these same filters.
        var filter = query.ContinuationToken is { } token
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {ContinuationTokens.Read(token, filterKey)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition}");

        var items = new List<(string RowKey, NewsItem Item)>(query.PageSize + 1);
        await foreach (var row in tables.NewsIndex.QueryAsync<TableEntity>(filter, maxPerPage: query.PageSize + 1, cancellationToken: cancellationToken))
        {
            items.Add((row.RowKey, ReadItem(row)));
            if (items.Count > query.PageSize)
            {
                break;
            }
        }

        var more = items.Count > query.PageSize;
        var page = items.Take(query.PageSize).ToList();
        return new NewsPage(page.Select(i => i.Item).ToList(), more ? ContinuationTokens.Write(page[^1].RowKey, filterKey) : null);
    }

    async Task<NewsItem?> INewsCatalog.GetAsync(string newsId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var state = await tables.News.GetEntityIfExistsAsync<TableEntity>(newsId, StateRow, cancellationToken: cancellationToken);
        return state.HasValue && state.Value is { } row ? ReadItem(row) : null;
    }

    // --- mapping ---------------------------------------------------------------------------

    /// <summary>Inverted publication ticks (fixed width, so key order is newest first), then the id.</summary>
    internal static string ListKey(NewsItem i) =>
        (DateTimeOffset.MaxValue.UtcTicks - i.PublishedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + i.Id;

    /// <summary>A category's partition: a hash of its normalised name (Thai names and any character a key forbids never reach a key).</summary>
    internal static string CategoryPartition(string category) =>
        CategoryPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ThaiText.Normalize(category))).AsSpan(0, 8));

    private static TableEntity WriteItem(TableEntity e, NewsItem i)
    {
        e["NewsId"] = i.Id;
        e["Category"] = i.Category;
        e["PublishedAt"] = i.PublishedAt;
        e["Fingerprint"] = i.Fingerprint;
        JsonColumns.Write(e, i, Json);
        return e;
    }

    private static NewsItem ReadItem(TableEntity e)
    {
        return JsonColumns.Read<NewsItem>(e, Json);
    }

    private static string FilterKey(NewsQuery q)
    {
        var text = string.Join('\u001F', q.Category is { } c ? ThaiText.Normalize(c) : null, q.PageSize.ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
    }
}
