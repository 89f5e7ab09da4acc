namespace Chantra.Domain.Library;

/// <summary>The kinds of document in the academic and legal library (wire names).</summary>
public static class LibraryDocumentTypes
{
    /// <summary>A research paper or academic study (งานวิจัย / บทความวิชาการ).</summary>
    public const string Research = "research";

    /// <summary>A legal knowledge article (บทความความรู้ทางกฎหมาย).</summary>
    public const string LegalArticle = "legal-article";

    /// <summary>A Senate publication: handbook, report, journal issue (สิ่งพิมพ์ของวุฒิสภา).</summary>
    public const string SenatePublication = "senate-publication";

    public static IReadOnlyList<string> All { get; } = [Research, LegalArticle, SenatePublication];

    public static bool IsKnown(string? type) => type is not null && All.Contains(type, StringComparer.Ordinal);
}

/// <summary>
/// One entry of the library: metadata and a link to the file (the files themselves live on the
/// Senate's site). Dates are Christian-era calendar days; tags are lower-cased, trimmed words.
/// </summary>
public sealed record LibraryDocument(
    string Id,
    string TitleTh,
    string? TitleEn,
    string Type,
    IReadOnlyList<string> Authors,
    DateOnly PublishedOn,
    string AbstractTh,
    string? AbstractEn,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> RelatedBills,
    Uri FileUrl,
    DateTimeOffset UpdatedAt);

/// <summary>A stored document with the store's version of it (the Table ETag): edits are conditional on it.</summary>
public sealed record StoredLibraryDocument(LibraryDocument Document, string Version);

/// <summary>
/// What the library as a whole looks like now, cheaply: how many documents and the newest server
/// write time. Any add, edit or delete changes it, so an instance whose index was built from
/// another stamp rebuilds.
/// </summary>
public sealed record LibraryStamp(int Count, DateTimeOffset? LastWrite);

/// <summary>How a conditional write ended.</summary>
public enum LibraryWriteOutcome
{
    Done,
    NotFound,

    /// <summary>The document changed since the version the caller had (or was added twice with one id).</summary>
    VersionMismatch,
}

/// <summary>The library's storage: one partition, one row per document.</summary>
public interface ILibraryStore
{
    Task<IReadOnlyList<StoredLibraryDocument>> ListAsync(CancellationToken cancellationToken);

    Task<StoredLibraryDocument?> GetAsync(string id, CancellationToken cancellationToken);

    Task<LibraryStamp> GetStampAsync(CancellationToken cancellationToken);

    /// <summary>Adds a new document; <see cref="LibraryWriteOutcome.VersionMismatch"/> when its id is taken.</summary>
    Task<(LibraryWriteOutcome Outcome, StoredLibraryDocument? Stored)> AddAsync(LibraryDocument document, CancellationToken cancellationToken);

    /// <summary>Replaces a document only if it is still at <paramref name="version"/>.</summary>
    Task<(LibraryWriteOutcome Outcome, StoredLibraryDocument? Stored)> ReplaceAsync(LibraryDocument document, string version, CancellationToken cancellationToken);

    /// <summary>Deletes a document, only if it is still at <paramref name="version"/> when one is given.</summary>
    Task<LibraryWriteOutcome> DeleteAsync(string id, string? version, CancellationToken cancellationToken);
}
