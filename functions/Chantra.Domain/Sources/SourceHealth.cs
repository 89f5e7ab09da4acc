namespace Chantra.Domain.Sources;

/// <summary>A source's page or file no longer has the layout its parser knows: stop, keep the last good data, say so.</summary>
public sealed class SourceLayoutException(string source, string message, Exception? inner = null)
    : Exception($"{source}: {message}", inner)
{
    public string SourceName { get; } = source;
}

/// <summary>How a source's last passes went, as the health endpoint reports it.</summary>
public sealed record SourceHealth(
    string Source,
    bool Healthy,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastFailureAt,
    string? LastError,
    int LastItemCount,
    long PagesFetched = 0,
    long PagesNotModified = 0,
    long PagesFailed = 0,
    long ItemsParsed = 0);

/// <summary>Work a live source did since it last reported (pages fetched with content, answered 304, failed; items parsed).</summary>
public sealed record SourceCounts(long PagesFetched, long PagesNotModified, long PagesFailed, long ItemsParsed)
{
    public static SourceCounts Zero { get; } = new(0, 0, 0, 0);

    public bool IsZero => this == Zero;

    public SourceCounts Add(SourceCounts other) => new(
        PagesFetched + other.PagesFetched, PagesNotModified + other.PagesNotModified,
        PagesFailed + other.PagesFailed, ItemsParsed + other.ItemsParsed);
}

/// <summary>Where source health is kept, so every instance (and the health endpoint) sees it.</summary>
public interface ISourceHealthStore
{
    Task RecordSuccessAsync(string source, DateTimeOffset at, int itemCount, CancellationToken cancellationToken);
    Task RecordFailureAsync(string source, DateTimeOffset at, string error, CancellationToken cancellationToken);
    Task<IReadOnlyList<SourceHealth>> GetAllAsync(CancellationToken cancellationToken);

    /// <summary>Adds to a source's running counts. A default that drops them keeps other stores (and mocks) compiling.</summary>
    Task AddCountsAsync(string source, SourceCounts counts, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>How many items the source's last good pass held (null: none recorded), so a fresh instance
    /// still knows what "far fewer than last time" means. The default reads every row; stores do better.</summary>
    async Task<int?> GetLastGoodCountAsync(string source, CancellationToken cancellationToken) =>
        (await GetAllAsync(cancellationToken)).FirstOrDefault(h => h.Source == source) is { LastSuccessAt: not null } h ? h.LastItemCount : null;
}
