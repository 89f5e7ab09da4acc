using System.Net;
using Chantra.Domain.Webhooks;

namespace Chantra.Tests.Webhooks;

/// <summary>A resolver that answers from a table the test fills (no DNS in tests).</summary>
public sealed class TableResolver : IHostResolver
{
    private readonly Dictionary<string, IPAddress[]> _names = new(StringComparer.OrdinalIgnoreCase);

    public int Lookups { get; private set; }

    public TableResolver Map(string host, params string[] addresses)
    {
        _names[host] = addresses.Select(IPAddress.Parse).ToArray();
        return this;
    }

    public Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        Lookups++;
        return Task.FromResult<IReadOnlyList<IPAddress>>(_names.TryGetValue(host, out var a) ? a : []);
    }
}

/// <summary>No SSRF: which webhook targets are refused, at registration and at connection.</summary>
public sealed class WebhookAddressPolicyTests
{
    private readonly TableResolver _dns = new TableResolver()
        .Map("hooks.mof.go.th", "8.8.8.8", "2001:4860:4860::8888")
        .Map("rebind.example.com", "93.184.216.34", "127.0.0.1")
        .Map("inside.example.com", "10.1.2.3")
        .Map("metadata.example.com", "169.254.169.254")
        .Map("mapped.example.com", "::ffff:192.168.1.1")
        .Map("nat64.example.com", "64:ff9b::a00:1")
        .Map("ula.example.com", "fd12:3456::1")
        .Map("cgnat.example.com", "100.64.0.1")
        .Map("localhost", "127.0.0.1", "::1");

    private WebhookAddressPolicy Policy(WebhookOptions? options = null) => new(_dns, options ?? new WebhookOptions());

    [Theory]
    [InlineData("http://127.0.0.1/x")]
    [InlineData("https://10.0.0.1/x")]
    [InlineData("https://localhost/")]
    [InlineData("https://api.localhost/")]
    [InlineData("https://[::1]/")]
    [InlineData("https://169.254.169.254/")]
    [InlineData("https://2130706433/")]
    [InlineData("https://0x7f.1/")]
    [InlineData("https://0177.0.0.1/")]
    [InlineData("https://127.1/")]
    [InlineData("https://0x08.8.8.8/")]
    [InlineData("https://1.2.3.4.5/")]
    [InlineData("https://user:pass@example.com/")]
    [InlineData("https://user@hooks.mof.go.th/")]
    [InlineData("ftp://hooks.mof.go.th/x")]
    [InlineData("http://hooks.mof.go.th/x")]
    [InlineData("https://hooks.mof.go.th:8443/x")]
    [InlineData("https://hooks.mof.go.th/x#frag")]
    [InlineData("https://172.16.5.4/")]
    [InlineData("https://192.168.0.10/")]
    [InlineData("https://100.64.1.1/")]
    [InlineData("https://0.0.0.0/")]
    [InlineData("https://224.0.0.1/")]
    [InlineData("https://255.255.255.255/")]
    [InlineData("https://[fe80::1]/")]
    [InlineData("https://[fc00::1]/")]
    [InlineData("https://[ff02::1]/")]
    [InlineData("https://[::]/")]
    [InlineData("https://[::ffff:127.0.0.1]/")]
    [InlineData("https://[::ffff:10.0.0.1]/")]
    [InlineData("https://[64:ff9b::7f00:1]/")]
    [InlineData("https://[2002:7f00:1::]/")]
    [InlineData("https://intranet/hook")]
    [InlineData("https://inside.example.com/hook")]
    [InlineData("https://metadata.example.com/")]
    [InlineData("https://mapped.example.com/")]
    [InlineData("https://nat64.example.com/")]
    [InlineData("https://ula.example.com/")]
    [InlineData("https://cgnat.example.com/")]
    [InlineData("https://rebind.example.com/")]
    [InlineData("https://nowhere.example.com/")]
    [InlineData("https://hooks.mof.go.th\\@127.0.0.1/")]
    [InlineData("https://hooks.mof.go.th/a b")]
    [InlineData("/relative/path")]
    [InlineData("")]
    public async Task Refused(string url)
    {
        var check = await Policy().CheckAsync(url, default);

        Assert.Null(check.Url);
        Assert.False(string.IsNullOrWhiteSpace(check.Error));
        Assert.False(string.IsNullOrWhiteSpace(check.ErrorTh));
    }

