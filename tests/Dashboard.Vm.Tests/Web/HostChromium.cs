using Microsoft.Playwright;

namespace Dashboard.Vm.Tests.Web;

/// <summary>
/// Debian's chromium on the host, driven by Playwright (its own browser download cannot run offline),
/// at 1280×800 like the dashboard's other browser tests.
/// </summary>
public sealed class HostChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HostChromium(IPlaywright playwright, IBrowser browser) => (_playwright, _browser) = (playwright, browser);

    public static async Task<HostChromium> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new HostChromium(playwright, browser);
    }

    /// <summary>A page whose actions wait up to <paramref name="timeout"/>: the app runs under TCG emulation.</summary>
    public async Task<IPage> NewPageAsync(TimeSpan timeout)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout((float)timeout.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
