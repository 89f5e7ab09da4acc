using Chantra.Domain.Bills;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Chantra.Functions.Bills;

/// <summary>Public reads of bills: the list with filters, and one bill with its timeline.</summary>
public sealed class BillsApi(IBillCatalog catalog, ILogger<BillsApi> logger)
{
    [Function(nameof(ListBills))]
    public async Task<IActionResult> ListBills(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/bills")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var (query, errors) = BillQueryParser.Parse(req.Query);
        if (query is null)
        {
            return ProblemResult.BadRequest(errors);
        }

        BillPage page;
        try
        {
            page = await catalog.QueryAsync(query, cancellationToken);
        }
        catch (InvalidContinuationTokenException ex)
        {
            return ProblemResult.BadRequest([FieldError.InvalidContinuationToken(ex.Message)]);
        }

        logger.LogDebug("Bill list: {Count} items, more: {More}", page.Items.Count, page.ContinuationToken is not null);
        return new JsonApiResult(new PageDto<BillDto>(page.Items.Select(b => BillDto.From(b)).ToList(), page.ContinuationToken));
    }

    [Function(nameof(GetBill))]
    public async Task<IActionResult> GetBill(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/bills/{id}")] HttpRequest req,
        string id,
        CancellationToken cancellationToken)
    {
        var bill = BillQueryParser.IsPlausibleId(id) ? await catalog.GetAsync(id, cancellationToken) : null;
        if (bill is null)
        {
            return ProblemResult.NotFound($"There is no bill '{Shorten(id)}'.", $"ไม่พบร่างกฎหมาย '{Shorten(id)}'");
        }

        return new JsonApiResult(BillDto.From(bill.State, bill.Timeline));
    }

    private static string Shorten(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
