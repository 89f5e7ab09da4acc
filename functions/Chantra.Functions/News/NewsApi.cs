using Chantra.Domain.Bills;
using Chantra.Domain.News;
using Chantra.Functions.Bills;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.News;

/// <summary>Public reads of the Senate's news: the list, newest first (optionally one category), and one item.</summary>
public sealed class NewsApi(INewsCatalog catalog, ILogger<NewsApi> logger)
{
    [Function(nameof(ListNews))]
    public async Task<IActionResult> ListNews(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/news")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var (query, errors) = NewsQueryParser.Parse(req.Query);
        if (query is null)
        {
            return ProblemResult.BadRequest(errors);
        }

        NewsPage page;
        try
        {
            page = await catalog.QueryAsync(query, cancellationToken);
        }
        catch (InvalidContinuationTokenException ex)
        {
            return ProblemResult.BadRequest([FieldError.InvalidContinuationToken(ex.Message)]);
        }

        logger.LogDebug("News list: {Count} items, more: {More}", page.Items.Count, page.ContinuationToken is not null);
        return new JsonApiResult(new PageDto<NewsDto>(page.Items.Select(i => NewsDto.From(i)).ToList(), page.ContinuationToken));
    }

    [Function(nameof(GetNews))]
    public async Task<IActionResult> GetNews(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/news/{id}")] HttpRequest req,
        string id,
        CancellationToken cancellationToken)
    {
        var item = NewsQueryParser.IsPlausibleId(id) ? await catalog.GetAsync(id, cancellationToken) : null;
        if (item is null)
        {
            return ProblemResult.NotFound($"There is no news item '{Shorten(id)}'.", $"ไม่พบข่าว '{Shorten(id)}'");
        }

        return new JsonApiResult(NewsDto.From(item, withDescription: true));
    }

    private static string Shorten(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
