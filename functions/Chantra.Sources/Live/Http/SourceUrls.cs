using System.Globalization;
using System.Text.RegularExpressions;

namespace Chantra.Sources.Live.Http;

/// <summary>Source URLs as configured and as paged.</summary>
public static class SourceUrls
{
    /// <summary>
    /// Adds each absolute http(s) URL of a list given as one app setting (Bicep joins a <c>string[]</c> with
    /// spaces; URLs hold none) not there yet; anything else is a configuration error.
    /// </summary>
    public static void AddTo(IList<Uri> urls, string? list)
    {
        ArgumentNullException.ThrowIfNull(urls);
        foreach (var part in (list ?? string.Empty).Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw new FormatException($"'{part}' in a source URL list is not an absolute http(s) URL.");
            }

            if (!urls.Contains(url))
            {
                urls.Add(url);
            }
        }
    }

    /// <summary>
    /// The URL with one query parameter set, replaced where present (keeping the rest of the query as the
    /// site wrote it, e.g. a TIS-620 escaped <c>session_name</c>), appended where not: how the sites page
    /// (<c>offset</c> on LIS and MSBIS, <c>page</c> on the Senate list).
    /// </summary>
    public static Uri WithQuery(Uri url, string name, int value)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = url.OriginalString;
        var parameter = new Regex(@"(?<k>[?&]" + Regex.Escape(name) + @"=)[^&#]*", RegexOptions.CultureInvariant);
        var v = value.ToString(CultureInfo.InvariantCulture);
        return parameter.IsMatch(text)
            ? new Uri(parameter.Replace(text, "${k}" + v, 1))
            : new Uri(text + (text.Contains('?', StringComparison.Ordinal) ? "&" : "?") + name + "=" + v);
    }
}
