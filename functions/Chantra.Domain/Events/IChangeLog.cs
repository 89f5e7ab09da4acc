namespace Chantra.Domain.Events;

/// <summary>
/// Every event that goes to the topic, kept in the order it was handed over, so a portal can sync by
/// reading "everything after my cursor" (<c>GET /api/v1/changes</c>) and the Atom feeds can show the latest changes.
/// </summary>
public interface IChangeLog
{
    /// <summary>
    /// Appends the events in list order. An event already in the log (same id: a republish by the sweeper,
    /// or two relays racing) is not appended again. Returns how many were new. Throws when the log could
    /// not be written, so the caller does not publish and the outbox keeps the events for a retry.
    /// </summary>
    Task<int> AppendAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Public events after <paramref name="cursor"/> (null: from the start), oldest first. Only events older
    /// than the settle window are served, so one written a moment late by a concurrent appender is never
    /// passed over. Throws <see cref="InvalidChangeCursorException"/> for a cursor this log did not issue.
    /// </summary>
    Task<ChangePage> ReadAsync(string? cursor, int max, CancellationToken cancellationToken);

    /// <summary>The newest public events of one stream (<see cref="ChangeStreams"/>), newest first.</summary>
    Task<IReadOnlyList<CloudEvent>> ReadLatestAsync(string stream, int max, CancellationToken cancellationToken);
}

/// <summary>One page of the change log.</summary>
/// <param name="Cursor">Where the next read starts: after the last event of this page, or where this read started when it found nothing.</param>
/// <param name="More">Whether more settled events follow at once (read again with <paramref name="Cursor"/> without waiting).</param>
public sealed record ChangePage(IReadOnlyList<CloudEvent> Items, string Cursor, bool More);

/// <summary>A cursor that is not one the change log issued (edited, truncated, or from another API).</summary>
public sealed class InvalidChangeCursorException(string message) : Exception(message);

/// <summary>Settings of the change log (configuration section <c>ChangeLog</c>).</summary>
public sealed class ChangeLogOptions
{
    public const string Section = "ChangeLog";

    /// <summary>
    /// Events younger than this are not served yet. An appender stamps an event with its own clock before
    /// the write lands; a reader that served rows up to "now" could pass over a row another instance
    /// stamped a moment earlier but wrote a moment later. Waiting this long covers write latency and clock
    /// skew between instances (an append that takes longer than half of it is abandoned and retried).
    /// </summary>
    public TimeSpan SettleWindow { get; set; } = TimeSpan.FromSeconds(10);
}
