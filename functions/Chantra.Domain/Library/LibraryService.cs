using System.Globalization;
using System.Text.RegularExpressions;
using Chantra.Domain.Bills;

namespace Chantra.Domain.Library;

/// <summary>One invalid field of a library entry, in English and Thai; <see cref="Field"/> is the JSON name.</summary>
public sealed record LibraryError(string Field, string Message, string MessageTh);

/// <summary>What staff send to add or replace an entry (every field, as JSON gives it: anything may be null).</summary>
public sealed record LibraryDraft(
    string? TitleTh,
    string? TitleEn,
    string? Type,
    IReadOnlyList<string?>? Authors,
    string? PublishedOn,
    string? AbstractTh,
    string? AbstractEn,
    IReadOnlyList<string?>? Tags,
    IReadOnlyList<string?>? RelatedBills,
    string? FileUrl);

/// <summary>How a staff request ended.</summary>
public enum LibraryOutcome
{
    Done,
    Invalid,
    NotFound,
    VersionMismatch,
}

public sealed record LibraryResult(LibraryOutcome Outcome, StoredLibraryDocument? Stored = null, IReadOnlyList<LibraryError>? Errors = null);

/// <summary>
/// Staff edits of the library: validation (every field error at once, named by its JSON field),
/// related bills checked against the bill store, then a conditional write.
/// </summary>
public sealed partial class LibraryService(ILibraryStore store, IBillCatalog bills, TimeProvider time)
{
    public const int MaxTitle = 500;
    public const int MaxAbstract = 8_000;
    public const int MaxAuthors = 20;
    public const int MaxAuthor = 200;
    public const int MaxTags = 20;
    public const int MaxTag = 50;
    public const int MaxBills = 20;
    public const int MaxUrl = 2_000;

    // The same form as a followed bill id (DeviceService): no id can smuggle anything else in.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex BillIdForm();

