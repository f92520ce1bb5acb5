using System.Net;
using System.Net.Sockets;
using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Routing;
using Dashboard.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// The real app (its Program, its services) listening on a real socket on 127.0.0.1, so a real browser
/// can open it. <paramref name="configureServices"/> may replace backend services (screenshot tests do).
/// Configured as a node with an operator: a token file and an audit directory of its own
/// (<see cref="Node"/>); <paramref name="settings"/> override any of it. <paramref name="environment"/>: the
/// host environment (the test host's default is Development; "Production" is what a node runs).
/// </summary>
public sealed class DashboardApp(Action<IServiceCollection>? configureServices = null, IDictionary<string, string?>? settings = null,
    string? environment = null)
    : WebApplicationFactory<Program>
{
    public OperatorSetup Node { get; } = new();
    public int Port { get; } = FreePort();
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>
    /// The app over a node built in code (<see cref="SampleNode"/>): its kernels are <paramref name="backend"/>,
    /// everything above them is the app's own; <paramref name="more"/> registers anything else.
    /// </summary>
    public static DashboardApp Over(InCodeBackend backend, IDictionary<string, string?>? settings = null, string? environment = null,
        Action<IServiceCollection>? more = null) =>
        new(services =>
        {
            services.UseInCodeBackend(backend);
            more?.Invoke(services);
        }, settings, environment);

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
        if (environment is not null) builder.UseEnvironment(environment);
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
        await page.InteractiveAsync();
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
