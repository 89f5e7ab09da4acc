using System.Diagnostics;
using Chantra.Domain.Constitution;
using Chantra.Search;
using Chantra.Sources.Constitution;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Constitution;

/// <summary>Where the constitution texts are read from (configuration section <c>Constitution</c>).</summary>
public sealed class ConstitutionOptions
{
    /// <summary>The folder of texts; default: the copy shipped next to the binaries.</summary>
    public string DataDir { get; set; } = ConstitutionLibrary.DefaultDataDirectory;

    /// <summary>Where the built index is saved and loaded from (keyed by a fingerprint of the texts).</summary>
    public string IndexCacheDir { get; set; } = Path.Combine(Path.GetTempPath(), "chantra-constitution-index");
}

/// <summary>
/// The constitutions and their search index, loaded once per instance on first use (the texts
/// change only with a deployment). Measured (README): building the index takes 0.7–3 s, loading
/// a saved one about 0.2 s in a fresh process, so the index is built once, saved under a
/// fingerprint of the texts, and loaded by every later start on the same machine.
/// </summary>
public sealed class ConstitutionCatalogService(ConstitutionOptions options, ILogger<ConstitutionCatalogService> logger) : IDisposable
{
    private readonly Lazy<(ConstitutionLibrary Library, ConstitutionSearchIndex Index)> _loaded = new(() =>
    {
        var watch = Stopwatch.StartNew();
        var library = ConstitutionLibrary.Load(options.DataDir, w => logger.LogWarning("Constitution import: {Warning}", w));
        var imported = watch.Elapsed;
        var index = ConstitutionSearchIndex.LoadOrBuild(options.IndexCacheDir, library.All);
        logger.LogInformation("Constitutions loaded: {Count} instruments in {Import} ms, index built in {Index} ms",
            library.All.Count, (int)imported.TotalMilliseconds, (int)(watch.Elapsed - imported).TotalMilliseconds);
        return (library, index);
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public ConstitutionLibrary Library => _loaded.Value.Library;

    public ConstitutionSearchIndex Index => _loaded.Value.Index;

    public void Dispose()
    {
        if (_loaded.IsValueCreated)
        {
            _loaded.Value.Index.Dispose();
        }
    }
}
