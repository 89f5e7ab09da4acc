using Microsoft.AspNetCore.Http;

namespace Chantra.Functions.Http;

/// <summary>The query-string rules every route shares: each parameter at most once, blank means absent.</summary>
public static class QueryParameters
{
    /// <summary>An error for each parameter given more than once (which one would we honour?).</summary>
    public static IEnumerable<FieldError> Repeated(IQueryCollection query) =>
        query.Where(p => p.Value.Count > 1).Select(p => new FieldError(p.Key, "Give this parameter once.", "ระบุพารามิเตอร์นี้ได้เพียงครั้งเดียว"));

    /// <summary>The parameter's trimmed value, or null when it is absent or blank.</summary>
    public static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrWhiteSpace(v[0]) ? v[0]!.Trim() : null;
}
