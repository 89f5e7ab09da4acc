using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Web;

namespace Chantra.Azure.NotificationHubs;

/// <summary>
/// A parsed Notification Hubs namespace connection string
/// (<c>Endpoint=sb://{ns}.servicebus.windows.net/;SharedAccessKeyName=...;SharedAccessKey=...</c>)
/// and the Shared Access Signature tokens it can sign.
/// </summary>
/// <remarks>
/// The key is kept internal and never appears in <see cref="ToString"/> or in any error
/// message, so a logged connection object or a parse failure cannot leak it.
/// </remarks>
public sealed class NotificationHubsConnection
{
    private const string EndpointName = "Endpoint";
    private const string KeyNameName = "SharedAccessKeyName";
    private const string KeyValueName = "SharedAccessKey";

    private NotificationHubsConnection(Uri endpoint, string keyName, string key)
    {
        Endpoint = endpoint;
        KeyName = keyName;
        Key = key;
    }

    /// <summary>The namespace endpoint as given, e.g. <c>sb://chantra.servicebus.windows.net/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The namespace host, e.g. <c>chantra.servicebus.windows.net</c>.</summary>
    public string Host => Endpoint.Host;

    /// <summary>The shared access policy name (the token's <c>skn</c>).</summary>
    public string KeyName { get; }

    /// <summary>The shared access key. Internal so it is never serialized or logged with the object.</summary>
    internal string Key { get; }

    /// <summary>
    /// Parses a connection string. Keys are case-insensitive and may come in any order;
    /// empty segments (trailing semicolons) are ignored, and unknown keys such as
    /// <c>EntityPath</c> are tolerated.
    /// </summary>
    /// <exception cref="ArgumentNullException">The connection string is null.</exception>
    /// <exception cref="FormatException">The connection string is malformed; the message names
    /// the problem but never repeats any value from the string.</exception>
    public static NotificationHubsConnection Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException("The Notification Hubs connection string is empty.");
        }

        string? endpoint = null, keyName = null, key = null;
        var segments = connectionString.Split(';');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i].Trim();
            if (segment.Length == 0)
            {
                continue;
            }

            // Split at the first '=' only: base64 keys end in '='.
            var equals = segment.IndexOf('=');
            if (equals <= 0)
            {
                // Never echo the segment: it may be a fragment of the key.
                throw new FormatException(
                    $"Notification Hubs connection string segment {i + 1} is not of the form Name=Value.");
            }

            var name = segment[..equals].Trim();
            var value = segment[(equals + 1)..].Trim();
            if (name.Equals(EndpointName, StringComparison.OrdinalIgnoreCase))
            {
                endpoint = Assign(endpoint, EndpointName, value);
            }
            else if (name.Equals(KeyNameName, StringComparison.OrdinalIgnoreCase))
            {
                keyName = Assign(keyName, KeyNameName, value);
            }
            else if (name.Equals(KeyValueName, StringComparison.OrdinalIgnoreCase))
            {
                key = Assign(key, KeyValueName, value);
            }
        }

        var missing = new List<string>();
        if (string.IsNullOrEmpty(endpoint)) missing.Add(EndpointName);
        if (string.IsNullOrEmpty(keyName)) missing.Add(KeyNameName);
        if (string.IsNullOrEmpty(key)) missing.Add(KeyValueName);
        if (missing.Count > 0)
        {
            throw new FormatException(
                $"The Notification Hubs connection string is missing {string.Join(", ", missing)}.");
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUri)
            || endpointUri.Scheme is not ("sb" or "https" or "http")
            || string.IsNullOrEmpty(endpointUri.Host))
        {
            throw new FormatException(
                "The Notification Hubs connection string Endpoint must be an absolute sb://, https:// or http:// URI with a host.");
        }

        return new NotificationHubsConnection(endpointUri, keyName!, key!);
    }

    /// <summary>
    /// The hub's real resource URI, <c>https://{ns}.servicebus.windows.net/{hub}</c>: what a
    /// token must name even when requests go to another endpoint, and even when the
    /// connection string says <c>sb://</c>.
    /// </summary>
    public Uri GetHubResourceUri(string hubName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hubName);
        return new Uri($"https://{Host}/{hubName.Trim('/')}", UriKind.Absolute);
    }

    /// <summary>
    /// Creates an <c>Authorization</c> header value per the documented SAS algorithm: the string
    /// to sign is <c>UrlEncode(lowercase resource URI) + "\n" + expiry (Unix seconds)</c>, signed
    /// with HMAC-SHA256 over the UTF-8 key, and the header is
    /// <c>SharedAccessSignature sr={encoded uri}&amp;sig={encoded signature}&amp;se={expiry}&amp;skn={key name}</c>.
    /// </summary>
    /// <remarks>The returned value is a bearer credential: never log it.</remarks>
    public string CreateSasToken(string resourceUri, DateTimeOffset expiry)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceUri);

        // HttpUtility.UrlEncode (lowercase hex escapes) over the lowercased URI, as the
        // documentation's samples and the official SDK do; sr carries exactly what was signed.
        var encodedUri = HttpUtility.UrlEncode(resourceUri.ToLowerInvariant());
        var expires = expiry.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(Key),
            Encoding.UTF8.GetBytes(encodedUri + "\n" + expires)));

        return string.Create(CultureInfo.InvariantCulture,
            $"SharedAccessSignature sr={encodedUri}&sig={HttpUtility.UrlEncode(signature)}&se={expires}&skn={HttpUtility.UrlEncode(KeyName)}");
    }

    /// <summary>A description without the key, safe to log.</summary>
    public override string ToString() =>
        $"Endpoint={Endpoint};SharedAccessKeyName={KeyName};SharedAccessKey=<redacted>";

    private static string Assign(string? current, string name, string value) =>
        current is null
            ? value
            : throw new FormatException($"The Notification Hubs connection string sets {name} more than once.");
}
