using Microsoft.Extensions.Configuration;

namespace Chantra.Functions.Sources;

/// <summary>Which sources read the real sites: <c>Sources:{Bills|Meetings|News}:Mode</c> = <c>Replay</c> (default) | <c>Live</c>.</summary>
public static class SourceModes
{
    public static bool IsLive(IConfiguration configuration, string source) =>
        string.Equals(configuration[$"Sources:{source}:Mode"], "Live", StringComparison.OrdinalIgnoreCase);
}
