using Azure;
using Chantra.Domain.Bills;
using Chantra.Domain.Sources;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Health;

/// <summary>
/// 200 once storage answers and every source has had a good pass; 503 before that. A source whose
/// last pass failed (its layout changed) makes the answer "degraded": its last good data is still served.
/// </summary>
public sealed class HealthApi(ISourceHealthStore health, IEnumerable<IBillSource> sources, ILogger<HealthApi> logger)
{
    [Function(nameof(GetHealth))]
    public async Task<IActionResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/health")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<SourceHealth> known;
        try
        {
            known = await health.GetAllAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException)
        {
            logger.LogError(ex, "Health: storage did not answer");
            return ProblemResult.Unavailable("Storage is not reachable.", "ไม่สามารถเชื่อมต่อที่เก็บข้อมูลได้");
        }

        var report = sources.Select(s => known.FirstOrDefault(k => k.Source == s.Name) ?? new SourceHealth(s.Name, false, null, null, "no pass yet", 0)).ToList();
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
