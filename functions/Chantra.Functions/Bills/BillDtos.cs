using Chantra.Domain.Bills;
using Chantra.Domain.Text;

namespace Chantra.Functions.Bills;

/// <summary>A bill as the API shows it. Dates carry +07:00; the <c>…Thai</c> fields are the Buddhist-era forms people read.</summary>
public sealed record BillDto(
    string Id,
    string Title,
    string? TitleEn,
    string Stage,
    string StageTh,
    string StageEn,
    string Status,
    string StatusText,
    string? Proposer,
    string? Ministry,
    string? StatusSince,
    string? StatusSinceThai,
    DateTimeOffset UpdatedAt,
    string UpdatedAtThai,
    string? SourceUrl,
    IReadOnlyList<TimelineStepDto>? Timeline = null)
{
    public static BillDto From(BillState b, IReadOnlyList<TimelineStep>? timeline = null)
    {
        var updated = ThaiText.ToBangkok(b.UpdatedAt);
        updated = updated.AddTicks(-(updated.Ticks % TimeSpan.TicksPerSecond));
        return new BillDto(
            b.Id, b.Title, b.TitleEn,
            b.Stage.ToWire(), b.Stage.ToThai(), b.Stage.ToEnglish(),
            b.Status.ToWire(), b.StatusText, b.Proposer, b.Ministry,
            b.StatusSince?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            b.StatusSince is { } d ? ThaiText.ToBuddhistEraDate(d) : null,
            updated, ThaiText.ToBuddhistEraDateTime(updated), b.SourceUrl,
            timeline?.Select(TimelineStepDto.From).ToList());
    }
}

/// <summary>One step of a bill's timeline: what happened (raw text, with our reading of it), when, and when we saw it.</summary>
public sealed record TimelineStepDto(
    int Sequence,
    string Stage,
    string StageTh,
    string Status,
    string StatusText,
    string? OccurredOn,
    string? OccurredOnThai,
    DateTimeOffset ObservedAt,
    string? SourceUrl,
    VoteDto? Vote,
    string? Source)
{
    public static TimelineStepDto From(TimelineStep s)
    {
        var observed = ThaiText.ToBangkok(s.ObservedAt);
        observed = observed.AddTicks(-(observed.Ticks % TimeSpan.TicksPerSecond));
        return new TimelineStepDto(
            s.Sequence, s.Stage.ToWire(), s.Stage.ToThai(), s.Status.ToWire(), s.StatusText,
            s.OccurredOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            s.OccurredOn is { } d ? ThaiText.ToBuddhistEraDate(d) : null,
            observed, s.SourceUrl,
            s.Vote is { } v ? new VoteDto(v.Approve, v.Disapprove, v.Abstain, v.Absent, v.Passed, v.Meeting) : null,
            s.Source);
    }
}

/// <summary>A recorded vote.</summary>
public sealed record VoteDto(int Approve, int Disapprove, int Abstain, int Absent, bool Passed, string? Meeting);

/// <summary>A page of a list (DESIGN.md, "HTTP"): the token is absent on the last page.</summary>
public sealed record PageDto<T>(IReadOnlyList<T> Items, string? ContinuationToken);
