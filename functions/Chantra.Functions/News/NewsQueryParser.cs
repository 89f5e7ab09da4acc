using System.Globalization;
using System.Text.RegularExpressions;
using Chantra.Domain.News;
using Chantra.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Chantra.Functions.News;

/// <summary>
/// Reads and validates the news list's query string; every error names its parameter, in English and
/// Thai. Parameters we do not know are ignored, as on the bill list.
/// </summary>
public static partial class NewsQueryParser
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    /// <summary>Category names are short Thai phrases; anything longer is not one.</summary>
    public const int MaxCategoryLength = 100;

    [GeneratedRegex(@"^[A-Za-z0-9._\-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenChars();

    /// <summary>Our news ids: 16 lowercase hex digits (<see cref="NewsItem.IdOf"/>).</summary>
    [GeneratedRegex(@"^[0-9a-f]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex NewsId();

    public static (NewsQuery? Query, IReadOnlyList<FieldError> Errors) Parse(IQueryCollection q)
    {
        var errors = QueryParameters.Repeated(q).ToList();

        var category = QueryParameters.Value(q, "category");
        if (category is not null && (category.Length > MaxCategoryLength || category.Any(char.IsControl)))
        {
            errors.Add(new FieldError("category", $"A category name as the news items show it: at most {MaxCategoryLength} characters, without control characters.",
                $"ชื่อหมวดข่าวตามที่แสดงในรายการข่าว ยาวได้ไม่เกิน {MaxCategoryLength} ตัวอักษร และต้องไม่มีอักขระควบคุม"));
        }

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
            errors.Add(FieldError.InvalidContinuationToken("Pass back the token of the previous page unchanged."));
        }

        return errors.Count > 0 ? (null, errors) : (new NewsQuery(category, pageSize, token), errors);
    }

    /// <summary>Whether a news id is one we could have issued (anything else is a 404 without a storage call).</summary>
    public static bool IsPlausibleId(string? id) => id is not null && NewsId().IsMatch(id);
}
