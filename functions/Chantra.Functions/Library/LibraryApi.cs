using System.Globalization;
using System.Text.Json;
using Chantra.Domain.Complaints;
using Chantra.Domain.Library;
using Chantra.Functions.Bills;
using Chantra.Functions.Complaints;
using Chantra.Functions.Http;
using Chantra.Functions.Staff;
using Chantra.Functions.Webhooks;
using Chantra.Search;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;

namespace Chantra.Functions.Library;

/// <summary>
/// The academic and legal library: citizens search and read it; staff with the app role
/// <c>Library.Manage</c> add, replace and delete entries. A document's ETag is the one its public
/// GET answers with, and a replace must send it in If-Match (lost updates are refused with 412).
/// </summary>
public sealed class LibraryApi(LibraryCatalogService catalog, LibraryService library, ILibraryStore store, StaffAccess staff)
{
    public const int DefaultPageSize = 20;
    private const int MaxBodyBytes = 32 * 1024;
    private const int MaxTagLength = 100;
    private const string NoStore = "private, no-store";
    private const string Cache = "public, max-age=60, must-revalidate";

    [Function(nameof(SearchLibrary))]
    public async Task<IActionResult> SearchLibrary(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/library")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var errors = QueryParameters.Repeated(req.Query).ToList();
        var q = QueryParameters.Value(req.Query, "q");
        var type = QueryParameters.Value(req.Query, "type");
        var tag = QueryParameters.Value(req.Query, "tag");
        var pageSize = DefaultPageSize;
        if (QueryParameters.Value(req.Query, "pageSize") is { } p
            && (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > LibrarySearchIndex.MaxTop))
        {
            errors.Add(new FieldError("pageSize", $"A whole number from 1 to {LibrarySearchIndex.MaxTop}.", $"ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง {LibrarySearchIndex.MaxTop}"));
        }

        if (type is not null && !LibraryDocumentTypes.IsKnown(type))
        {
            errors.Add(new FieldError("type", $"One of {string.Join(", ", LibraryDocumentTypes.All)}.", $"ต้องเป็นหนึ่งใน {string.Join(", ", LibraryDocumentTypes.All)}"));
        }

        if (tag is not null && tag.Length > MaxTagLength)
        {
            errors.Add(new FieldError("tag", $"A tag is at most {LibraryService.MaxTag} characters.", $"หัวข้อต้องไม่เกิน {LibraryService.MaxTag} ตัวอักษร"));
        }

        var filters = LibraryPageToken.Filters(q, type, tag is null ? null : LibraryService.NormalizeTag(tag), pageSize);
        var offset = 0;
        if (QueryParameters.Value(req.Query, "continuationToken") is { } token)
        {
            if (LibraryPageToken.Read(token, filters) is { } read)
            {
                offset = read;
            }
            else
            {
                errors.Add(FieldError.InvalidContinuationToken("Pass back the token of the previous page unchanged, with the same q, type, tag and pageSize."));
            }
        }

        if (errors.Count > 0)
        {
            return ProblemResult.BadRequest(errors);
        }

        try
        {
            var index = await catalog.GetIndexAsync(cancellationToken);
            var (hits, more) = index.SearchPage(q, type, tag, offset, pageSize);
            var next = more && offset + pageSize <= LibrarySearchIndex.MaxSkip ? LibraryPageToken.Write(offset + pageSize, filters) : null;
            return new JsonApiResult(new PageDto<LibraryHitDto>(hits.Select(LibraryHitDto.From).ToList(), next), Cache);
        }
        catch (SearchQueryException ex)
        {
            return ProblemResult.BadRequest([new FieldError("q", ex.MessageEn, ex.MessageTh)]);
        }
    }

