using System.Net;
using System.Net.Sockets;
using Dashboard.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// The real app (its Program, its services) listening on a real socket on 127.0.0.1, so a real browser
/// can open it. <paramref name="configureServices"/> may replace backend services (screenshot tests do).
/// Configured as a node with an operator: a token file and an audit directory of its own
/// (<see cref="Node"/>); <paramref name="settings"/> override any of it.
/// </summary>
public sealed class DashboardApp(Action<IServiceCollection>? configureServices = null, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public OperatorSetup Node { get; } = new();
    public int Port { get; } = FreePort();
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public DashboardApp Start()
    {
        // Where Kestrel listens is the app's own Dashboard:ListenAddress (set below): no second
        // endpoint here, or the app would also bind its default 127.0.0.1:5080 and collide with others.
        UseKestrel();
        StartServer();
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Dashboard:ListenAddress", $"127.0.0.1:{Port}");
        foreach (var (key, value) in Node.Settings())
            builder.UseSetting(key, value);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        if (configureServices is not null) builder.ConfigureTestServices(configureServices);
    }

    /// <summary>Signs <paramref name="page"/>'s browser in through the real sign-in page, as an operator would.</summary>
    public async Task SignInAsync(IPage page, string returnUrl = "/")
    {
        await page.GotoAsync($"{BaseUrl}/account/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.Locator("#token").FillAsync(OperatorSetup.OperatorToken);
        await page.Locator("form[action='/auth/signin'] button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(BaseUrl + returnUrl);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Node.Dispose();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
