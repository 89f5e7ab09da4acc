namespace Chantra.Domain.Bills;

/// <summary>A recorded vote on a bill (replay data and, later, LIS vote rows).</summary>
public sealed record VoteTally(int Approve, int Disapprove, int Abstain, int Absent, bool Passed, string? Meeting);

/// <summary>One dated step as a source reports it: the raw Thai text and when it happened.</summary>
/// <param name="StatusText">The raw Thai status text, kept and shown as is.</param>
/// <param name="OccurredOn">The day it happened, when the source says; null for sources that only show the current text.</param>
/// <param name="SourceUrl">Where the step can be checked (a vote sheet, a Gazette PDF).</param>
/// <param name="Vote">The vote behind the step, if any.</param>
/// <param name="Source">The source that reported the step (<c>lis</c>, <c>senate-lawdraft</c>, <c>royal-gazette</c>, <c>lawwatch</c>):
/// a bill's timeline may be merged from several, and each step says where it came from.</param>
public sealed record SourceStep(string StatusText, DateOnly? OccurredOn, string? SourceUrl = null, VoteTally? Vote = null, string? Source = null)
{
    /// <summary>What identifies a step across scrapes: its text and its day.</summary>
    public string Key => $"{StatusText}\u001F{OccurredOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>A bill as one pass of a source sees it, with the steps it knows of in order.</summary>
public sealed record BillSnapshot(
    string Id,
    string Title,
    string? TitleEn,
    string? Proposer,
    string? Ministry,
    string? SourceUrl,
    IReadOnlyList<SourceStep> Steps);

/// <summary>The current state of a bill as we store and serve it.</summary>
public sealed record BillState(
    string Id,
    string Title,
    string? TitleEn,
    string? Proposer,
    string? Ministry,
    string? SourceUrl,
    BillStage Stage,
    BillStatus Status,
    string StatusText,
    DateOnly? StatusSince,
    DateTimeOffset UpdatedAt,
    int StepCount,
    string Fingerprint);

/// <summary>One step of a bill's timeline as we store and serve it.</summary>
public sealed record TimelineStep(
    int Sequence,
    BillStage Stage,
    BillStatus Status,
    string StatusText,
    DateOnly? OccurredOn,
    DateTimeOffset ObservedAt,
    string? SourceUrl,
    VoteTally? Vote,
    string? Source = null)
{
    public string Key => new SourceStep(StatusText, OccurredOn).Key;
}

/// <summary>A bill as stored: its state, its timeline, and the events not yet published.</summary>
/// <param name="Version">The store's concurrency token for the state (an ETag), opaque here.</param>
/// <param name="MinistryOverride">The responsible ministry staff set (it wins over the source's; events carry it so pushes, feeds and webhooks reach that ministry).</param>
public sealed record StoredBill(BillState State, IReadOnlyList<TimelineStep> Timeline, IReadOnlyList<string> PendingEventIds, string Version, string? MinistryOverride = null);
