using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Chantra.Domain.Events;

namespace Chantra.Domain.Bills;

/// <summary>What one bill's scrape changes: the new state, the steps to append, and their events.</summary>
/// <param name="ExpectedVersion">The stored version the change was computed from (null: the bill is new).</param>
public sealed record BillChange(BillState State, IReadOnlyList<TimelineStep> NewSteps, IReadOnlyList<CloudEvent> Events, string? ExpectedVersion);

/// <summary>
/// Compares what a source sees of a bill with what we store, and says what to write. Pure: the
/// same inputs give the same change and the same event ids, so two overlapping scrapes compute
/// identical events and the store's ETag guard lets only one of them land.
/// </summary>
public sealed class BillChangeDetector(BillStatusClassifier classifier)
{
    /// <summary>A hash of everything a source says of a bill; equal hashes mean nothing to do.</summary>
    public static string Fingerprint(BillSnapshot snapshot)
    {
        var sb = new StringBuilder();
        sb.Append(snapshot.Title).Append('\u001F').Append(snapshot.TitleEn).Append('\u001F')
          .Append(snapshot.Proposer).Append('\u001F').Append(snapshot.Ministry).Append('\u001F').Append(snapshot.SourceUrl);
        foreach (var step in snapshot.Steps)
        {
            sb.Append('\u001E').Append(step.Key).Append('\u001F').Append(step.SourceUrl);
            if (step.Source is { } source)
            {
                sb.Append('\u001F').Append(source);
            }

            if (step.Vote is { } v)
            {
                sb.Append('\u001F').Append(v.Approve).Append('/').Append(v.Disapprove).Append('/').Append(v.Abstain)
                  .Append('/').Append(v.Absent).Append('/').Append(v.Passed).Append('/').Append(v.Meeting);
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())).AsSpan(0, 16));
    }

    /// <summary>The change to write, or null when the stored bill already says what the source says.</summary>
    public BillChange? Detect(StoredBill? stored, BillSnapshot snapshot, DateTimeOffset now)
    {
        var fingerprint = Fingerprint(snapshot);
        if (stored is not null && stored.State.Fingerprint == fingerprint)
        {
            return null;
        }

        var subject = "bills/" + snapshot.Id;

        // Events name the ministry staff set, when they set one, so its followers and webhooks hear of the bill.
        var eventBill = stored?.MinistryOverride is { Length: > 0 } ministry ? snapshot with { Ministry = ministry } : snapshot;
        var known = new HashSet<string>(stored?.Timeline.Select(s => s.Key) ?? [], StringComparer.Ordinal);
        var sequence = stored?.Timeline.Count ?? 0;
        var previous = stored?.Timeline.Count > 0 ? stored.Timeline[^1] : null;

        // When the bill reached the Senate: its 60 days run from then (pushes say "day 12 of 60").
        var senateSince = stored?.Timeline.FirstOrDefault(s => Push.CitizenWording.IsSenate(s.Stage))?.OccurredOn;
        var newSteps = new List<TimelineStep>();
        var events = new List<CloudEvent>();

        // Texts of known steps, dated or not: one source may report a step with no day (the Senate's list)
        // and another the same step with its day (LIS). That is one step, and one push.
        var knownTexts = (stored?.Timeline ?? []).ToLookup(s => s.StatusText, s => s.OccurredOn, StringComparer.Ordinal);
        var seenTexts = new Dictionary<string, List<DateOnly?>>(StringComparer.Ordinal);

        foreach (var step in snapshot.Steps)
        {
            // A source may repeat a step (or report the same text on the same day twice): one step, one event.
            if (!known.Add(step.Key) || ReportedUndated(step, knownTexts[step.StatusText]) || ReportedUndated(step, seenTexts.GetValueOrDefault(step.StatusText) ?? []))
            {
                continue;
            }

            (seenTexts.TryGetValue(step.StatusText, out var days) ? days : seenTexts[step.StatusText] = []).Add(step.OccurredOn);

            var c = classifier.Classify(step.StatusText);
            var added = new TimelineStep(sequence++, c.Stage, c.Status, step.StatusText, step.OccurredOn, now, step.SourceUrl, step.Vote, step.Source);
            if (Push.CitizenWording.IsSenate(added.Stage))
            {
                senateSince ??= added.OccurredOn;
            }

            var type = stored is null && newSteps.Count == 0 ? EventTypes.BillCreated : EventTypes.BillStageChanged;
            events.Add(new CloudEvent(
                CloudEvent.DeterministicId(subject, type, added.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), added.Key),
                EventTypes.Source, type, subject, now, StepData(eventBill, added, previous, Push.CitizenWording.IsSenate(added.Stage) ? senateSince : null)));
            newSteps.Add(added);
            previous = added;
        }

        var last = newSteps.Count > 0 ? newSteps[^1] : stored?.Timeline.LastOrDefault();
        var state = new BillState(
            snapshot.Id, snapshot.Title, snapshot.TitleEn, snapshot.Proposer, snapshot.Ministry, snapshot.SourceUrl,
            last?.Stage ?? BillStage.Unclassified,
            last?.Status ?? BillStatus.Unclassified,
            last?.StatusText ?? string.Empty,
            last?.OccurredOn,
            now,
            (stored?.Timeline.Count ?? 0) + newSteps.Count,
            fingerprint);

        if (events.Count == 0)
        {
            // Only what is said about the bill changed (title, proposer, a link): no push, but an
            // event all the same, so subscribers and the read model hear of it through the outbox.
            var type = stored is null ? EventTypes.BillCreated : EventTypes.BillUpdated;
            events.Add(new CloudEvent(CloudEvent.DeterministicId(subject, type, fingerprint), EventTypes.Source, type, subject, now, StateData(state with { Ministry = eventBill.Ministry })));
        }

        return new BillChange(state, newSteps, events, stored?.Version);
    }

    /// <summary>Whether the step's text is known already with no day, or the step has no day and its text is known.</summary>
    private static bool ReportedUndated(SourceStep step, IEnumerable<DateOnly?> knownDays) =>
        knownDays.Any(day => day is null || step.OccurredOn is null);

    /// <summary>
    /// The event of staff changing which ministry a bill is the responsibility of (<paramref name="state"/> already
    /// names the new one): a <c>bill.updated</c>, so the new ministry's followers, feeds and webhooks hear of the bill
    /// now rather than at its next step. <c>previousMinistry</c> tells the one it left. Its id is the change's: a
    /// repeated request that changes nothing makes no event.
    /// </summary>
    public static CloudEvent MinistryChanged(BillState state, string? previousMinistry, DateTimeOffset at)
    {
        var subject = "bills/" + state.Id;
        var data = StateData(state);
        data["previousMinistry"] = previousMinistry;
        return new CloudEvent(
            CloudEvent.DeterministicId(subject, EventTypes.BillUpdated, "ministry", previousMinistry ?? "", state.Ministry ?? "", at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            EventTypes.Source, EventTypes.BillUpdated, subject, at, data);
    }

    private static JsonObject StateData(BillState state) => new()
    {
        ["billId"] = state.Id,
        ["title"] = state.Title,
        ["titleEn"] = state.TitleEn,
        ["ministry"] = state.Ministry,
        ["stage"] = state.Stage.ToWire(),
        ["status"] = state.Status.ToWire(),
        ["statusText"] = state.StatusText,
    };

    private static JsonObject StepData(BillSnapshot bill, TimelineStep step, TimelineStep? previous, DateOnly? senateSince) => new()
    {
        ["billId"] = bill.Id,
        ["title"] = bill.Title,
        ["titleEn"] = bill.TitleEn,
        ["ministry"] = bill.Ministry,
        ["sequence"] = step.Sequence,
        ["stage"] = step.Stage.ToWire(),
        ["status"] = step.Status.ToWire(),
        ["statusText"] = step.StatusText,
        ["occurredOn"] = step.OccurredOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["previousStage"] = previous?.Stage.ToWire(),
        ["previousStatus"] = previous?.Status.ToWire(),
        ["senateSince"] = senateSince?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };
}
