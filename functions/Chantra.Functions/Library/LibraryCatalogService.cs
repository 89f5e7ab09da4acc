using Chantra.Domain.Library;
using Chantra.Search;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Library;

/// <summary>The library's settings (configuration section <c>Library</c>).</summary>
public sealed class LibraryOptions
{
    /// <summary>How often, at most, an instance asks the store whether another instance changed the library.</summary>
    public int RefreshSeconds { get; set; } = 30;

    /// <summary>Load the sample entries into an empty library at start-up (the dev host only).</summary>
    public bool SeedSample { get; set; }
}

/// <summary>
/// The library's search index, built in memory from the store and kept with the store's
/// <see cref="LibraryStamp"/> (count and newest server write time) it was built from. A read re-checks
/// the stamp at most every <see cref="LibraryOptions.RefreshSeconds"/> and rebuilds when it differs,
/// so an edit made on another instance shows within that time; an edit made here calls
/// <see cref="Invalidate"/>, so it shows on the next read. Building is a few milliseconds for
/// hundreds of entries, so a whole rebuild is simpler than keeping an index in step.
/// </summary>
public sealed class LibraryCatalogService(ILibraryStore store, LibraryOptions options, TimeProvider time, ILogger<LibraryCatalogService> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _current;
    private long _checkedAt = long.MinValue; // UTC ticks of the last stamp check (wall time, so a test clock drives it)

    private sealed record Snapshot(LibrarySearchIndex Index, LibraryStamp Stamp);

    /// <summary>Makes the next read check the store (call after a write in this instance).</summary>
    public void Invalidate() => Interlocked.Exchange(ref _checkedAt, long.MinValue);

    public async Task<LibrarySearchIndex> GetIndexAsync(CancellationToken cancellationToken)
    {
        if (_current is { } fresh && !IsDue())
        {
            return fresh.Index;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } again && !IsDue())
            {
                return again.Index; // another request checked while this one waited
            }

            var stamp = await store.GetStampAsync(cancellationToken);
            if (_current is not { } snapshot || snapshot.Stamp != stamp)
            {
                // The stamp is read before the documents: a write in between changes the stamp
                // again, so the next check rebuilds; an index is never kept newer than its stamp says.
                var documents = await store.ListAsync(cancellationToken);
                var index = LibrarySearchIndex.Build(documents.Select(d => d.Document));
                logger.LogInformation("Library index built: {Count} documents", documents.Count);
                // The old index is left to the GC, not disposed: a request may still be searching it.
                _current = snapshot = new Snapshot(index, stamp);
            }

            Interlocked.Exchange(ref _checkedAt, time.GetUtcNow().UtcTicks);
            return snapshot.Index;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool IsDue()
    {
        var checkedAt = Interlocked.Read(ref _checkedAt);
        return checkedAt == long.MinValue || time.GetUtcNow().UtcTicks - checkedAt >= TimeSpan.FromSeconds(Math.Max(0, options.RefreshSeconds)).Ticks
            || time.GetUtcNow().UtcTicks < checkedAt; // the clock went back: check rather than trust it
    }
}
