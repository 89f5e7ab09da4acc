using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Chantra.Domain.Webhooks;

/// <summary>Resolves a host name to its addresses (DNS in production; a table in tests).</summary>
public interface IHostResolver
{
    /// <summary>Every address of the host; empty when it does not resolve.</summary>
    Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>A webhook target we will not connect to; the message is safe to show staff.</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);

/// <summary>The outcome of checking a webhook URL: the normalised URL, or why it is refused (English and Thai).</summary>
public sealed record WebhookUrlCheck(Uri? Url, string? Error, string? ErrorTh)
{
    public static WebhookUrlCheck Refused(string error, string errorTh) => new(null, error, errorTh);
}

/// <summary>
/// Keeps webhooks from being a way into our own network (SSRF). A target must be an <c>https</c>
/// URL without user info, on port 443 (or an allowed port), whose host is a public name or a
/// public address in its canonical form; every address the name resolves to must be public
/// (not loopback, private, link-local, CGNAT, unique-local, multicast, unspecified, reserved or
/// documentation ranges, nor an IPv4-mapped/NAT64/6to4 form of one). Checked at registration
/// and again at every connection (<see cref="ResolveForConnectAsync"/>), since DNS answers can
/// change between the two (rebinding).
/// </summary>
public sealed class WebhookAddressPolicy(IHostResolver resolver, WebhookOptions options)
{
    public const int MaxUrlLength = 2048;
    public const int HttpsPort = 443;

