using System.Globalization;
using System.Text.RegularExpressions;
using Chantra.Domain.Meetings;
using Chantra.Domain.Push;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Chantra.Functions.Meetings;

/// <summary>
/// Reads and validates the query strings of the meeting list and the calendar feed; every error
/// names its parameter, in English and Thai. Parameters we do not know are ignored, as on the bill list.
/// </summary>
public static partial class MeetingQueryParser
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    /// <summary>From this year on a date is taken for a Buddhist-era one (B.E. 2400 is 1857, before any sitting).</summary>
    private const int FirstBuddhistEraYear = 2400;

    [GeneratedRegex(@"^[A-Za-z0-9._\-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenChars();

    // DateOnly.TryParseExact alone lets through forms like a five-digit year; the wire form is exactly this.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    public static (MeetingQuery? Query, IReadOnlyList<FieldError> Errors) Parse(IQueryCollection q)
    {
        var errors = QueryParameters.Repeated(q).ToList();

        var from = Date(q, "from", errors);
        var to = Date(q, "to", errors);
        if (from is { } f && to is { } t && f > t)
        {
            errors.Add(new FieldError("to", "'to' is before 'from'; the range is inclusive, so use the same day for one day.",
                "วันที่ 'to' อยู่ก่อนวันที่ 'from' ช่วงวันที่รวมวันต้นและวันท้าย หากต้องการวันเดียวให้ใช้วันเดียวกัน"));
        }

        var body = Body(q, errors);

        var pageSize = DefaultPageSize;
        if (QueryParameters.Value(q, "pageSize") is { } p)
        {
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize)
            {
                errors.Add(new FieldError("pageSize", $"A whole number from 1 to {MaxPageSize}.", $"ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง {MaxPageSize}"));
            }
        }

        var token = QueryParameters.Value(q, "continuationToken");
        if (token is not null && (token.Length > 1024 || !TokenChars().IsMatch(token[..Math.Min(token.Length, 64)])))
        {
            errors.Add(new FieldError("continuationToken", "Pass back the token of the previous page unchanged.", "ส่งโทเคนของหน้าก่อนหน้ากลับมาโดยไม่แก้ไข"));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new MeetingQuery(from, to, body, pageSize, token), errors);
    }

    /// <summary>The calendar feed's only filter, <c>body</c>; null with errors when it is invalid.</summary>
    public static (MeetingBody? Body, IReadOnlyList<FieldError> Errors) ParseCalendar(IQueryCollection q)
    {
        var errors = QueryParameters.Repeated(q).ToList();
        var body = Body(q, errors);
        return (errors.Count > 0 ? null : body, errors);
    }

    /// <summary>Whether a meeting id is one we could have issued (anything else is a 404 without a storage call).</summary>
    public static bool IsPlausibleId(string? id) => PushTags.IsValidId(id);

    private static DateOnly? Date(IQueryCollection q, string name, List<FieldError> errors)
    {
        if (QueryParameters.Value(q, name) is not { } v)
        {
            return null;
        }

        if (!IsoDate().IsMatch(v)
            || !DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors.Add(new FieldError(name, "Use an ISO 8601 date, yyyy-MM-dd with a Gregorian (Christian-era) year, e.g. 2026-11-25.",
                "ใช้วันที่แบบ ISO 8601 ปี-เดือน-วัน เป็นปีคริสต์ศักราช เช่น 2026-11-25 (ไม่ใช่ปีพุทธศักราช)"));
            return null;
        }

        // 2569-11-25 parses, but nobody means the year 2569 AD: it is a Buddhist-era date. Say so
        // rather than answer an empty list.
        if (day.Year >= FirstBuddhistEraYear)
        {
            var gregorian = day.Year - 543;
            errors.Add(new FieldError(name, $"{day.Year} looks like a Buddhist-era year; use the Christian era ({gregorian}), e.g. {gregorian}-{day.Month:00}-{day.Day:00}.",
                $"ปี {day.Year} เป็นปีพุทธศักราช ให้ใช้ปีคริสต์ศักราช ({gregorian}) เช่น {gregorian}-{day.Month:00}-{day.Day:00}"));
            return null;
        }

        return day;
    }

    private static MeetingBody? Body(IQueryCollection q, List<FieldError> errors)
    {
        if (QueryParameters.Value(q, "body") is not { } b)
        {
            return null;
        }

        if (MeetingNames.TryParseBody(b, out var body))
        {
            return body;
        }

        var names = string.Join(", ", MeetingNames.BodyWireNames);
        errors.Add(new FieldError("body", $"Unknown body; use one of {names}.", $"ไม่รู้จักสภาหรือองค์กรนี้ ใช้ค่าใดค่าหนึ่งต่อไปนี้: {names}"));
        return null;
    }
}
