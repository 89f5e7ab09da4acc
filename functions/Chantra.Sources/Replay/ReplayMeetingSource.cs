using System.Text.RegularExpressions;
using Chantra.Domain.Meetings;
using Chantra.Domain.Sources;
using Chantra.Sources.Meetings;
using Microsoft.Extensions.Logging;
using ThaiText = Chantra.Domain.Text.ThaiText;

namespace Chantra.Sources.Replay;

/// <summary>
/// The replay of real recorded MSBIS meeting pages (<see cref="ReplayOptions.MsbisDir"/>) as a
/// meeting source. In instant mode every sitting is at its final state. In clock mode the
/// sittings play one after another from the first read, <see cref="ReplayOptions.SittingSeconds"/>
/// (P) each: sitting k (from 0, by start time) is announced (scheduled) at t0 + (k−1)·P, opens at
/// t0 + k·P on agenda item 0, takes item i at t0 + k·P + i·0.8P/n and adjourns at t0 + k·P + 0.8P;
/// a vote sheet is recorded once its item has left the floor. Sittings dated (Bangkok) before
/// <see cref="ReplayOptions.Start"/> are at their final state from the start.
/// </summary>
/// <remarks>
/// The pages are read and parsed once, on the first read (the cold start is paid once); every
/// snapshot a read can return is built then, so a read only picks snapshots by the clock.
/// A page that no longer parses (<see cref="SourceLayoutException"/>) fails the whole read rather
/// than being left out: a sitting silently missing from the replay would look like a sitting
/// removed, while a failed read marks the source unhealthy and the scrape keeps the last good data.
/// </remarks>
public sealed partial class ReplayMeetingSource : IMeetingSource
{
    /// <summary>The longest period accepted: keeps every tick product of the clock far from overflow.</summary>
    private static readonly TimeSpan LongestSitting = TimeSpan.FromDays(7);

    private readonly ReplayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ReplayMeetingSource> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Replay? _replay;

    public ReplayMeetingSource(ReplayOptions options, TimeProvider time, ILogger<ReplayMeetingSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        // A bad period would stall or race the replay; say so when the host starts, not on the first scrape.
        if (!double.IsFinite(options.SittingSeconds) || options.SittingSeconds <= 0 || options.SittingSeconds > LongestSitting.TotalSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SittingSeconds,
                $"Sources:Replay:SittingSeconds must be more than 0 and at most {LongestSitting.TotalSeconds} seconds.");
        }

