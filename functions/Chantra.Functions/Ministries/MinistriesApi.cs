using Chantra.Domain.Bills;
using Chantra.Domain.Ministry;
using Chantra.Functions.Bills;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Chantra.Functions.Ministry;

/// <summary>Public reads: the ministries and agencies, and the bills in each one's remit.</summary>
public sealed class MinistriesApi(IBillCatalog catalog)
{
    // The catalogue changes with a release, not by the minute.
    private const string CatalogueCache = "public, max-age=3600";

    [Function(nameof(ListMinistries))]
    public IActionResult ListMinistries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/ministries")] HttpRequest req) =>
        new JsonApiResult(new PageDto<MinistryDto>(MinistryCatalog.All.Select(MinistryDto.From).ToList(), null), CatalogueCache);

    [Function(nameof(ListMinistryBills))]
    public async Task<IActionResult> ListMinistryBills(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/ministries/{code}/bills")] HttpRequest req,
        string code,
        CancellationToken cancellationToken)
    {
        if (!MinistryCatalog.Contains(code))
        {
            return UnknownMinistry(code);
        }

        // The bill list's filters and paging, with the ministry from the path.
        var (query, errors) = BillQueryParser.Parse(req.Query);
        if (QueryParameters.Value(req.Query, "ministry") is not null)
        {
            errors = [.. errors, new FieldError("ministry", "The ministry is given by the path; leave this parameter out.", "ระบุกระทรวงในเส้นทาง URL แล้ว ไม่ต้องส่งพารามิเตอร์นี้")];
        }

        if (query is null || errors.Count > 0)
        {
            return ProblemResult.BadRequest(errors);
        }

        BillPage page;
        try
        {
            page = await catalog.QueryAsync(query with { Ministry = code }, cancellationToken);
        }
        catch (InvalidContinuationTokenException ex)
        {
            return ProblemResult.BadRequest([FieldError.InvalidContinuationToken(ex.Message)]);
        }

        return new JsonApiResult(new PageDto<BillDto>(page.Items.Select(b => BillDto.From(b)).ToList(), page.ContinuationToken));
    }

    internal static ProblemResult UnknownMinistry(string code) =>
        ProblemResult.NotFound($"There is no ministry or agency '{Shorten(code)}'; GET /api/v1/ministries lists them.",
            $"ไม่พบกระทรวงหรือหน่วยงาน '{Shorten(code)}' ดูรายการได้ที่ GET /api/v1/ministries");

    private static string Shorten(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
