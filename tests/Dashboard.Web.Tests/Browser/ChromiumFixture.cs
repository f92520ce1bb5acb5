using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// Debian's chromium driven by Playwright. Playwright's own browser download cannot run on offline
/// nodes, so the browser comes from the distribution (the README's test command installs it).
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";
    /// <summary>A name of a foreign site that resolves to 127.0.0.1 in this browser (a DNS rebinding attacker's, for one).</summary>
    public const string ForeignHost = "evil.test";
    /// <summary>A name an operator would give the dashboard (an ingress, a node's DNS name); also 127.0.0.1 here.</summary>
    public const string DashboardHost = "dashboard.test";
    private IPlaywright? _playwright;
    public IBrowser? Browser { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath)) return;
        // Reads of a busy node and a 2-core CI machine shared with other builds: allow more than 5 s.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                   $"--host-resolver-rules=MAP {ForeignHost} 127.0.0.1,MAP {DashboardHost} 127.0.0.1"],
        });
    }

    /// <summary>A fresh page at 1280×800, the size the dashboard must be readable at.</summary>
    public async Task<IPage> NewPageAsync()
    {
        if (Browser is null) Assert.Skip($"{ExecutablePath} is not installed (apt-get install -y chromium)");
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "browser";
}