        _options = options;
        _time = time;
        _logger = logger;
    }

    public string Name => "meetings-replay";

    /// <summary>Sittings the clock has played to adjournment so far (null before the first read; in instant mode <see cref="ToPlayCount"/>: all done).</summary>
    public int? PlayedCount => _replay is not { } r ? null
        : _options.Mode == ReplayMode.Instant ? r.Played.Count
        : r.Position(_time.GetUtcNow()).Played;

    /// <summary>Sittings the clock plays in all (those not dated before <see cref="ReplayOptions.Start"/>); null before the first read.</summary>
    public int? ToPlayCount => _replay?.Played.Count;

    /// <summary>The id of the sitting in session now, if any.</summary>
    public string? InSessionId =>
        _options.Mode == ReplayMode.Clock && _replay is { } r && r.Position(_time.GetUtcNow()) is { InSession: { } k } ? r.Played[k].Id : null;

    public async Task<IReadOnlyList<MeetingSnapshot>> ReadAsync(CancellationToken cancellationToken)
    {
        var replay = _replay ?? await LoadAsync(cancellationToken);
        if (_options.Mode == ReplayMode.Instant)
        {
            return replay.AllFinal;
        }

        var elapsed = (_time.GetUtcNow() - replay.StartedAt).Ticks;
        var visible = new List<MeetingSnapshot>(replay.Final.Count + replay.Played.Count);
        visible.AddRange(replay.Final);
        for (var k = 0; k < replay.Played.Count; k++)
        {
            var sitting = replay.Played[k];
            var sinceOpening = elapsed - (k * replay.PeriodTicks);
            if (sinceOpening < -replay.PeriodTicks)
            {
                break; // Not announced yet, nor is any later sitting.
            }

            visible.Add(sitting.At(sinceOpening, replay.SessionTicks));
        }

        return visible;
    }

    private async Task<Replay> LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_replay is { } loaded)
            {
                return loaded;
            }

            var pages = await ReadPagesAsync(cancellationToken);
            var sittings = pages
                .Select(p => ReplaySitting.Create(p.Page, p.SourceUrl))
                .OrderBy(s => s.Final.Page.Start)
                .ThenBy(s => s.Id, StringComparer.Ordinal)
                .ToList();

            // Sittings are sorted by start, so those dated before Start are a prefix.
            var playFrom = _options.Start is { } start
                ? sittings.TakeWhile(s => DateOnly.FromDateTime(ThaiText.ToBangkok(s.Final.Page.Start).DateTime) < start).Count()
                : 0;
            var periodTicks = Math.Max(1, (long)Math.Round(_options.SittingSeconds * TimeSpan.TicksPerSecond));
            var replay = new Replay(
                StartedAt: _time.GetUtcNow(),
                PeriodTicks: periodTicks,
                SessionTicks: Math.Max(1, periodTicks * 4 / 5), // In session for 0.8 of the period, in whole ticks.
                AllFinal: sittings.Select(s => s.Final).ToArray(),
                Final: sittings.Take(playFrom).Select(s => s.Final).ToArray(),
                Played: sittings.Skip(playFrom).ToArray());
            _logger.LogInformation(
                "Meetings replay loaded {Count} sittings from {Dir}; mode {Mode}, {Final} at their final state, {Played} to play at {Seconds} s each",
                sittings.Count, _options.MsbisDir, _options.Mode, playFrom, sittings.Count - playFrom, _options.SittingSeconds);
            _replay = replay;
            return replay;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Every page of the folder once: fragments (<c>mid…</c>) before rendered outer pages (<c>m_id…</c>), TIS-620 twins skipped.</summary>
    private async Task<List<(MeetingPage Page, Uri SourceUrl)>> ReadPagesAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_options.MsbisDir))
        {
            throw new SourceLayoutException(Name, $"the MSBIS pages folder '{_options.MsbisDir}' does not exist");
        }

        var files = Directory.GetFiles(_options.MsbisDir, "*.html")
            .Where(f => !f.EndsWith(".tis620.html", StringComparison.OrdinalIgnoreCase)) // The same pages as their UTF-8 twins.
            .Select(f => (Path: f, Name: PageFileName().Match(Path.GetFileName(f))))
            .OrderBy(f => f.Name.Success && f.Name.Groups["rendered"].Success)
            .ThenBy(f => Path.GetFileName(f.Path), StringComparer.Ordinal)
            .ToList();

        var pages = new List<(MeetingPage, Uri)>(files.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, name) in files)
        {
            if (!name.Success)
            {
                _logger.LogWarning("Meetings replay: {File} is not named like an MSBIS page (mid123.html, m_id123.rendered.html); skipped", path);
                continue;
            }

            var rendered = name.Groups["rendered"].Success;
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            MeetingPage? page;
            try
            {
                page = MsbisPageParser.Parse(name.Groups["id"].Value, bytes, null);
            }
            catch (SourceLayoutException e)
            {
                // Reported under this source's name, with the file, so the health report says which page broke.
                throw new SourceLayoutException(Name, $"{Path.GetFileName(path)}: {e.Message}", e);
            }

            if (page is null)
            {
                _logger.LogInformation("Meetings replay: {File} is MSBIS's empty template (no such meeting); skipped", path);
                continue;
            }

            if (!seen.Add(page.SourceId))
            {
                _logger.LogInformation("Meetings replay: {File} is sitting {SourceId} again; the first copy is kept", path, page.SourceId);
                continue;
            }

            var id = MeetingId(page.SourceId);
            if (!ValidId().IsMatch(id))
            {
                throw new SourceLayoutException(Name, $"{path}: '{id}' is not a usable meeting id");
            }

            // The outer page sits next to the fragment (see MsbisPageParser.PageBase).
            var url = rendered
                ? new Uri(MsbisPageParser.PageBase, $"main_warehouse.php?m_id={page.SourceId}")
                : new Uri($"{MsbisPageParser.PageBase}?mid={page.SourceId}");
            pages.Add((page, url));
        }

        return pages;
    }

    internal static string MeetingId(string sourceId) => "msbis-" + sourceId;

    /// <summary>The names the pages are stored under: <c>mid4132.html</c>, <c>m_id4732.rendered.html</c>.</summary>
    [GeneratedRegex(@"^(?:mid(?<id>[0-9]+)|m_id(?<id>[0-9]+)(?<rendered>\.rendered))\.html$", RegexOptions.IgnoreCase)]
    private static partial Regex PageFileName();

    /// <summary>What a meeting id may hold (it ends up in push tags and table keys).</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_@.:\-]{1,64}$")]
    private static partial Regex ValidId();

    /// <summary>What the first read fixed: the clock's origin and period, and every sitting's snapshots.</summary>
    private sealed record Replay(
        DateTimeOffset StartedAt,
        long PeriodTicks,
        long SessionTicks,
        IReadOnlyList<MeetingSnapshot> AllFinal,
        IReadOnlyList<MeetingSnapshot> Final,
        IReadOnlyList<ReplaySitting> Played)
    {
        /// <summary>How many played sittings have adjourned, and which one is in session, at a moment.</summary>
        public (int Played, int? InSession) Position(DateTimeOffset now)
        {
            if (Played.Count == 0)
            {
                return (0, null);
            }

            var elapsed = (now - StartedAt).Ticks;
            if (elapsed < 0)
            {
                return (0, null);
            }

            var k = elapsed / PeriodTicks;
            if (k >= Played.Count)
            {
                return (Played.Count, null);
            }

            return elapsed - (k * PeriodTicks) < SessionTicks ? ((int)k, (int)k) : ((int)k + 1, null);
        }
    }
}

