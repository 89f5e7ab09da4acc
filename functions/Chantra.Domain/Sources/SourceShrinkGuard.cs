namespace Chantra.Domain.Sources;

/// <summary>
/// A source that suddenly shows far fewer items than its last good pass has most likely changed its
/// layout (rows no longer matched), not lost its bills or sittings: the pass is treated as a layout
/// failure, so the last good data stays and nothing is taken as removed.
/// </summary>
public static class SourceShrinkGuard
{
    /// <summary>Below this share of the last good count a pass is suspect.</summary>
    public const double MinShare = 0.5;

    /// <summary>Small sources swing by a few items for real; the guard starts at this many.</summary>
    public const int MinBaseline = 10;

    /// <summary>Why the pass is suspect, or null when it is not (or there is no good pass to compare with).</summary>
    public static string? Check(int? lastGoodCount, int count) =>
        lastGoodCount is { } last && last >= MinBaseline && count < last * MinShare
            ? $"far fewer items than the last good pass ({count} against {last}); the layout has likely changed"
            : null;
}

/// <summary>
/// A source's last good item count for <see cref="SourceShrinkGuard"/>: in memory, and on a fresh instance
/// (Functions scale to zero and restart often) taken once from the source's health row, so the guard
/// holds across restarts.
/// </summary>
public sealed class LastGoodCount(ISourceHealthStore health, string source)
{
    private int? _count;
    private bool _loaded;

    /// <summary>Why a pass of <paramref name="count"/> items is suspect, or null when it is not.</summary>
    public async Task<string?> CheckAsync(int count, CancellationToken cancellationToken)
    {
        if (!_loaded)
        {
            _count ??= await health.GetLastGoodCountAsync(source, cancellationToken);
            _loaded = true;
        }

        return SourceShrinkGuard.Check(_count, count);
    }

    /// <summary>The pass was good: its count is the new baseline.</summary>
    public void Accept(int count)
    {
        _count = count;
        _loaded = true;
    }
}