    // (network, prefix length) of every IPv4 range that is not the public internet.
    private static readonly (IPAddress Network, int Prefix)[] ForbiddenV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8),        // "this network", unspecified
        (IPAddress.Parse("10.0.0.0"), 8),       // private
        (IPAddress.Parse("100.64.0.0"), 10),    // carrier-grade NAT
        (IPAddress.Parse("127.0.0.0"), 8),      // loopback
        (IPAddress.Parse("169.254.0.0"), 16),   // link-local, cloud metadata (169.254.169.254)
        (IPAddress.Parse("172.16.0.0"), 12),    // private
        (IPAddress.Parse("192.0.0.0"), 24),     // IETF protocol assignments
        (IPAddress.Parse("192.0.2.0"), 24),     // documentation
        (IPAddress.Parse("192.88.99.0"), 24),   // 6to4 relay anycast
        (IPAddress.Parse("192.168.0.0"), 16),   // private
        (IPAddress.Parse("198.18.0.0"), 15),    // benchmarking
        (IPAddress.Parse("198.51.100.0"), 24),  // documentation
        (IPAddress.Parse("203.0.113.0"), 24),   // documentation
        (IPAddress.Parse("224.0.0.0"), 4),      // multicast
        (IPAddress.Parse("240.0.0.0"), 4),      // reserved, broadcast
    ];

    private static readonly (IPAddress Network, int Prefix)[] ForbiddenV6 =
    [
        (IPAddress.Parse("::"), 96),            // unspecified, loopback, IPv4-compatible (deprecated)
        (IPAddress.Parse("64:ff9b:1::"), 48),   // local-use NAT64
        (IPAddress.Parse("100::"), 64),         // discard-only
        (IPAddress.Parse("2001::"), 23),        // IETF protocol assignments (Teredo among them)
        (IPAddress.Parse("2001:db8::"), 32),    // documentation
        (IPAddress.Parse("3fff::"), 20),        // documentation
        (IPAddress.Parse("fc00::"), 7),         // unique local
        (IPAddress.Parse("fe80::"), 10),        // link-local
        (IPAddress.Parse("fec0::"), 10),        // site-local (deprecated)
        (IPAddress.Parse("ff00::"), 8),         // multicast
    ];

    private static readonly IPAddress Nat64 = IPAddress.Parse("64:ff9b::");
    private static readonly IPAddress SixToFour = IPAddress.Parse("2002::");

    /// <summary>Whether an address is on the public internet. IPv6 forms that carry an IPv4 address are judged by it.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !ForbiddenV4.Any(r => InRange(address, r.Network, r.Prefix));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublic(address.MapToIPv4());
        }

        var bytes = address.GetAddressBytes();
        if (InRange(address, Nat64, 96))
        {
            return IsPublic(new IPAddress(bytes.AsSpan(12, 4)));
        }

        if (InRange(address, SixToFour, 16))
        {
            return IsPublic(new IPAddress(bytes.AsSpan(2, 4)));
        }

        return !ForbiddenV6.Any(r => InRange(address, r.Network, r.Prefix));
    }

    /// <summary>Loopback in any form (127/8, ::1, IPv4-mapped 127/8).</summary>
    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address) || (address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(address.MapToIPv4()));

    /// <summary>Whether we may connect to an address: public, or loopback when the development switch is on.</summary>
    public bool IsAllowed(IPAddress address) => IsPublic(address) || (options.AllowLoopbackForDevelopment && IsLoopback(address));

    /// <summary>The URL's own rules, without DNS: scheme, user info, port, and the host's form (and address, for a literal).</summary>
    public WebhookUrlCheck CheckSyntax(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return WebhookUrlCheck.Refused("Give the endpoint's https URL.", "กรุณาระบุ URL แบบ https ของปลายทาง");
        }

        if (url.Length > MaxUrlLength || url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\'))
        {
            return WebhookUrlCheck.Refused($"A URL is at most {MaxUrlLength} characters, without spaces, control characters or backslashes.",
                $"URL ต้องยาวไม่เกิน {MaxUrlLength} ตัวอักษร และต้องไม่มีช่องว่าง อักขระควบคุม หรือเครื่องหมาย \\");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
        {
            return WebhookUrlCheck.Refused("Only https URLs are accepted.", "รับเฉพาะ URL แบบ https");
        }

        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        var literal = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(host.Trim('[', ']'), out var parsed) ? parsed : null;
        var devLoopback = options.AllowLoopbackForDevelopment && (literal is not null ? IsLoopback(literal) : IsLocalhostName(host));

        if (uri.Scheme != Uri.UriSchemeHttps && !devLoopback)
        {
            return WebhookUrlCheck.Refused("Only https URLs are accepted.", "รับเฉพาะ URL แบบ https");
        }

        if (uri.UserInfo.Length > 0 || RawAuthority(url).Contains('@'))
        {
            return WebhookUrlCheck.Refused("A URL with a user name or password is refused; deliveries are authenticated by their signature.",
                "ไม่รับ URL ที่มีชื่อผู้ใช้หรือรหัสผ่าน การส่งข้อมูลยืนยันตัวตนด้วยลายเซ็นแล้ว");
        }

        if (uri.Fragment.Length > 0)
        {
            return WebhookUrlCheck.Refused("A URL with a fragment (#…) is refused.", "ไม่รับ URL ที่มีส่วน # ต่อท้าย");
        }

        if (uri.Port != HttpsPort && !options.AllowedPorts.Contains(uri.Port) && !devLoopback)
        {
            return WebhookUrlCheck.Refused($"Port {uri.Port} is not allowed; use 443.", $"ไม่อนุญาตพอร์ต {uri.Port} กรุณาใช้พอร์ต 443");
        }

        if (literal is not null)
        {
            // The URL parser reads 2130706433, 0x7f.1 and 0177.0.0.1 as 127.0.0.1; such spellings only hide an address.
            if (literal.AddressFamily == AddressFamily.InterNetwork && !string.Equals(RawHost(url), host, StringComparison.Ordinal))
            {
                return WebhookUrlCheck.Refused("Write an IPv4 address as four decimal numbers (a.b.c.d), or better, use the host's name.",
                    "กรุณาเขียนที่อยู่ IPv4 เป็นเลขฐานสิบสี่ชุด (a.b.c.d) หรือใช้ชื่อโฮสต์แทน");
            }

            return IsAllowed(literal) ? new WebhookUrlCheck(uri, null, null) : Private(literal.ToString());
        }

        if (IsLocalhostName(host))
        {
            return devLoopback ? new WebhookUrlCheck(uri, null, null) : Private(host);
        }

        var labels = host.Split('.');
        if (labels.Length < 2)
        {
            // A single label is completed by the resolver's search domains: an internal name.
            return WebhookUrlCheck.Refused("Use the endpoint's fully qualified public host name.", "กรุณาใช้ชื่อโฮสต์สาธารณะแบบเต็มของปลายทาง");
        }

        if (LooksNumeric(labels[^1]))
        {
            return WebhookUrlCheck.Refused("The host is neither a name nor an address in its usual form.", "ชื่อโฮสต์ไม่ใช่ทั้งชื่อและที่อยู่ IP ในรูปแบบปกติ");
        }

        return new WebhookUrlCheck(uri, null, null);
    }

    /// <summary>The syntax rules, then DNS: the name must resolve, and to public addresses only.</summary>
    public async Task<WebhookUrlCheck> CheckAsync(string? url, CancellationToken cancellationToken)
    {
        var check = CheckSyntax(url);
        if (check.Url is not { HostNameType: UriHostNameType.Dns } uri)
        {
            return check;
        }

        try
        {
            await ResolveForConnectAsync(uri.IdnHost, cancellationToken);
        }
        catch (WebhookTargetRefusedException ex)
        {
            return WebhookUrlCheck.Refused(ex.Message, "ชื่อโฮสต์ไม่พบใน DNS หรือชี้ไปยังที่อยู่ภายในหรือที่อยู่สงวน จึงไม่อนุญาต");
        }

        return check;
    }

    /// <summary>
    /// The addresses to connect to for a host, each checked; refuses the whole host when any of
    /// its addresses is not allowed (a name that also points inside is not trusted for the rest).
    /// </summary>
    public async Task<IReadOnlyList<IPAddress>> ResolveForConnectAsync(string host, CancellationToken cancellationToken)
    {
        var name = host.Trim('[', ']').TrimEnd('.');
        if (IPAddress.TryParse(name, out var literal))
        {
            return IsAllowed(literal) ? [literal] : throw new WebhookTargetRefusedException($"The address {literal} is not a public address.");
        }

        if (IsLocalhostName(name.ToLowerInvariant()) && !options.AllowLoopbackForDevelopment)
        {
            throw new WebhookTargetRefusedException($"{name} is this machine.");
        }

        var addresses = await resolver.ResolveAsync(name, cancellationToken);
        if (addresses.Count == 0)
        {
            throw new WebhookTargetRefusedException($"{name} does not resolve.");
        }

        var refused = addresses.FirstOrDefault(a => !IsAllowed(a));
        if (refused is not null)
        {
            throw new WebhookTargetRefusedException($"{name} resolves to {refused}, which is not a public address.");
        }

        return addresses;
    }

    private static WebhookUrlCheck Private(string what) =>
        WebhookUrlCheck.Refused($"{what} is not a public address: loopback, private, link-local and reserved ranges are refused.",
            $"{what} ไม่ใช่ที่อยู่สาธารณะ ไม่อนุญาตที่อยู่ loopback ที่อยู่ภายใน link-local และช่วงที่อยู่สงวน");

    private static bool IsLocalhostName(string host) =>
        host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal);

    // A last label of digits (or 0x-hex) makes URL parsers read the host as an IPv4 address.
    private static bool LooksNumeric(string label) =>
        label.Length > 0 && (label.All(char.IsAsciiDigit)
            || (label.StartsWith("0x", StringComparison.Ordinal) && label[2..].All(char.IsAsciiHexDigit)));

    /// <summary>The host exactly as written in the URL (lower case, no trailing dot), before the parser normalised it.</summary>
    private static string RawHost(string url)
    {
        var authority = RawAuthority(url);
        authority = authority[(authority.LastIndexOf('@') + 1)..];
        var colon = authority.LastIndexOf(':');
        if (colon >= 0 && !authority.StartsWith('['))
        {
            authority = authority[..colon];
        }

        return authority.TrimEnd('.').ToLower(CultureInfo.InvariantCulture);
    }

    private static string RawAuthority(string url)
    {
        var scheme = url.IndexOf("//", StringComparison.Ordinal);
        var start = scheme < 0 ? 0 : scheme + 2;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        return url[start..(end < 0 ? url.Length : end)];
    }

    private static bool InRange(IPAddress address, IPAddress network, int prefix)
    {
        if (address.AddressFamily != network.AddressFamily)
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var full = prefix / 8;
        if (!a.AsSpan(0, full).SequenceEqual(n.AsSpan(0, full)))
        {
            return false;
        }

        var rest = prefix % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (a[full] & mask) == (n[full] & mask);
    }
}
