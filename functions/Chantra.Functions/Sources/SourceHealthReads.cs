using Azure;
using Chantra.Domain.Sources;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Sources;

/// <summary>The source health rows as <c>/sources</c> and <c>/health</c> read them: a storage outage is a 503, logged, never a 500.</summary>
internal static class SourceHealthReads
{
    public static async Task<(IReadOnlyList<SourceHealth>? Rows, IActionResult? Unavailable)> ReadAsync(
        ISourceHealthStore health, ILogger logger, string endpoint, CancellationToken cancellationToken)
    {
        try
        {
            return (await health.GetAllAsync(cancellationToken), null);
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException)
        {
            logger.LogError(ex, "{Endpoint}: storage did not answer", endpoint);
            return (null, ProblemResult.Unavailable("Storage is not reachable.", "ไม่สามารถเชื่อมต่อที่เก็บข้อมูลได้"));
        }
    }
}