    [Function(nameof(GetLibraryDocument))]
    public async Task<IActionResult> GetLibraryDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/library/{id}")] HttpRequest req,
        string id,
        CancellationToken cancellationToken)
    {
        // From the store, not the index: what staff just saved is what the next GET (and its ETag) shows.
        if (!LibraryService.IsWellFormedId(id) || await store.GetAsync(id, cancellationToken) is not { } stored)
        {
            return NotFound(id);
        }

        return new JsonApiResult(LibraryDocumentDto.From(stored.Document), Cache);
    }

    [Function(nameof(AddLibraryDocument))]
    public async Task<IActionResult> AddLibraryDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/staff/library")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var (member, denied) = await staff.AuthorizeAsync(req, StaffRoles.LibraryManage, cancellationToken);
        if (member is null)
        {
            return denied!;
        }

        var (draft, error) = await ReadAsync(req, cancellationToken);
        if (draft is null)
        {
            return error!;
        }

        var result = await library.AddAsync(draft, cancellationToken);
        if (result.Outcome == LibraryOutcome.Done)
        {
            catalog.Invalidate();
            return new LocationResult(
                new JsonApiResult(LibraryDocumentDto.From(result.Stored!.Document), NoStore, StatusCodes.Status201Created),
                "/api/v1/library/" + result.Stored.Document.Id);
        }

        return Answer(result, string.Empty);
    }

    [Function(nameof(ReplaceLibraryDocument))]
    public async Task<IActionResult> ReplaceLibraryDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/staff/library/{id}")] HttpRequest req,
        string id,
        CancellationToken cancellationToken)
    {
        var (member, denied) = await staff.AuthorizeAsync(req, StaffRoles.LibraryManage, cancellationToken);
        if (member is null)
        {
            return denied!;
        }

        if (IfMatch(req) is not { } tags)
        {
            return PreconditionRequired();
        }

        var (draft, error) = await ReadAsync(req, cancellationToken);
        if (draft is null)
        {
            return error!;
        }

        var result = await library.ReplaceAsync(id, draft, current => Matches(tags, current), cancellationToken);
        if (result.Outcome == LibraryOutcome.Done)
        {
            catalog.Invalidate();
            return new JsonApiResult(LibraryDocumentDto.From(result.Stored!.Document), NoStore);
        }

        return Answer(result, id);
    }

    [Function(nameof(DeleteLibraryDocument))]
    public async Task<IActionResult> DeleteLibraryDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/staff/library/{id}")] HttpRequest req,
        string id,
        CancellationToken cancellationToken)
    {
        var (member, denied) = await staff.AuthorizeAsync(req, StaffRoles.LibraryManage, cancellationToken);
        if (member is null)
        {
            return denied!;
        }

        // If-Match is optional here (a deletion loses nothing the caller hasn't seen), but honoured when sent.
        var tags = req.Headers.IfMatch.Count > 0 ? IfMatch(req) : null;
        if (req.Headers.IfMatch.Count > 0 && tags is null)
        {
            return PreconditionRequired();
        }

        var result = await library.DeleteAsync(id, current => tags is null || Matches(tags, current), cancellationToken);
        if (result.Outcome == LibraryOutcome.Done)
        {
            catalog.Invalidate();
            return new EmptyApiResult(StatusCodes.Status204NoContent);
        }

        return Answer(result, id);
    }

    /// <summary>The ETag of a document's public representation (what GET /api/v1/library/{id} answers with).</summary>
    public static string ETagOf(LibraryDocument document) =>
        EntityTags.Of(JsonSerializer.SerializeToUtf8Bytes(LibraryDocumentDto.From(document), ApiJson.Options));

    private static IList<EntityTagHeaderValue>? IfMatch(HttpRequest req) =>
        req.Headers.IfMatch.Count > 0
        && EntityTagHeaderValue.TryParseList(req.Headers.IfMatch, out var tags)
        && tags.Count > 0
        && !tags.Any(t => t.Equals(EntityTagHeaderValue.Any))
            ? tags
            : null;

    // If-Match uses the strong comparison (RFC 9110 §13.1.1): a weak tag never matches.
    private static bool Matches(IList<EntityTagHeaderValue> tags, StoredLibraryDocument current)
    {
        var ours = new EntityTagHeaderValue(ETagOf(current.Document));
        return tags.Any(t => t.Compare(ours, useStrongComparison: true));
    }

    private static async Task<(LibraryDraft? Draft, IActionResult? Error)> ReadAsync(HttpRequest req, CancellationToken cancellationToken)
    {
        var (bytes, tooLarge) = await ComplaintHttp.ReadBytesAsync(req, MaxBodyBytes, cancellationToken);
        return bytes is null ? (null, tooLarge) : ComplaintHttp.Parse<LibraryDraft>(bytes, "a library entry", "รายการในห้องสมุด");
    }

    private static IActionResult Answer(LibraryResult result, string id) => result.Outcome switch
    {
        LibraryOutcome.Invalid => ProblemResult.BadRequest(result.Errors!.Select(e => new FieldError(e.Field, e.Message, e.MessageTh)).ToList()),
        LibraryOutcome.NotFound => NotFound(id),
        _ => new ProblemResult(StatusCodes.Status412PreconditionFailed, "The entry has changed.", "รายการนี้ถูกแก้ไขไปแล้ว",
            "The entry was changed since you read it: read it again (GET /api/v1/library/{id}), apply your edit, and send its new ETag in If-Match.",
            "รายการนี้ถูกแก้ไขหลังจากที่คุณอ่าน กรุณาอ่านใหม่ แก้ไขอีกครั้ง แล้วส่ง ETag ใหม่ในส่วนหัว If-Match"),
    };

    private static ProblemResult PreconditionRequired() => new(StatusCodes.Status428PreconditionRequired, "If-Match is required.", "ต้องระบุส่วนหัว If-Match",
        "Send the ETag of the entry you edited (from GET /api/v1/library/{id}) in If-Match, so an edit made meanwhile by someone else is not overwritten.",
        "กรุณาส่ง ETag ของรายการที่คุณแก้ไข (จาก GET /api/v1/library/{id}) ในส่วนหัว If-Match เพื่อไม่ให้ทับการแก้ไขของผู้อื่น");

    private static ProblemResult NotFound(string id) =>
        ProblemResult.NotFound($"There is no library entry '{Shorten(id)}'.", $"ไม่พบรายการ '{Shorten(id)}' ในห้องสมุด");

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
