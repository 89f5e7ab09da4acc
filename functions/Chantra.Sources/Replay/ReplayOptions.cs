namespace Chantra.Sources.Replay;

/// <summary>How the replay moves through time.</summary>
public enum ReplayMode
{
    /// <summary>A simulated clock runs from <see cref="ReplayOptions.Start"/> at <see cref="ReplayOptions.Speed"/>: bills appear and move while you watch.</summary>
    Clock,
    /// <summary>Everything at its final state at once (for scripts and tests).</summary>
    Instant,
}

/// <summary>Settings of the replay source (configuration section <c>Sources:Replay</c>).</summary>
public sealed class ReplayOptions
{
    public const string Section = "Sources:Replay";

    /// <summary>The bills CSV (Law Watch layout). Default: the copy shipped next to the binaries.</summary>
    public string BillsCsv { get; set; } = DefaultPath("lawwatch-bills.csv");

    /// <summary>The vote log YAML (Law Watch layout); optional. Default: the shipped copy.</summary>
    public string? VotesYaml { get; set; } = DefaultPath("lawwatch-votelog.yaml");

    public ReplayMode Mode { get; set; } = ReplayMode.Clock;

    /// <summary>Simulated days per real second in <see cref="ReplayMode.Clock"/> mode.</summary>
    public double Speed { get; set; } = 20;

    /// <summary>Where the simulated clock starts; default: the earliest date in the data.</summary>
    public DateOnly? Start { get; set; }

    /// <summary>
    /// The folder of recorded MSBIS meeting pages the meetings replay plays (see
    /// Meetings/Data/msbis/README.md). Default: the copy shipped next to the binaries.
    /// Sittings dated before <see cref="Start"/> are shown at their final state at once.
    /// </summary>
    public string MsbisDir { get; set; } = Path.Combine(AppContext.BaseDirectory, "Meetings", "Data", "msbis");

    /// <summary>Real seconds one replayed sitting takes in <see cref="ReplayMode.Clock"/> mode (from opening to adjournment and the pause before the next).</summary>
    public double SittingSeconds { get; set; } = 60;

    /// <summary>
    /// The news XML (the Senate's mobile news layout) the news replay plays: in <see cref="ReplayMode.Clock"/>
    /// mode each item appears on its date, on the bills replay's calendar (<see cref="Start"/>, <see cref="Speed"/>).
    /// Default: the hand-written sample shipped next to the binaries (see News/Data/README.md).
    /// </summary>
    public string NewsXml { get; set; } = Path.Combine(AppContext.BaseDirectory, "News", "Data", "senatenews.xml");

    private static string DefaultPath(string file) => Path.Combine(AppContext.BaseDirectory, "Replay", "Data", file);
}
