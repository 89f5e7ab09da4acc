using System.Globalization;
using System.Text.RegularExpressions;
using Chantra.Domain.Events;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Feeds;

/// <summary>A page of the change feed: the events in order, where to read on from, and whether more are there now.</summary>
public sealed record ChangesDto(IReadOnlyList<CloudEvent> Items, string Cursor, bool More);

/// <summary>
/// The change feed a portal syncs from: every public event (bills, meetings, news) in the order it went to
/// the topic, after a cursor. Events younger than the settle window (<c>ChangeLog:SettleWindow</c>,
/// 10 seconds) are served on a later call, so that an event written a moment late by another instance is
/// never passed over: nothing is skipped, nothing is repeated.
/// </summary>
public sealed partial class ChangesApi(IChangeLog log, ILogger<ChangesApi> logger)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    // Short: a syncing portal polls often and mostly gets a 304.
    private const string ChangesCache = "public, max-age=5, must-revalidate";

    [GeneratedRegex(@"^[A-Za-z0-9_\-]{1,256}$", RegexOptions.CultureInvariant)]
    private static partial Regex CursorChars();

    [Function(nameof(ListChanges))]
    public async Task<IActionResult> ListChanges(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/changes")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var errors = QueryParameters.Repeated(req.Query).ToList();
        var since = QueryParameters.Value(req.Query, "since");
        if (since is not null && !CursorChars().IsMatch(since))
        {
            errors.Add(InvalidCursor());
        }

        var pageSize = DefaultPageSize;
        if (QueryParameters.Value(req.Query, "pageSize") is { } p
            && (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            errors.Add(new FieldError("pageSize", $"A whole number from 1 to {MaxPageSize}.", $"ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง {MaxPageSize}"));
        }

        if (errors.Count > 0)
        {
            return ProblemResult.BadRequest(errors);
        }

        ChangePage page;
        try
        {
            page = await log.ReadAsync(since, pageSize, cancellationToken);
        }
        catch (InvalidChangeCursorException)
        {
            return ProblemResult.BadRequest([InvalidCursor()]);
        }

        logger.LogDebug("Change feed: {Count} events, more: {More}", page.Items.Count, page.More);
        return new JsonApiResult(new ChangesDto(page.Items, page.Cursor, page.More), ChangesCache);
    }

    private static FieldError InvalidCursor() => new(
        "since",
        "Pass the cursor of the previous answer unchanged, or leave 'since' out to start from the beginning.",
        "ส่งค่า cursor จากคำตอบก่อนหน้ากลับมาโดยไม่แก้ไข หรือไม่ต้องระบุ 'since' เพื่อเริ่มจากต้น");
}
