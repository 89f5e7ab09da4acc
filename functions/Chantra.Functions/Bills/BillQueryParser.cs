using System.Globalization;
using System.Text.RegularExpressions;
using Chantra.Domain.Bills;
using Chantra.Domain.Push;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Chantra.Functions.Bills;

/// <summary>Reads and validates the bill list's query string; every error names its parameter, in English and Thai.</summary>
public static partial class BillQueryParser
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
    public const int MaxTextLength = 100;

    [GeneratedRegex(@"^[A-Za-z0-9._\-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenChars();

    // ISO 8601 with an explicit offset: a time without one would be read in the server's zone.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimeWithOffset();

    public static (BillQuery? Query, IReadOnlyList<FieldError> Errors) Parse(IQueryCollection q)
    {
        var errors = QueryParameters.Repeated(q).ToList();

        BillStage? stage = null;
        if (Value(q, "stage") is { } s)
        {
            if (BillStageNames.TryParseStage(s, out var v))
            {
                stage = v;
            }
            else
            {
                errors.Add(new FieldError("stage", $"Unknown stage; use one of {string.Join(", ", BillStageNames.StageWireNames)}.",
                    $"ไม่รู้จักขั้นตอนนี้ ใช้ค่าใดค่าหนึ่งต่อไปนี้: {string.Join(", ", BillStageNames.StageWireNames)}"));
            }
        }

        BillStatus? status = null;
        if (Value(q, "status") is { } st)
        {
            if (BillStageNames.TryParseStatus(st, out var v))
            {
                status = v;
            }
            else
            {
                errors.Add(new FieldError("status", $"Unknown status; use one of {string.Join(", ", BillStageNames.StatusWireNames)}.",
                    $"ไม่รู้จักสถานะนี้ ใช้ค่าใดค่าหนึ่งต่อไปนี้: {string.Join(", ", BillStageNames.StatusWireNames)}"));
            }
        }

        var ministry = Value(q, "ministry");
        if (ministry is not null && !PushTags.IsValidId(ministry))
        {
            errors.Add(new FieldError("ministry", "A ministry code is 1–64 letters, digits, '.', '_' or '-'.",
                "รหัสกระทรวงต้องเป็นตัวอักษรอังกฤษ ตัวเลข หรือ . _ - ยาว 1–64 ตัว"));
            ministry = null;
        }

        var text = Value(q, "q");
        if (text is not null && (text.Length > MaxTextLength || text.Any(char.IsControl)))
        {
            errors.Add(new FieldError("q", $"Search text is at most {MaxTextLength} characters, without control characters.",
                $"ข้อความค้นหายาวได้ไม่เกิน {MaxTextLength} ตัวอักษร และต้องไม่มีอักขระควบคุม"));
        }

        DateTimeOffset? since = null;
        if (Value(q, "updatedSince") is { } u)
        {
            if (DateTimeWithOffset().IsMatch(u)
                && DateTimeOffset.TryParse(u, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                since = d;
            }
            else if (DateOnly.TryParseExact(u, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                since = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Domain.Text.ThaiText.BangkokOffset);
            }
            else
            {
                errors.Add(new FieldError("updatedSince", "Use an ISO 8601 date (2026-11-25) or date-time with offset (2026-11-25T08:00:00+07:00).",
                    "ใช้วันที่แบบ ISO 8601 เช่น 2026-11-25 หรือวันเวลาพร้อมเขตเวลา เช่น 2026-11-25T08:00:00+07:00 (ปีคริสต์ศักราช)"));
            }
        }

        var pageSize = DefaultPageSize;
        if (Value(q, "pageSize") is { } p)
        {
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize)
            {
                errors.Add(new FieldError("pageSize", $"A whole number from 1 to {MaxPageSize}.", $"ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง {MaxPageSize}"));
            }
        }

        var token = Value(q, "continuationToken");
        if (token is not null && (token.Length > 1024 || !TokenChars().IsMatch(token[..Math.Min(token.Length, 64)])))
        {
            errors.Add(new FieldError("continuationToken", "Pass back the token of the previous page unchanged.", "ส่งโทเคนของหน้าก่อนหน้ากลับมาโดยไม่แก้ไข"));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new BillQuery(stage, status, ministry, text, since, pageSize, token), errors);
    }

    /// <summary>Whether a bill id is one we could have issued (anything else is a 404 without a storage call).</summary>
    public static bool IsPlausibleId(string? id) => PushTags.IsValidId(id);

    private static string? Value(IQueryCollection q, string name) => QueryParameters.Value(q, name);
}
