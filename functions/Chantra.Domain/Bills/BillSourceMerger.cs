using System.Security.Cryptography;
using System.Text;

namespace Chantra.Domain.Bills;

/// <summary>A bill as one source reports it, before the sources are merged.</summary>
/// <param name="Source">The source's name (<c>lis</c>, <c>senate-lawdraft</c>); it also names every step it reports.</param>
/// <param name="SourceId">The source's own id of the bill (LIS's <c>DOC_ID</c>, the Senate list's PDF id).</param>
/// <param name="AcceptanceNumber">The House's acceptance number (เลขรับ), when the source shows it.</param>
/// <param name="IdHint">What a bill first seen in this source is named after, when not its <paramref name="SourceId"/>
/// (the Senate list keys a row by its title, which it always has, and names it after its PDF id, which comes later).</param>
public sealed record SourcedBill(
    string Source,
    string SourceId,
    string? AcceptanceNumber,
    string Title,
    string? Proposer,
    string? SourceUrl,
    IReadOnlyList<SourceStep> Steps,
    string? IdHint = null)
{
    /// <summary>The key of this bill's alias: which source, which id there (hashed where a table key could not hold it).</summary>
    public string AliasKey => Source + ":" + BillSourceMerger.SafeId(SourceId);
}

/// <summary>What a merge gives: one snapshot per bill, and the aliases it assigned for the first time.</summary>
public sealed record BillMerge(IReadOnlyList<BillSnapshot> Bills, IReadOnlyDictionary<string, string> NewAliases, IReadOnlyList<string> Unmatched);

/// <summary>
/// Makes one bill of what LIS (the primary source: it knows every bill from its introduction) and the
/// Senate's draft-bill list (the committee-stage view, often first with news of the Senate) say of it.
/// </summary>
/// <remarks>
/// <para>Matching: a Senate row is the LIS bill with the same acceptance number when both show one,
/// else with the same <see cref="BillTitleKey"/>. Competing drafts often share a title; then only a
/// draft LIS shows past the House can be the one before the Senate, and if that still leaves several
/// (or none), the row stays a bill of its own — a wrong merge would push one bill's news to another's
/// followers.</para>
/// <para>Ids: a bill keeps the first id it was ever given, whichever source first showed it
/// (<c>lis-{DOC_ID}</c> or <c>senate-{id}</c>); every source key seen for it is an alias of that id,
/// stored once, so a bill seen first in the Senate's list keeps its id when LIS later shows it.</para>
/// <para>Steps: LIS's steps, then the Senate list's, each naming its source. A step already reported
/// is reported once: the same text on the same day, the same text with no day next to a dated one
/// (the dated report wins), or a fuller wording of it. The Senate list's undated steps go where their
/// stage puts them, so a list that lags behind LIS never sets a bill back (see <see cref="MergeSteps"/>).</para>
/// </remarks>
public sealed class BillSourceMerger(BillStatusClassifier classifier)
{
    public const string LisPrefix = "lis-";
    public const string SenatePrefix = "senate-";

