namespace Chantra.Domain.Sources;

/// <summary>The validators a server gave for a page, sent back on the next fetch so an unchanged page answers 304.</summary>
public sealed record PageValidators(string? ETag, DateTimeOffset? LastModified)
{
    public bool IsEmpty => ETag is null && LastModified is null;
}

/// <summary>Where each URL's validators are kept between runs and instances (Table Storage in Azure).</summary>
public interface IPageCacheStore
{
    Task<PageValidators?> GetAsync(Uri url, CancellationToken cancellationToken);

    Task SetAsync(Uri url, PageValidators validators, CancellationToken cancellationToken);
}

/// <summary>A source could not be reached (after retries, or its circuit is open): keep the last good data, mark it unhealthy.</summary>
public sealed class SourceUnavailableException(string source, string message, Exception? inner = null)
    : Exception($"{source}: {message}", inner)
{
    public string SourceName { get; } = source;
}