/// <summary>
/// One recorded sitting and every state the replay shows of it, built once: scheduled, in session
/// on each agenda item (with the votes of the items before it), adjourned with all its votes.
/// </summary>
internal sealed partial class ReplaySitting
{
    private readonly MeetingSnapshot _scheduled;
    private readonly MeetingSnapshot[] _onItem;
    private readonly MeetingSnapshot? _noAgenda;

    private ReplaySitting(MeetingSnapshot scheduled, MeetingSnapshot[] onItem, MeetingSnapshot? noAgenda, MeetingSnapshot final)
    {
        _scheduled = scheduled;
        _onItem = onItem;
        _noAgenda = noAgenda;
        Final = final;
    }

    public string Id => Final.Id;

    /// <summary>Adjourned, every vote recorded.</summary>
    public MeetingSnapshot Final { get; }

    public static ReplaySitting Create(MeetingPage page, Uri sourceUrl)
    {
        var id = ReplayMeetingSource.MeetingId(page.SourceId);
        var n = page.AgendaItems.Count;
        var itemOfVote = ItemsOfVotes(page);
        MeetingSnapshot Snapshot(MeetingLiveState state, int? item, IReadOnlyList<MeetingVote> votes) =>
            new(id, page, state, item, votes, SourceUrl: sourceUrl);

        var onItem = new MeetingSnapshot[n];
        for (var i = 0; i < n; i++)
        {
            // A vote is recorded once its item has left the floor; page order is kept.
            var recorded = page.Votes.Where((_, v) => itemOfVote[v] < i).ToArray();
            onItem[i] = Snapshot(MeetingLiveState.InSession, i, recorded);
        }

        return new ReplaySitting(
            Snapshot(MeetingLiveState.Scheduled, null, []),
            onItem,
            n == 0 ? Snapshot(MeetingLiveState.InSession, null, []) : null,
            Snapshot(MeetingLiveState.Adjourned, null, page.Votes));
    }

    /// <summary>
    /// The snapshot <paramref name="sinceOpening"/> ticks after the sitting opens (negative: before).
    /// Item i takes the floor at ⌊i·session/n⌋ ticks, exactly, so a clock stepped to a boundary lands on it.
    /// </summary>
    public MeetingSnapshot At(long sinceOpening, long sessionTicks)
    {
        if (sinceOpening < 0)
        {
            return _scheduled;
        }

        if (sinceOpening >= sessionTicks)
        {
            return Final;
        }

        if (_noAgenda is not null)
        {
            return _noAgenda;
        }

        // The largest i with ⌊i·session/n⌋ ≤ t is ⌊((t+1)·n − 1)/session⌋; sinceOpening < session keeps it below n.
        var n = _onItem.Length;
        var item = (int)((((sinceOpening + 1) * n) - 1) / sessionTicks);
        return _onItem[Math.Min(item, n - 1)];
    }