    public BillMerge Merge(
        IReadOnlyList<SourcedBill> lis,
        IReadOnlyList<SourcedBill> senate,
        IReadOnlyDictionary<string, string> aliases)
    {
        ArgumentNullException.ThrowIfNull(lis);
        ArgumentNullException.ThrowIfNull(senate);
        ArgumentNullException.ThrowIfNull(aliases);

        var byKey = lis.GroupBy(b => BillTitleKey.Of(b.Title), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var byAcceptance = lis.Where(b => b.AcceptanceNumber is { Length: > 0 })
            .GroupBy(b => b.AcceptanceNumber!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        // Which LIS bill each Senate row is; a LIS bill takes one row at most.
        var partner = new Dictionary<SourcedBill, SourcedBill>(ReferenceEqualityComparer.Instance);
        var taken = new HashSet<SourcedBill>(ReferenceEqualityComparer.Instance);
        var unmatched = new List<string>();
        foreach (var row in senate)
        {
            if (Match(row, byAcceptance, byKey, taken) is { } match)
            {
                partner[row] = match;
                taken.Add(match);
            }
            else
            {
                unmatched.Add(row.Title);
            }
        }

        var partnerOfLis = new Dictionary<SourcedBill, SourcedBill>(ReferenceEqualityComparer.Instance);
        foreach (var (row, bill) in partner)
        {
            partnerOfLis[bill] = row;
        }

        var newAliases = new Dictionary<string, string>(StringComparer.Ordinal);
        var snapshots = new Dictionary<string, BillSnapshot>(StringComparer.Ordinal);
        var order = new List<string>();

        foreach (var bill in lis)
        {
            var row = partnerOfLis.GetValueOrDefault(bill);
            var id = aliases.GetValueOrDefault(bill.AliasKey)
                ?? (row is not null ? aliases.GetValueOrDefault(row.AliasKey) : null)
                ?? LisPrefix + SafeId(bill.SourceId);
            Alias(bill, id);
            if (row is not null)
            {
                Alias(row, id);
            }

            Add(id, bill, row);
        }

        foreach (var row in senate.Where(r => !partner.ContainsKey(r)))
        {
            var id = aliases.GetValueOrDefault(row.AliasKey) ?? SenatePrefix + SafeId(row.IdHint ?? row.SourceId);
            Alias(row, id);
            Add(id, row, null);
        }

        return new BillMerge(order.Select(id => snapshots[id]).ToList(), newAliases, unmatched);

        void Alias(SourcedBill bill, string id)
        {
            if (!aliases.ContainsKey(bill.AliasKey))
            {
                newAliases[bill.AliasKey] = id;
            }
        }

        void Add(string id, SourcedBill main, SourcedBill? other)
        {
            var steps = MergeSteps(main.Steps, other?.Steps ?? [], classifier);
            if (snapshots.TryGetValue(id, out var already))
            {
                // Two source bills carry one id (an alias stored by an earlier merge): one bill all the same.
                snapshots[id] = already with { Steps = MergeSteps(already.Steps, steps, classifier) };
                return;
            }

            order.Add(id);
            snapshots[id] = new BillSnapshot(id, main.Title, null, main.Proposer ?? other?.Proposer, null, main.SourceUrl ?? other?.SourceUrl, steps);
        }
    }

    /// <summary>
    /// The steps of <paramref name="first"/> then those of <paramref name="then"/> not reported already.
    /// One step: the same text on the same day; the same text where one of the two has no day (the dated
    /// report is kept, in the place of the first); and a text that is the other's with words added (the
    /// Senate list's "passed the Senate" and LIS's "passed the Senate with amendments"; the dated, else the
    /// fuller, report is kept).
    /// </summary>
    /// <param name="classifier">When given, a step of <paramref name="then"/> with no day is placed after the
    /// last step of a stage at or before its own, not at the end: a second source that lags (the Senate list
    /// still saying "in committee" when LIS already has the Senate's vote) adds to the bill's history without
    /// making that the bill's current stage.</param>
    public static IReadOnlyList<SourceStep> MergeSteps(IReadOnlyList<SourceStep> first, IReadOnlyList<SourceStep> then, BillStatusClassifier? classifier = null)
    {
        var merged = new List<SourceStep>(first.Count + then.Count);
        foreach (var (step, fromThen) in first.Select(s => (s, false)).Concat(then.Select(s => (s, true))))
        {
            var same = merged.FindIndex(s => SameStep(s, step));
            if (same < 0)
            {
                merged.Insert(fromThen && step.OccurredOn is null && classifier is not null ? PlaceOf(merged, step, classifier) : merged.Count, step);
            }
            else if (Fuller(step, merged[same]))
            {
                merged[same] = step;
            }
        }

        return merged;
    }

    private static bool SameStep(SourceStep a, SourceStep b) =>
        (a.StatusText == b.StatusText || Extends(a.StatusText, b.StatusText) || Extends(b.StatusText, a.StatusText))
        && (a.OccurredOn == b.OccurredOn || a.OccurredOn is null || b.OccurredOn is null);

    /// <summary>Whether <paramref name="longer"/> is <paramref name="shorter"/> with more words after it.</summary>
    private static bool Extends(string longer, string shorter) =>
        shorter.Length > 0 && longer.Length > shorter.Length && longer[shorter.Length] == ' ' && longer.StartsWith(shorter, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="step"/> says more than <paramref name="kept"/>, the report of the same step kept so far.</summary>
    private static bool Fuller(SourceStep step, SourceStep kept) =>
        (kept.OccurredOn is null && step.OccurredOn is not null)
        || ((kept.OccurredOn is null) == (step.OccurredOn is null) && Extends(step.StatusText, kept.StatusText));

    /// <summary>Where an undated step goes: after the last step of a stage at or before its own (the end when its stage is unknown).</summary>
    private static int PlaceOf(List<SourceStep> steps, SourceStep step, BillStatusClassifier classifier)
    {
        var stage = classifier.Classify(step.StatusText).Stage;
        if (stage == BillStage.Unclassified)
        {
            return steps.Count;
        }

        for (var i = steps.Count - 1; i >= 0; i--)
        {
            if (classifier.Classify(steps[i].StatusText).Stage is var at && at != BillStage.Unclassified && at <= stage)
            {
                return i + 1;
            }
        }

        return steps.Any(s => classifier.Classify(s.StatusText).Stage != BillStage.Unclassified) ? 0 : steps.Count;
    }

    private SourcedBill? Match(
        SourcedBill row,
        Dictionary<string, List<SourcedBill>> byAcceptance,
        Dictionary<string, List<SourcedBill>> byKey,
        HashSet<SourcedBill> taken)
    {
        if (row.AcceptanceNumber is { Length: > 0 } number && byAcceptance.TryGetValue(number, out var numbered))
        {
            var free = numbered.Where(b => !taken.Contains(b)).ToList();
            if (free.Count == 1)
            {
                return free[0];
            }
        }

        if (!byKey.TryGetValue(BillTitleKey.Of(row.Title), out var named))
        {
            return null;
        }

        var candidates = named.Where(b => !taken.Contains(b)).ToList();
        if (candidates.Count > 1)
        {
            candidates = candidates.Where(PastTheHouse).ToList();
        }

        return candidates.Count == 1 ? candidates[0] : null;
    }

    /// <summary>Whether LIS shows the bill beyond the House: only such a draft can be on the Senate's list.</summary>
    private bool PastTheHouse(SourcedBill bill) => bill.Steps.Any(s => classifier.Classify(s.StatusText).Stage
        is BillStage.SenateFirstReading or BillStage.SenateCommittee or BillStage.SenateFinalReadings
        or BillStage.JointCommittee or BillStage.JointSitting or BillStage.RoyalAssent or BillStage.Gazette);

    /// <summary>A source id as a bill id may carry it (push tags allow letters, digits, <c>._-</c>): else a hash of it.</summary>
    public static string SafeId(string sourceId) =>
        sourceId.Length is > 0 and <= 40 && sourceId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? sourceId
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceId)).AsSpan(0, 8));
}

/// <summary>
/// Which bill id each source's bill carries (<see cref="SourcedBill.AliasKey"/> → bill id): written once
/// per new source key, read once per scrape, so a bill keeps its id whichever source shows it.
/// </summary>
public interface IBillIdentityStore
{
    Task<IReadOnlyDictionary<string, string>> GetAliasesAsync(CancellationToken cancellationToken);

    Task AddAliasesAsync(IReadOnlyDictionary<string, string> aliases, CancellationToken cancellationToken);
}

/// <summary>Another scrape gave an id to one of the same source bills meanwhile: re-read the aliases and merge again.</summary>
public sealed class BillIdentityConflictException(Exception? inner = null)
    : Exception("A bill alias was written by another scrape meanwhile.", inner);
