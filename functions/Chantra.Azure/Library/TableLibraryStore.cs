using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Chantra.Domain.Library;

namespace Chantra.Azure.Library;

/// <summary>The library's table; created once per process on first use (Bicep creates it in Azure).</summary>
public sealed class LibraryTables
{
    public const string LibraryTable = "library";

    private readonly Lazy<Task> _created;

    /// <param name="service">The storage account's table service.</param>
    /// <param name="suffix">Appended to the table name: lets tests keep their data apart.</param>
    public LibraryTables(TableServiceClient service, string suffix = "")
    {
        Library = service.GetTableClient(LibraryTable + suffix);
        _created = new Lazy<Task>(() => Library.CreateIfNotExistsAsync());
    }

    public TableClient Library { get; }

    public Task EnsureCreatedAsync() => _created.Value;
}

/// <summary>
/// The library in Table Storage: partition <c>docs</c>, one row per document id, the document as JSON
/// in <c>Json</c>; the row's ETag is the document's version, so edits are conditional on it. The
/// library is small (hundreds of entries), so listing reads the one partition.
/// </summary>
public sealed class TableLibraryStore(LibraryTables tables) : ILibraryStore
{
    internal const string Partition = "docs";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<StoredLibraryDocument>> ListAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var result = new List<StoredLibraryDocument>();
        await foreach (var row in tables.Library.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            result.Add(FromRow(row));
        }

        return result;
    }

    public async Task<StoredLibraryDocument?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var row = await tables.Library.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return row.HasValue ? FromRow(row.Value!) : null;
    }

    public async Task<LibraryStamp> GetStampAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        var count = 0;
        DateTimeOffset? last = null;
        // The server's write times, not UpdatedAt: instances' clocks may disagree, the table's doesn't.
        await foreach (var row in tables.Library.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), maxPerPage: 1000, select: ["RowKey", "Timestamp"], cancellationToken: cancellationToken))
        {
            count++;
            if (row.Timestamp is { } t && (last is null || t > last))
            {
                last = t;
            }
        }

        return new LibraryStamp(count, last);
    }

    public async Task<(LibraryWriteOutcome Outcome, StoredLibraryDocument? Stored)> AddAsync(LibraryDocument document, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        try
        {
            var response = await tables.Library.AddEntityAsync(ToRow(document), cancellationToken);
            return (LibraryWriteOutcome.Done, new StoredLibraryDocument(document, response.Headers.ETag!.Value.ToString()));
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return (LibraryWriteOutcome.VersionMismatch, null);
        }
    }

    public async Task<(LibraryWriteOutcome Outcome, StoredLibraryDocument? Stored)> ReplaceAsync(LibraryDocument document, string version, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        try
        {
            var response = await tables.Library.UpdateEntityAsync(ToRow(document), new ETag(version), TableUpdateMode.Replace, cancellationToken);
            return (LibraryWriteOutcome.Done, new StoredLibraryDocument(document, response.Headers.ETag!.Value.ToString()));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (LibraryWriteOutcome.NotFound, null);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return (LibraryWriteOutcome.VersionMismatch, null);
        }
    }

    public async Task<LibraryWriteOutcome> DeleteAsync(string id, string? version, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync();
        try
        {
            var response = await tables.Library.DeleteEntityAsync(Partition, id, version is null ? ETag.All : new ETag(version), cancellationToken);
            return response.Status == 404 ? LibraryWriteOutcome.NotFound : LibraryWriteOutcome.Done;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return LibraryWriteOutcome.NotFound;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return LibraryWriteOutcome.VersionMismatch;
        }
    }

    private static TableEntity ToRow(LibraryDocument document) => new(Partition, document.Id)
    {
        ["Json"] = JsonSerializer.Serialize(document, Json),
    };

    private static StoredLibraryDocument FromRow(TableEntity row) =>
        new(JsonSerializer.Deserialize<LibraryDocument>(row.GetString("Json"), Json)!, row.ETag.ToString());
}
