using Chantra.Domain.Bills;
using Microsoft.Extensions.Logging;

namespace Chantra.Domain.Meetings;

/// <summary>
/// The bills an agenda can name, read from the bill list and kept for a while: titles rarely
/// change, and a new bill is known to the matcher within <see cref="RefreshAfter"/>.
/// </summary>
public sealed class BillTitleDirectory(IBillCatalog catalog, TimeProvider time, ILogger<BillTitleDirectory> logger)
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(10);

    private (DateTimeOffset At, AgendaBillMatcher Matcher)? _cached;

    public async Task<AgendaBillMatcher> GetMatcherAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cached is { } c && now - c.At < RefreshAfter)
        {
            return c.Matcher;
        }

        try
        {
            var titles = new List<BillTitle>();
            string? token = null;
            do
            {
                var page = await catalog.QueryAsync(new BillQuery(PageSize: 100, ContinuationToken: token), cancellationToken);
                titles.AddRange(page.Items.Select(b => new BillTitle(b.Id, b.Title, b.Proposer)));
                token = page.ContinuationToken;
            }
            while (token is not null);

            var matcher = new AgendaBillMatcher(titles);
            _cached = (now, matcher);
            return matcher;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Links to bills are a bonus: a sitting is still worth recording without them.
            logger.LogWarning(ex, "Bill titles could not be read; agenda items stay unlinked this time");
            return _cached?.Matcher ?? AgendaBillMatcher.Empty;
        }
    }
}