    /// <summary>
    /// The agenda item each vote sheet belongs to: the item whose title starts with, else contains,
    /// the sheet's title (also without the "การพิจารณา…"/"การ…" the sheets put before the matter and
    /// the notes they put after it), else one that names the same bill; among equal matches the first
    /// from the previous sheet's item on, since sheets come in agenda order. Sheets that match nothing
    /// are spread in order across the agenda: the j-th of u goes to item ⌊j·n/u⌋.
    /// </summary>
    internal static int[] ItemsOfVotes(MeetingPage page)
    {
        var n = page.AgendaItems.Count;
        var votes = page.Votes;
        var result = new int[votes.Count];
        if (n == 0)
        {
            return result; // Nothing to belong to: all are recorded at adjournment.
        }

        var items = page.AgendaItems.Select(a => Key(a.Title)).ToArray();
        var itemBills = items.Select(BillNames).ToArray();
        var unmatched = new List<int>();
        var previous = 0;
        for (var v = 0; v < votes.Count; v++)
        {
            var title = Key(votes[v].Title);
            var variants = TitleVariants(title).ToArray();
            var bills = BillNames(title);
            var best = 0;
            var chosen = -1;
            for (var i = 0; i < n; i++)
            {
                // An item that starts with the sheet's title beats one that only mentions it ("การถ่ายทอดการพิจารณาร่าง…").
                var score = variants.Any(t => items[i].StartsWith(t, StringComparison.Ordinal)) ? 3
                    : variants.Any(t => items[i].Contains(t, StringComparison.Ordinal)) ? 2
                    : bills.Overlaps(itemBills[i]) ? 1
                    : 0;
                // A better match wins; an equal one only moves the choice up to the previous sheet's item.
                if (score > best || (score == best && score > 0 && chosen < previous && i >= previous))
                {
                    best = score;
                    chosen = i;
                }
            }

            if (chosen < 0)
            {
                unmatched.Add(v);
                continue;
            }

            result[v] = chosen;
            previous = chosen;
        }

        for (var j = 0; j < unmatched.Count; j++)
        {
            result[unmatched[j]] = j * n / unmatched.Count;
        }

        return result;
    }

    /// <summary>Titles compare normalised (Arabic digits, one spelling) and without spaces, which the archive sets at random.</summary>
    private static string Key(string text) => ThaiText.Normalize(text).Replace(" ", "", StringComparison.Ordinal);

    /// <summary>Shorter than this, a title would be found in too many items to tell anything.</summary>
    private const int MinTitleLength = 8;

    private static readonly string[] ActPrefixes = ["", "การพิจารณา", "การ"];

    /// <summary>
    /// Vote sheets name the act ("การพิจารณาร่าง…", "การขออนุญาต…") where the agenda names the matter,
    /// and may end in a note on the outcome ("(ส่งคณะรัฐมนตรี…)") or cut the title short ("…ในคดีอาญาฯ").
    /// </summary>
    private static IEnumerable<string> TitleVariants(string title)
    {
        var noted = TrailingNote().Replace(title, "");
        foreach (var core in noted.Length == title.Length ? [title] : (string[])[title, noted])
        {
            foreach (var prefix in ActPrefixes)
            {
                if (core.StartsWith(prefix, StringComparison.Ordinal) && core.Length - prefix.Length >= MinTitleLength)
                {
                    yield return core[prefix.Length..];
                }
            }
        }
    }

    [GeneratedRegex(@"(?:\([^()]*\)|ฯ)+$")]
    private static partial Regex TrailingNote();

    /// <summary>The bills (and emergency decrees, draft rules) a title names, each up to its year or "พ.ศ. ....".</summary>
    private static HashSet<string> BillNames(string key) =>
        BillName().Matches(key).Select(m => m.Value).Where(b => b.Length >= MinTitleLength * 2).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"(?:ร่าง(?:พระราชบัญญัติ|ประมวลกฎหมาย|ข้อบังคับ|รัฐธรรมนูญ)|พระราชกำหนด).*?(?:พ\.ศ\.(?:[0-9]{4}|\.{2,})|(?=ซึ่ง|และร่าง|$))")]
    private static partial Regex BillName();
}
