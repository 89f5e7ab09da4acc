namespace Chantra.Domain.Meetings;

/// <summary>Where a sitting stands: <c>scheduled → in-session → adjourned</c>, or <c>postponed</c> / <c>cancelled</c>.</summary>
public enum MeetingLiveState
{
    Scheduled,
    InSession,
    Adjourned,
    Postponed,
    Cancelled,
}

/// <summary>Where one agenda item stands in its sitting.</summary>
public enum AgendaItemState
{
    /// <summary>Not reached yet.</summary>
    Pending,

    /// <summary>Being debated now (the sitting's current item).</summary>
    OnFloor,

    /// <summary>Dealt with (or the sitting ended).</summary>
    Done,
}

/// <summary>
/// What a meeting source sees of one sitting now: the page's content, the votes recorded so far
/// and the live state. The replay moves these through a sitting; a live source reads them.
/// </summary>
/// <param name="Id">Our id, stable across scrapes and usable in a push tag (e.g. <c>msbis-4132</c>).</param>
/// <param name="Page">What the meeting page says (agenda, documents; <see cref="Votes"/> replaces its votes).</param>
/// <param name="LiveState">Where the sitting stands.</param>
/// <param name="CurrentItem">Index into the page's agenda of the item on the floor (in session only).</param>
/// <param name="Votes">The vote sheets recorded so far.</param>
/// <param name="Place">Where the sitting is held, when the source says.</param>
/// <param name="LiveStreamUrl">The live stream, when the source gives one.</param>
/// <param name="SourceUrl">The page the snapshot was read from.</param>
public sealed record MeetingSnapshot(
    string Id,
    MeetingPage Page,
    MeetingLiveState LiveState,
    int? CurrentItem,
    IReadOnlyList<MeetingVote> Votes,
    string? Place = null,
    Uri? LiveStreamUrl = null,
    Uri? SourceUrl = null);

/// <summary>An agenda item as we keep and serve it.</summary>
/// <param name="Index">Position in the sitting's agenda, from 0.</param>
/// <param name="Number">The item's number in its group, when it has one.</param>
/// <param name="Heading">The group it sits under.</param>
/// <param name="Title">The item's text.</param>
/// <param name="BillId">The bill the item is about, when its title names one we know.</param>
public sealed record MeetingAgendaEntry(int Index, int? Number, string? Heading, string Title, string? BillId);

/// <summary>A recorded vote (or quorum check) of a sitting.</summary>
/// <param name="Key">Stable within the sitting: the sheet's address, or its label and position.</param>
/// <param name="Title">What was voted on.</param>
/// <param name="Section">The part of a bill voted on, when the sheet is about one part.</param>
/// <param name="Reading">The reading (วาระที่), when known.</param>
/// <param name="Yes">Counts where the source gives them (MSBIS gives only the PDF).</param>
/// <param name="PdfUrl">The vote sheet.</param>
/// <param name="BillId">The bill voted on, when the title names one we know.</param>
/// <param name="AgendaIndex">The agenda item the vote belongs to, when it can be told.</param>
public sealed record MeetingVoteResult(
    string Key,
    string Title,
    string? Section,
    int? Reading,
    int? Yes,
    int? No,
    int? Abstain,
    int? Absent,
    Uri? PdfUrl,
    string? BillId,
    int? AgendaIndex);

/// <summary>A sitting as we store and serve it.</summary>
public sealed record Meeting(
    string Id,
    MeetingBody Body,
    int? Term,
    int? Year,
    int? BuddhistEraYear,
    string? Session,
    SessionKind SessionKind,
    string? SittingNumber,
    bool Special,
    string SittingLine,
    DateTimeOffset Start,
    DateTimeOffset? End,
    bool TimesGiven,
    string? Place,
    Uri? LiveStreamUrl,
    Uri? SourceUrl,
    MeetingLiveState LiveState,
    int? CurrentItem,
    IReadOnlyList<MeetingAgendaEntry> Agenda,
    IReadOnlyList<MeetingVoteResult> Votes,
    IReadOnlyList<MeetingDocument> Documents,
    DateTimeOffset UpdatedAt,
    string Fingerprint)
{
    /// <summary>The item on the floor, when the sitting is in session and says which.</summary>
    public MeetingAgendaEntry? CurrentAgendaItem =>
        LiveState == MeetingLiveState.InSession && CurrentItem is { } i && i >= 0 && i < Agenda.Count ? Agenda[i] : null;

    /// <summary>Where an item stands: before the current one done, the current one on the floor;
    /// all pending before the sitting, all done after it.</summary>
    public AgendaItemState ItemState(int index) => LiveState switch
    {
        MeetingLiveState.Adjourned => AgendaItemState.Done,
        MeetingLiveState.InSession when CurrentItem is { } current =>
            index < current ? AgendaItemState.Done : index == current ? AgendaItemState.OnFloor : AgendaItemState.Pending,
        _ => AgendaItemState.Pending,
    };
}

