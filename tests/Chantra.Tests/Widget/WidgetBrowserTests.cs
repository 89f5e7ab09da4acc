using System.Text.RegularExpressions;
using Chantra.Azure.Azurite;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chantra.Tests.Widget;

/// <summary>
/// The widget in a real browser (the machine's Chromium driven by Playwright for .NET), on the dev
/// host's demo page: a host page with a strict CSP of its own.
/// </summary>
public sealed class WidgetBrowserTests(DevHostServer host) : IClassFixture<DevHostServer>
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 30_000 };

    private static readonly Regex ThaiLive = new("กำลังประชุม|การประชุมครั้งถัดไป");
    private static readonly Regex EnglishLive = new("In session|Next sitting");

    [Fact]
    public async Task The_demo_page_shows_banner_live_status_and_bills_in_Thai_and_English_without_CSP_violations()
    {
        await DataReadyAsync();
        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var console = new List<string>();
        page.Console += (_, m) => console.Add(m.Text);
        page.PageError += (_, e) => console.Add("page error: " + e);

        var response = await page.GotoAsync(new Uri(host.BaseUri, "/dev/widget").ToString());
        Assert.Contains("script-src 'self'", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);

        var th = page.Locator("#th section");
        var en = page.Locator("#en section");
        await Expect(th).ToHaveAttributeAsync("lang", "th");
        await Expect(en).ToHaveAttributeAsync("lang", "en");
        await Expect(th.Locator("h2")).ToHaveTextAsync("จันทรา แอปของวุฒิสภา");
        await Expect(en.Locator("h2")).ToHaveTextAsync("Chantra, the Senate's app");
        await Expect(th.GetByRole(AriaRole.Link, new() { Name = "ดาวน์โหลดบน App Store" })).ToBeVisibleAsync();
        await Expect(en.GetByRole(AriaRole.Link, new() { Name = "Get it on Google Play" })).ToBeVisibleAsync();
        await Expect(th.GetByRole(AriaRole.Img, new() { Name = "คิวอาร์โค้ดสำหรับดาวน์โหลดแอปจันทรา" })).ToBeVisibleAsync();

        await Expect(th.Locator(".n")).ToHaveTextAsync(ThaiLive, Slow);
        await Expect(en.Locator(".n")).ToHaveTextAsync(EnglishLive, Slow);
        await Expect(th.Locator(".k h3")).ToHaveTextAsync("ความเคลื่อนไหวร่างกฎหมายล่าสุด");
        await Expect(th.Locator(".k li").First).ToContainTextAsync("ปรับปรุง", new() { Timeout = 30_000 });
        await Expect(en.Locator(".k h3")).ToHaveTextAsync("Latest bill changes");
        await Expect(en.Locator(".k li").First).ToContainTextAsync("Updated", new() { Timeout = 30_000 });
        await Expect(en.Locator(".k li span[lang=th]").First).Not.ToBeEmptyAsync(); // Thai titles keep lang="th" in the English widget

        // The iframe variant, for sites that allow no scripts.
        var frame = page.FrameLocator("iframe");
        await Expect(frame.Locator("section h2")).ToHaveTextAsync("จันทรา แอปของวุฒิสภา", Slow);
        await Expect(frame.Locator(".n")).ToHaveTextAsync(ThaiLive, Slow);
        await Expect(frame.Locator(".k h3")).ToHaveTextAsync("ความเคลื่อนไหวร่างกฎหมายล่าสุด: กระทรวงสาธารณสุข", Slow);
        await Expect(frame.Locator(".k")).ToHaveTextAsync(new Regex("ปรับปรุง|ยังไม่มีร่างกฎหมาย"), Slow);

        // Keyboard: the store links take focus.
        await th.GetByRole(AriaRole.Link, new() { Name = "ดาวน์โหลดบน App Store" }).FocusAsync();
        await Expect(th.GetByRole(AriaRole.Link, new() { Name = "ดาวน์โหลดบน App Store" })).ToBeFocusedAsync();

        await page.ScreenshotAsync(new() { Path = DocsPath("widget-1280.png"), FullPage = true });
        await page.SetViewportSizeAsync(360, 800);
        await page.ScreenshotAsync(new() { Path = DocsPath("widget-360.png"), FullPage = true });

        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || m.StartsWith("page error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Axe_finds_no_serious_or_critical_violation()
    {
        await DataReadyAsync();
        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.GotoAsync(new Uri(host.BaseUri, "/dev/widget").ToString());
        await Expect(page.Locator("#th .n")).ToHaveTextAsync(ThaiLive, Slow);
        await Expect(page.Locator("#en .n")).ToHaveTextAsync(EnglishLive, Slow);

        var results = await page.RunAxe();

        var bad = results.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id} ({v.Impact}): {v.Help}").ToList();
        Assert.True(bad.Count == 0, string.Join("\n", bad));
    }

    [Fact]
    public async Task With_the_API_down_the_banner_shows_and_says_live_data_is_unavailable()
    {
        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 360, Height = 800 } });
        // The widget's own files still load (a CDN or cache would serve them); its data requests fail.
        await page.RouteAsync("**/api/v1/**", r =>
            r.Request.Url.Contains("/api/v1/widget/", StringComparison.Ordinal) ? r.ContinueAsync() : r.AbortAsync());

        await page.GotoAsync(new Uri(host.BaseUri, "/dev/widget").ToString());

        var th = page.Locator("#th section");
        var en = page.Locator("#en section");
        await Expect(th.Locator("h2")).ToHaveTextAsync("จันทรา แอปของวุฒิสภา");
        await Expect(en.GetByRole(AriaRole.Link, new() { Name = "Download on the App Store" })).ToBeVisibleAsync();
        await Expect(th.Locator(".n .u")).ToHaveTextAsync("ขณะนี้ไม่สามารถแสดงข้อมูลสดได้", Slow);
        await Expect(en.Locator(".n")).ToHaveTextAsync(new Regex("Live data is unavailable"), Slow);
        await Expect(en.Locator(".k")).ToHaveTextAsync(new Regex("Live data is unavailable"), Slow);
    }

    [Fact]
    public async Task Without_constructable_stylesheets_the_widget_still_shows_its_text_and_the_iframe_is_styled()
    {
        await DataReadyAsync();
        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        // What Safari before 16.4 lacks: adoptable stylesheets (in every frame, the iframe's too).
        await page.AddInitScriptAsync("delete ShadowRoot.prototype.adoptedStyleSheets; delete Document.prototype.adoptedStyleSheets; delete CSSStyleSheet.prototype.replaceSync;");
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        await page.GotoAsync(new Uri(host.BaseUri, "/dev/widget").ToString());

        Assert.False(await page.EvaluateAsync<bool>("'adoptedStyleSheets' in ShadowRoot.prototype"));
        // The script-tag widget on a host with a strict style-src (the demo page's allows no style): its text, readable.
        var th = page.Locator("#th section");
        await Expect(th.Locator("h2")).ToHaveTextAsync("จันทรา แอปของวุฒิสภา");
        await Expect(th.Locator(".n")).ToHaveTextAsync(ThaiLive, Slow);
        await Expect(th.GetByRole(AriaRole.Link, new() { Name = "ดาวน์โหลดบน App Store" })).ToBeVisibleAsync();
        // The iframe allows its stylesheet by hash: styled as in any browser (the banner's navy).
        var banner = page.FrameLocator("iframe").Locator(".b");
        await Expect(banner.Locator("h2")).ToHaveTextAsync("จันทรา แอปของวุฒิสภา", Slow);
        Assert.Equal("rgb(26, 43, 95)", await banner.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        Assert.Empty(errors);
    }

    /// <summary>Waits until the replay has a sitting (in session or next) and bills, so the page has something to show.</summary>
    private async Task DataReadyAsync()
    {
        await host.PollAsync("/api/v1/meetings/live", json => json["items"]!.AsArray().Count > 0 || json["next"] is not null);
        await host.PollAsync("/api/v1/bills?pageSize=5", json => json["items"]!.AsArray().Count > 0);
    }

    private static async Task<Browser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        return new Browser(playwright, browser);
    }

    private static string DocsPath(string name)
    {
        var root = AzuriteProcess.FindRepositoryRoot() ?? throw new InvalidOperationException("Repository root not found.");
        Directory.CreateDirectory(Path.Combine(root, "docs"));
        return Path.Combine(root, "docs", name);
    }

    /// <summary>Playwright and its browser, closed together.</summary>
    private sealed class Browser(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public Task<IPage> NewPageAsync(BrowserNewPageOptions options) => browser.NewPageAsync(options);

        public async ValueTask DisposeAsync()
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }
}
