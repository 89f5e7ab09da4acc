namespace Chantra.Sources.Live.Http;

/// <summary>URL lists given as one app setting: Bicep joins a <c>string[]</c> with spaces (URLs hold none).</summary>
public static class SourceUrlLists
{
    /// <summary>Adds each absolute http(s) URL of <paramref name="list"/> not there yet; anything else is a configuration error.</summary>
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
}