    [Theory]
    [InlineData("https://hooks.mof.go.th/chantra/events", "https://hooks.mof.go.th/chantra/events")]
    [InlineData("https://HOOKS.mof.go.th:443/chantra?x=1", "https://hooks.mof.go.th/chantra?x=1")]
    [InlineData("https://8.8.4.4/hook", "https://8.8.4.4/hook")]
    [InlineData("https://[2606:4700:4700::1111]/hook", "https://[2606:4700:4700::1111]/hook")]
    public async Task A_public_https_url_is_accepted_and_normalised(string url, string normalised)
    {
        var check = await Policy().CheckAsync(url, default);

        Assert.Null(check.Error);
        Assert.Equal(normalised, check.Url!.AbsoluteUri);
    }

    [Fact]
    public async Task An_allowed_port_is_accepted()
    {
        var check = await Policy(new WebhookOptions { AllowedPorts = [8443] }).CheckAsync("https://hooks.mof.go.th:8443/x", default);

        Assert.Equal(8443, check.Url!.Port);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5123/hook")]
    [InlineData("http://localhost:5123/hook")]
    [InlineData("http://[::1]:5123/hook")]
    public async Task The_development_switch_lets_loopback_through(string url)
    {
        Assert.Null((await Policy().CheckAsync(url, default)).Url);
        Assert.NotNull((await Policy(new WebhookOptions { AllowLoopbackForDevelopment = true }).CheckAsync(url, default)).Url);
    }

    [Theory]
    [InlineData("https://10.0.0.1/x")]
    [InlineData("http://10.0.0.1/x")]
    [InlineData("https://169.254.169.254/")]
    [InlineData("https://inside.example.com/")]
    [InlineData("http://hooks.mof.go.th/")]
    [InlineData("https://2130706433/")]
    public async Task The_development_switch_lets_nothing_else_through(string url)
    {
        var check = await Policy(new WebhookOptions { AllowLoopbackForDevelopment = true }).CheckAsync(url, default);

        Assert.Null(check.Url);
    }

    [Fact]
    public async Task At_connection_a_name_is_resolved_again_and_refused_when_any_address_is_inside()
    {
        var policy = Policy();

        Assert.Equal([IPAddress.Parse("8.8.8.8"), IPAddress.Parse("2001:4860:4860::8888")], await policy.ResolveForConnectAsync("hooks.mof.go.th", default));
        await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => policy.ResolveForConnectAsync("rebind.example.com", default));
        await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => policy.ResolveForConnectAsync("127.0.0.1", default));
        await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => policy.ResolveForConnectAsync("[::1]", default));
        await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => policy.ResolveForConnectAsync("localhost", default));
        await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => policy.ResolveForConnectAsync("nowhere.example.com", default));
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("93.184.216.34", true)]
    [InlineData("2001:4860:4860::8888", true)]
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("64:ff9b::808:808", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.255.255.255", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.255.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.127.255.255", false)]
    [InlineData("100.128.0.1", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("239.255.255.250", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fe80::1", false)]
    [InlineData("febf::1", false)]
    [InlineData("fc00::1", false)]
    [InlineData("fdff::1", false)]
    [InlineData("ff05::2", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:169.254.169.254", false)]
    [InlineData("::127.0.0.1", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("2002:c0a8:0101::1", false)]
    public void Address_ranges(string address, bool isPublic) =>
        Assert.Equal(isPublic, WebhookAddressPolicy.IsPublic(IPAddress.Parse(address)));
}
