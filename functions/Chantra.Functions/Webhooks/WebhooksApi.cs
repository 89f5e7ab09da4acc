using Chantra.Domain.Ministry;
using Chantra.Domain.Webhooks;
using Chantra.Functions.Bills;
using Chantra.Functions.Http;
using Chantra.Functions.Ministry;
using Chantra.Functions.Staff;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Chantra.Functions.Webhooks;

/// <summary>
/// Staff API (role <c>Ministries.Manage</c>) for ministries' webhook endpoints: register (the
/// signing secret is in that answer only), list (with the paused state and the last error),
/// delete, resume a paused one. See README.md for what a receiver gets and how it verifies it.
/// </summary>
public sealed class WebhooksApi(WebhookRegistry registry, StaffAccess staff)
{
    private const string Route = "v1/staff/ministries/{code}/webhooks";

    [Function(nameof(RegisterWebhook))]
    public async Task<IActionResult> RegisterWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest req,
        string code,
        CancellationToken cancellationToken)
    {
        var (member, denied) = await staff.AuthorizeAsync(req, MinistryRoles.Manage, cancellationToken);
        if (member is null)
        {
            return denied!;
        }

        if (!MinistryCatalog.Contains(code))
        {
            return MinistriesApi.UnknownMinistry(code);
        }

        var (body, error) = await StaffJsonBody.ReadAsync<WebhookRequestDto>(req, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        var result = await registry.RegisterAsync(code, body.Url, member.ObjectId, cancellationToken);
        return result.Outcome switch
        {
            WebhookOutcome.Created => new LocationResult(
                new JsonApiResult(WebhookDto.From(result.Endpoint!, withSecret: true), "no-store", StatusCodes.Status201Created),
                $"/api/v1/staff/ministries/{code}/webhooks/{result.Endpoint!.Id}"),
            WebhookOutcome.Invalid => ProblemResult.BadRequest([new FieldError("url", result.Error!, result.ErrorTh!)]),
            _ => ProblemResult.Conflict(result.Error!, result.ErrorTh!),
        };
    }

    [Function(nameof(ListWebhooks))]
    public async Task<IActionResult> ListWebhooks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest req,
        string code,
        CancellationToken cancellationToken)
    {
        var (member, denied) = await staff.AuthorizeAsync(req, MinistryRoles.Manage, cancellationToken);
        if (member is null)
        {
            return denied!;
        }

        if (!MinistryCatalog.Contains(code))
        {
            return MinistriesApi.UnknownMinistry(code);
        }

        var endpoints = await registry.ListAsync(code, cancellationToken);
        return new JsonApiResult(new PageDto<WebhookDto>(endpoints.Select(e => WebhookDto.From(e)).ToList(), null), "private, no-cache");
    }

    [Function(nameof(DeleteWebhook))]
    public async Task<IActionResult> DeleteWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Route + "/{id}")] HttpRequest req,
        string code,
        string id,
        CancellationToken cancellationToken)
    {
        var (member, denied) = await staff.AuthorizeAsync(req, MinistryRoles.Manage, cancellationToken);
        if (member is null)
        {
            return denied!;
        }

        var result = MinistryCatalog.Contains(code) && IsPlausibleId(id)
            ? await registry.DeleteAsync(code, id, member.ObjectId, cancellationToken)
            : new WebhookResult(WebhookOutcome.NotFound);
        return result.Outcome == WebhookOutcome.Deleted ? new EmptyApiResult(StatusCodes.Status204NoContent) : NotFound(code, id);
    }

    [Function(nameof(ResumeWebhook))]
    public async Task<IActionResult> ResumeWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/{id}/resume")] HttpRequest req,
        string code,
        string id,
        CancellationToken cancellationToken)
    {
        var (member, denied) = await staff.AuthorizeAsync(req, MinistryRoles.Manage, cancellationToken);
        if (member is null)
        {
            return denied!;
        }

        var result = MinistryCatalog.Contains(code) && IsPlausibleId(id)
            ? await registry.ResumeAsync(code, id, member.ObjectId, cancellationToken)
            : new WebhookResult(WebhookOutcome.NotFound);
        return result.Outcome switch
        {
            WebhookOutcome.Resumed => new JsonApiResult(WebhookDto.From(result.Endpoint!), "no-store"),
            WebhookOutcome.NotFound => NotFound(code, id),
            _ => ProblemResult.Conflict(result.Error!, result.ErrorTh!),
        };
    }

    private static bool IsPlausibleId(string id) => Domain.Push.PushTags.IsValidId(id);

    private static ProblemResult NotFound(string code, string id) =>
        ProblemResult.NotFound($"{code} has no webhook '{Shorten(id)}'.", $"{code} ไม่มีเว็บฮุก '{Shorten(id)}'");

    private static string Shorten(string s) => s.Length <= 64 ? s : s[..64] + "…";
}

/// <summary>Adds a <c>Location</c> header (201 Created: where the new resource is).</summary>
public sealed class LocationResult(IActionResult inner, string location) : IActionResult
{
    public IActionResult Inner { get; } = inner;

    public string Location { get; } = location;

    public Task ExecuteResultAsync(ActionContext context)
    {
        context.HttpContext.Response.Headers.Location = Location;
        return Inner.ExecuteResultAsync(context);
    }
}
