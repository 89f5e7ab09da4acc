using Chantra.Domain.Sources;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Sources;

/// <summary>
/// Every upstream source's health and work counts, as kept in table <c>sources</c>: healthy or not,
/// last success, last failure and why, pages fetched / not modified / failed, items parsed.
/// Only what the health rows hold: no configuration, URLs of ours, keys or connection strings.
/// </summary>
public sealed class SourcesApi(ISourceHealthStore health, ILogger<SourcesApi> logger)
{
    [Function(nameof(GetSources))]
    public async Task<IActionResult> GetSources(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/sources")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var (known, unavailable) = await SourceHealthReads.ReadAsync(health, logger, "Sources", cancellationToken);
        if (known is null)
        {
            return unavailable!;
        }

        var sources = known
            .OrderBy(s => s.Source, StringComparer.Ordinal)
            .Select(s => new
            {
                source = s.Source,
                healthy = s.Healthy,
                lastSuccessAt = s.LastSuccessAt,
                lastFailureAt = s.LastFailureAt,
                lastError = s.LastError,
                lastItemCount = s.LastItemCount,
                pagesFetched = s.PagesFetched,
                pagesNotModified = s.PagesNotModified,
                pagesFailed = s.PagesFailed,
                itemsParsed = s.ItemsParsed,
            })
            .ToList();
        return new JsonApiResult(new { sources }, cacheControl: "no-store");
    }
}
