using System.Globalization;
using Chantra.Domain.Constitution;
using Chantra.Functions.Http;
using Chantra.Search;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Chantra.Functions.Constitution;

/// <summary>
/// Every Thai constitution, section by section, with Thai full-text search. Public, cacheable:
/// the data changes only with a deployment, so answers carry long-lived ETags.
/// </summary>
public sealed class ConstitutionApi(ConstitutionCatalogService constitutions)
{
    private const string Cache = "public, max-age=86400";

    [Function(nameof(ListConstitutions))]
    public IActionResult ListConstitutions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/constitutions")] HttpRequest req) =>
        new JsonApiResult(new { items = constitutions.Library.All.Select(d => ConstitutionSummaryDto.From(d.Info)).ToList() }, Cache);

    [Function(nameof(GetConstitution))]
    public IActionResult GetConstitution(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/constitutions/{id}")] HttpRequest req,
        string id) =>
        constitutions.Library.Get(id) is { } d ? new JsonApiResult(ConstitutionDto.From(d), Cache) : NoConstitution(id);

    [Function(nameof(GetConstitutionSection))]
    public IActionResult GetConstitutionSection(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/constitutions/{id}/sections/{number}")] HttpRequest req,
        string id,
        string number)
    {
        if (constitutions.Library.Get(id) is not { } d)
        {
            return NoConstitution(id);
        }

        if (constitutions.Library.GetSection(id, number) is not { } s)
        {
            return NoSection(id, number);
        }

        var across = constitutions.Index.Similar(s, perConstitution: 1).SelectMany(c => c.Hits).Select(SearchHitDto.From).ToList();
        return new JsonApiResult(new SectionDetailDto(SectionDto.From(d, s), across), Cache);
    }

    [Function(nameof(GetConstitutionSectionHistory))]
    public IActionResult GetConstitutionSectionHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/constitutions/{id}/sections/{number}/history")] HttpRequest req,
        string id,
        string number)
    {
        if (constitutions.Library.Get(id) is null)
        {
            return NoConstitution(id);
        }

        if (constitutions.Library.GetSection(id, number) is null)
        {
            return NoSection(id, number);
        }

        var versions = constitutions.Library.History(id, number).Select(v => new SectionVersionDto(v.ConstitutionId, v.Number, v.Text, v.ChangedBy,
            v.Since?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ToList();
        return new JsonApiResult(new { items = versions }, Cache);
    }

    [Function(nameof(SearchConstitutions))]
    public IActionResult SearchConstitutions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/constitutions/search")] HttpRequest req)
    {
        var errors = QueryParameters.Repeated(req.Query).ToList();
        var q = QueryParameters.Value(req.Query, "q");
        var constitution = QueryParameters.Value(req.Query, "constitution");
        var topText = QueryParameters.Value(req.Query, "top");
        var top = 10;
        if (topText is not null && (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > ConstitutionSearchIndex.MaxTop))
        {
            errors.Add(new FieldError("top", $"A whole number from 1 to {ConstitutionSearchIndex.MaxTop}.", $"ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง {ConstitutionSearchIndex.MaxTop}"));
        }

        if (constitution is not null && constitutions.Library.Get(constitution) is null)
        {
            errors.Add(new FieldError("constitution", $"There is no constitution '{Shorten(constitution)}'; see /api/v1/constitutions.", $"ไม่พบรัฐธรรมนูญ '{Shorten(constitution)}'"));
        }

        if (errors.Count > 0)
        {
            return ProblemResult.BadRequest(errors);
        }

        try
        {
            var hits = constitutions.Index.Search(q, constitution, top);
            return new JsonApiResult(new { items = hits.Select(SearchHitDto.From).ToList() }, "public, max-age=3600");
        }
        catch (SearchQueryException ex)
        {
            return ProblemResult.BadRequest([new FieldError("q", ex.MessageEn, ex.MessageTh)]);
        }
    }

    [Function(nameof(CompareConstitutionSections))]
    public IActionResult CompareConstitutionSections(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/constitutions/compare")] HttpRequest req)
    {
        var errors = QueryParameters.Repeated(req.Query).ToList();
        var a = SectionRef(req, "a", errors);
        var b = SectionRef(req, "b", errors);
        if (errors.Count > 0)
        {
            return ProblemResult.BadRequest(errors);
        }

        var diff = WordDiff.Compare(a!.Value.Section.Text, b!.Value.Section.Text)
            .Select(s => new DiffSegmentDto(s.Kind.ToString().ToLowerInvariant(), s.Text)).ToList();
        return new JsonApiResult(new CompareDto(SectionDto.From(a.Value.Document, a.Value.Section), SectionDto.From(b.Value.Document, b.Value.Section), diff), Cache);
    }

    /// <summary>Reads <c>{constitutionId}:{section}</c>, e.g. <c>2560-current:34</c> or <c>2550:๔๕</c>.</summary>
    private (ConstitutionDocument Document, ConstitutionSection Section)? SectionRef(HttpRequest req, string name, List<FieldError> errors)
    {
        var value = QueryParameters.Value(req.Query, name);
        var parts = value?.Split(':', 2);
        if (parts is not { Length: 2 } || parts[0].Length == 0 || parts[1].Length == 0)
        {
            errors.Add(new FieldError(name, "Name a section as {constitutionId}:{section}, e.g. 2560-current:34.", "ระบุมาตราในรูปแบบ {รหัสรัฐธรรมนูญ}:{เลขมาตรา} เช่น 2560-current:34"));
            return null;
        }

        if (constitutions.Library.Get(parts[0]) is not { } d || constitutions.Library.GetSection(parts[0], parts[1]) is not { } s)
        {
            errors.Add(new FieldError(name, $"There is no section '{Shorten(value!)}'.", $"ไม่พบมาตรา '{Shorten(value!)}'"));
            return null;
        }

        return (d, s);
    }

    private static ProblemResult NoConstitution(string id) =>
        ProblemResult.NotFound($"There is no constitution '{Shorten(id)}'.", $"ไม่พบรัฐธรรมนูญ '{Shorten(id)}'");

    private static ProblemResult NoSection(string id, string number) =>
        ProblemResult.NotFound($"Constitution '{Shorten(id)}' has no section '{Shorten(number)}'.", $"รัฐธรรมนูญ '{Shorten(id)}' ไม่มีมาตรา '{Shorten(number)}'");

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
