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
    int LastItemCount);

/// <summary>Where source health is kept, so every instance (and the health endpoint) sees it.</summary>
public interface ISourceHealthStore
{
    Task RecordSuccessAsync(string source, DateTimeOffset at, int itemCount, CancellationToken cancellationToken);
    Task RecordFailureAsync(string source, DateTimeOffset at, string error, CancellationToken cancellationToken);
    Task<IReadOnlyList<SourceHealth>> GetAllAsync(CancellationToken cancellationToken);
}