/// <summary>A stored sitting, with the ids of its events not yet published and its version (ETag).</summary>
public sealed record StoredMeeting(Meeting Meeting, IReadOnlyList<string> PendingEventIds, string Version);

/// <summary>What one scrape changes of a sitting.</summary>
/// <param name="ExpectedVersion">The version the change was computed from (null: the sitting is new).</param>
public sealed record MeetingChange(Meeting Meeting, IReadOnlyList<Events.CloudEvent> Events, string? ExpectedVersion);

/// <summary>Wire names (JSON, events, storage) and Thai/English names of the meeting enums.</summary>
public static class MeetingNames
{
    public static string ToWire(this MeetingLiveState state) => state switch
    {
        MeetingLiveState.Scheduled => "scheduled",
        MeetingLiveState.InSession => "in-session",
        MeetingLiveState.Adjourned => "adjourned",
        MeetingLiveState.Postponed => "postponed",
        MeetingLiveState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static string ToWire(this AgendaItemState state) => state switch
    {
        AgendaItemState.Pending => "pending",
        AgendaItemState.OnFloor => "on-floor",
        AgendaItemState.Done => "done",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static string ToWire(this MeetingBody body) => body switch
    {
        MeetingBody.House => "house",
        MeetingBody.Senate => "senate",
        MeetingBody.JointSitting => "joint-sitting",
        MeetingBody.NationalLegislativeAssembly => "legislative-assembly",
        MeetingBody.SenateCommittee => "senate-committee",
        _ => throw new ArgumentOutOfRangeException(nameof(body)),
    };

    public static string ToWire(this SessionKind kind) => kind switch
    {
        SessionKind.Ordinary => "ordinary",
        SessionKind.Extraordinary => "extraordinary",
        _ => "unknown",
    };

    public static (string Thai, string English) Describe(this MeetingBody body) => body switch
    {
        MeetingBody.House => ("การประชุมสภาผู้แทนราษฎร", "House of Representatives sitting"),
        MeetingBody.Senate => ("การประชุมวุฒิสภา", "Senate sitting"),
        MeetingBody.JointSitting => ("การประชุมร่วมกันของรัฐสภา", "Joint sitting of Parliament"),
        MeetingBody.NationalLegislativeAssembly => ("การประชุมสภานิติบัญญัติแห่งชาติ", "National Legislative Assembly sitting"),
        MeetingBody.SenateCommittee => ("การประชุมคณะกรรมาธิการวุฒิสภา", "Senate committee meeting"),
        _ => throw new ArgumentOutOfRangeException(nameof(body)),
    };

    public static IReadOnlyList<string> BodyWireNames { get; } =
        Enum.GetValues<MeetingBody>().Select(b => b.ToWire()).ToArray();

    public static bool TryParseBody(string? wire, out MeetingBody body)
    {
        foreach (var b in Enum.GetValues<MeetingBody>())
        {
            if (string.Equals(b.ToWire(), wire, StringComparison.Ordinal))
            {
                body = b;
                return true;
            }
        }

        body = default;
        return false;
    }

    public static bool TryParseLiveState(string? wire, out MeetingLiveState state)
    {
        foreach (var s in Enum.GetValues<MeetingLiveState>())
        {
            if (string.Equals(s.ToWire(), wire, StringComparison.Ordinal))
            {
                state = s;
                return true;
            }
        }

        state = default;
        return false;
    }
}
