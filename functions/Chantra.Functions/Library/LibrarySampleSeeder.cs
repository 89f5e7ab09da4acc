using Chantra.Domain.Library;
using Chantra.Sources.Library;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Library;

/// <summary>
/// Dev host only (<c>Library:SeedSample</c> = true): fills an empty library with the sample entries
/// shipped in Chantra.Sources/Library/Data, so search has something to find. Never overwrites.
/// </summary>
public sealed class LibrarySampleSeeder(ILibraryStore store, LibraryOptions options, LibraryCatalogService catalog, ILogger<LibrarySampleSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.SeedSample)
        {
            return;
        }

        if ((await store.GetStampAsync(cancellationToken)).Count > 0)
        {
            return;
        }

        var samples = LibrarySampleData.Load(LibrarySampleData.DefaultPath);
        foreach (var document in samples)
        {
            await store.AddAsync(document, cancellationToken);
        }

        catalog.Invalidate();
        logger.LogInformation("Library seeded with {Count} sample entries", samples.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