    [GeneratedRegex(@"^[a-z0-9]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdForm();

    /// <summary>True when <paramref name="id"/> could be a library id (so a bad one is a plain 404, never a storage query).</summary>
    public static bool IsWellFormedId(string? id) => id is not null && IdForm().IsMatch(id);

    public async Task<LibraryResult> AddAsync(LibraryDraft draft, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (document, errors) = await ValidateAsync(id, draft, cancellationToken);
        if (document is null)
        {
            return new(LibraryOutcome.Invalid, Errors: errors);
        }

        var (outcome, stored) = await store.AddAsync(document, cancellationToken);
        return outcome == LibraryWriteOutcome.Done ? new(LibraryOutcome.Done, stored) : new(LibraryOutcome.VersionMismatch);
    }

    /// <param name="isCurrent">Given the stored entry, whether the caller's If-Match names it (checked here, between the read and the write).</param>
    public async Task<LibraryResult> ReplaceAsync(string id, LibraryDraft draft, Func<StoredLibraryDocument, bool> isCurrent, CancellationToken cancellationToken)
    {
        if (!IsWellFormedId(id) || await store.GetAsync(id, cancellationToken) is not { } current)
        {
            return new(LibraryOutcome.NotFound);
        }

        if (!isCurrent(current))
        {
            return new(LibraryOutcome.VersionMismatch, current);
        }

        var (document, errors) = await ValidateAsync(id, draft, cancellationToken);
        if (document is null)
        {
            return new(LibraryOutcome.Invalid, Errors: errors);
        }

        var (outcome, stored) = await store.ReplaceAsync(document, current.Version, cancellationToken);
        return outcome switch
        {
            LibraryWriteOutcome.Done => new(LibraryOutcome.Done, stored),
            LibraryWriteOutcome.NotFound => new(LibraryOutcome.NotFound),
            _ => new(LibraryOutcome.VersionMismatch),
        };
    }

    public async Task<LibraryResult> DeleteAsync(string id, Func<StoredLibraryDocument, bool> isCurrent, CancellationToken cancellationToken)
    {
        if (!IsWellFormedId(id) || await store.GetAsync(id, cancellationToken) is not { } current)
        {
            return new(LibraryOutcome.NotFound);
        }

        if (!isCurrent(current))
        {
            return new(LibraryOutcome.VersionMismatch, current);
        }

        return await store.DeleteAsync(id, current.Version, cancellationToken) switch
        {
            LibraryWriteOutcome.Done => new(LibraryOutcome.Done),
            LibraryWriteOutcome.NotFound => new(LibraryOutcome.NotFound),
            _ => new(LibraryOutcome.VersionMismatch),
        };
    }

    /// <summary>The document <paramref name="draft"/> describes, or every reason it can't be one.</summary>
    public async Task<(LibraryDocument? Document, IReadOnlyList<LibraryError> Errors)> ValidateAsync(string id, LibraryDraft draft, CancellationToken cancellationToken)
    {
        var (document, errors, wellFormed) = Validate(id, draft, time.GetUtcNow());
        if (wellFormed.Count > 0)
        {
            var existing = await bills.FindExistingAsync(wellFormed, cancellationToken);
            foreach (var missing in wellFormed.Where(b => !existing.Contains(b)))
            {
                errors.Add(new("relatedBills", $"There is no bill '{missing}'.", $"ไม่พบร่างกฎหมาย '{missing}'"));
            }
        }

        return errors.Count == 0 ? (document, errors) : (null, errors);
    }

    /// <summary>The checks that need no storage; the well-formed bill ids come back even with other errors, so the bill check still runs and every error is told at once.</summary>
    public static (LibraryDocument? Document, List<LibraryError> Errors, IReadOnlyList<string> BillIds) Validate(string id, LibraryDraft draft, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<LibraryError>();
        var titleTh = Text(draft.TitleTh, "titleTh", "the Thai title", "ชื่อเรื่องภาษาไทย", MaxTitle, required: true, errors);
        var titleEn = Text(draft.TitleEn, "titleEn", "the English title", "ชื่อเรื่องภาษาอังกฤษ", MaxTitle, required: false, errors);
        var abstractTh = Text(draft.AbstractTh, "abstractTh", "the Thai abstract", "บทคัดย่อภาษาไทย", MaxAbstract, required: true, errors);
        var abstractEn = Text(draft.AbstractEn, "abstractEn", "the English abstract", "บทคัดย่อภาษาอังกฤษ", MaxAbstract, required: false, errors);

        if (!LibraryDocumentTypes.IsKnown(draft.Type))
        {
            errors.Add(new("type", $"One of {string.Join(", ", LibraryDocumentTypes.All)}.", $"ต้องเป็นหนึ่งใน {string.Join(", ", LibraryDocumentTypes.All)}"));
        }

        var before = errors.Count;
        var authors = List(draft.Authors, "authors", MaxAuthors, MaxAuthor, "ผู้แต่ง", errors, a => a);
        if (authors.Count == 0 && errors.Count == before) // one error per field: a bad entry is already told
        {
            errors.Add(new("authors", "Name at least one author (a person or a Senate office).", "ระบุผู้แต่งอย่างน้อยหนึ่งราย (บุคคลหรือหน่วยงานของวุฒิสภา)"));
        }

        var tags = List(draft.Tags, "tags", MaxTags, MaxTag, "หัวข้อ", errors, NormalizeTag);
        var relatedBills = List(draft.RelatedBills, "relatedBills", MaxBills, 64, "ร่างกฎหมาย", errors, b => b);
        foreach (var bill in relatedBills.Where(b => !BillIdForm().IsMatch(b)).ToList())
        {
            errors.Add(new("relatedBills", $"'{Shorten(bill)}' is not a bill id.", $"'{Shorten(bill)}' ไม่ใช่รหัสร่างกฎหมาย"));
            relatedBills.Remove(bill);
        }

        DateOnly publishedOn = default;
        if (draft.PublishedOn is null
            || !DateOnly.TryParseExact(draft.PublishedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out publishedOn)
            || publishedOn.Year < 1900
            || publishedOn > DateOnly.FromDateTime(now.UtcDateTime).AddDays(1))
        {
            errors.Add(new("publishedOn", "A date yyyy-MM-dd, Christian era, not in the future (e.g. 2024-03-15).",
                "ใช้วันที่แบบ ปี-เดือน-วัน เป็นปีคริสต์ศักราช และไม่เป็นวันในอนาคต เช่น 2024-03-15"));
        }

        Uri? fileUrl = null;
        if (draft.FileUrl is null || draft.FileUrl.Length > MaxUrl
            || !Uri.TryCreate(draft.FileUrl, UriKind.Absolute, out fileUrl)
            || fileUrl.Scheme != Uri.UriSchemeHttps
            || !string.IsNullOrEmpty(fileUrl.UserInfo)
            || fileUrl.HostNameType is not (UriHostNameType.Dns))
        {
            // Citizens open the link from the app: https to a named host only (no credentials, no bare addresses).
            errors.Add(new("fileUrl", "An https:// link to the file on a named host (no user name or password in it).",
                "ลิงก์ไปยังไฟล์ต้องขึ้นต้นด้วย https:// และเป็นชื่อโดเมน (ไม่มีชื่อผู้ใช้หรือรหัสผ่านในลิงก์)"));
            fileUrl = null;
        }

        var document = errors.Count == 0
            ? new LibraryDocument(id, titleTh!, titleEn, draft.Type!, authors, publishedOn, abstractTh!, abstractEn, tags, relatedBills, fileUrl!, now)
            : null;
        return (document, errors, relatedBills);
    }

    /// <summary>Tags compare as lower-case, trimmed, with inner whitespace collapsed.</summary>
    public static string NormalizeTag(string tag) =>
        string.Join(' ', tag.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    private static string? Text(string? value, string field, string name, string nameTh, int max, bool required, List<LibraryError> errors)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
            {
                errors.Add(new(field, $"Give {name}.", $"กรุณาระบุ{nameTh}"));
            }

            return null;
        }

        if (trimmed.Length > max || trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            errors.Add(new(field, $"{Capital(name)} is at most {max} characters of text (no control characters).", $"{nameTh}ต้องไม่เกิน {max} ตัวอักษร และไม่มีอักขระควบคุม"));
            return null;
        }

        return trimmed;
    }

    private static List<string> List(IReadOnlyList<string?>? values, string field, int maxCount, int maxLength, string nameTh, List<LibraryError> errors, Func<string, string> normalize)
    {
        var result = new List<string>();
        if (values is null)
        {
            return result;
        }

        if (values.Count > maxCount)
        {
            errors.Add(new(field, $"At most {maxCount} entries.", $"{nameTh}ได้ไม่เกิน {maxCount} รายการ"));
            return result;
        }

        foreach (var v in values)
        {
            var t = v?.Trim();
            if (string.IsNullOrEmpty(t) || t.Length > maxLength || t.Any(char.IsControl))
            {
                errors.Add(new(field, $"Each entry is 1 to {maxLength} characters of text.", $"{nameTh}แต่ละรายการต้องมี 1 ถึง {maxLength} ตัวอักษร"));
                return [];
            }

            var n = normalize(t);
            if (!result.Contains(n, StringComparer.Ordinal))
            {
                result.Add(n);
            }
        }

        return result;
    }

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
