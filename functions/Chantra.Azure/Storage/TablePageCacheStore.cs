using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Chantra.Domain.Sources;

namespace Chantra.Azure.Storage;

/// <summary>
/// Each fetched URL's <c>ETag</c>/<c>Last-Modified</c> in table <c>pagecache</c>: partition = host,
/// row = SHA-256 of the URL (URLs hold characters row keys may not). Written only when they change.
/// </summary>
public sealed class TablePageCacheStore
    : IPageCacheStore
{
    public const string TableName = "pagecache";

    private readonly TableClient _table;
    private readonly Lazy<Task> _created;

    /// <param name="suffix">Appended to the table name: keeps tests and benchmarks apart.</param>
    public TablePageCacheStore(TableServiceClient service, string suffix = "")
    {
        ArgumentNullException.ThrowIfNull(service);
        _table = service.GetTableClient(TableName + suffix);
        _created = new Lazy<Task>(() => _table.CreateIfNotExistsAsync());
    }

    public async Task<PageValidators?> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        await _created.Value;
        var (partition, row) = Keys(url);
        var got = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
        return got.HasValue && got.Value is { } e
            ? new PageValidators(e.GetString("ETag"), e.GetDateTimeOffset("LastModified"))
            : null;
    }

    public async Task SetAsync(Uri url, PageValidators validators, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validators);
        await _created.Value;
        var (partition, row) = Keys(url);
        await _table.UpsertEntityAsync(new TableEntity(partition, row)
        {
            ["Url"] = url.AbsoluteUri.Length > 2000 ? url.AbsoluteUri[..2000] : url.AbsoluteUri,
            ["ETag"] = validators.ETag,
            ["LastModified"] = validators.LastModified,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    private static (string Partition, string Row) Keys(Uri url) =>
        (url.Authority.ToLowerInvariant(), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url.AbsoluteUri))));
}
