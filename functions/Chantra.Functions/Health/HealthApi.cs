using Chantra.Domain.Bills;
using Chantra.Domain.Meetings;
using Chantra.Domain.News;
using Chantra.Domain.Sources;
using Chantra.Functions.Http;
using Chantra.Functions.Sources;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Health;

/// <summary>
/// 200 once storage answers and every source (bills, meetings, news) has had a good pass; 503 before that.
/// A source whose last pass failed (its layout changed, its site is down) makes the answer "degraded": its
/// last good data is still served. The live bill source's parts (the Senate list, the Gazette) show in
/// <c>GET /api/v1/sources</c>.
/// </summary>
public sealed class HealthApi(
    ISourceHealthStore health,
    IEnumerable<IBillSource> bills,
    IEnumerable<IMeetingSource> meetings,
    IEnumerable<INewsSource> news,
    ILogger<HealthApi> logger)
{
    [Function(nameof(GetHealth))]
    public async Task<IActionResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/health")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var (known, unavailable) = await SourceHealthReads.ReadAsync(health, logger, "Health", cancellationToken);
        if (known is null)
        {
            return unavailable!;
        }

        var names = bills.Select(s => s.Name).Concat(meetings.Select(s => s.Name)).Concat(news.Select(s => s.Name)).Distinct(StringComparer.Ordinal);
        var report = names.Select(n => known.FirstOrDefault(k => k.Source == n) ?? new SourceHealth(n, false, null, null, "no pass yet", 0)).ToList();
        var waiting = report.Where(r => r.LastSuccessAt is null).Select(r => r.Source).ToList();
        if (waiting.Count > 0)
        {
            return ProblemResult.Unavailable(
                $"Waiting for the first pass of: {string.Join(", ", waiting)}.",
                $"กำลังรอข้อมูลรอบแรกจาก: {string.Join(", ", waiting)}");
        }

        var status = report.All(r => r.Healthy) ? "healthy" : "degraded";
        return new JsonApiResult(new { status, storage = "ok", sources = report }, cacheControl: "no-store");
    }
}
