using Dashboard.TestSupport;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Dashboard.Vm.Tests.Harness;
using Microsoft.Playwright;

namespace Dashboard.Vm.Tests.Web;

/// <summary>
/// The remediation click path on a real VRF (issue 4): the published dashboard runs inside the VRF
/// guest next to the containernetworking/plugins#1253 pod namespace; chromium on the host reaches it
/// through QEMU's port forward, signs in as operator, clicks "Move to VRF" and confirms; then the
/// guest's kernel is asked what table 1001 holds. One boot.
/// </summary>
public sealed class VmMoveToVrfTests
{
    private const string Namespace = "rdt-vm-ui";
    // Everything in the guest runs under TCG emulation: a page action can take many seconds.
    // The dashboard runs in a TCG guest: serving its scripts and a circuit's first read can take minutes
    // on a loaded host.
    private static readonly TimeSpan UiTimeout = TimeSpan.FromSeconds(180);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Move_to_VRF_in_the_browser_puts_the_default_via_net1_into_table_1001()
    {
        await SkipUnlessAvailableAsync();
        var web = await PublishedWebApp.DirectoryAsync(Ct);
        var token = "vm-operator-" + Guid.NewGuid().ToString("N");
        var hostPort = FreePort();
        var baseUrl = $"http://127.0.0.1:{hostPort}";

        await using var vm = VmRunner.Start([GuestScenario.FromFile("web-move-to-vrf.sh")], new VmRunOptions
        {
            Environment = new Dictionary<string, string> { ["ROUTEDASH_WEB"] = web, ["ROUTEDASH_UI_TOKEN"] = token },
            // The guest's tmpfs hides the host's /tmp and /run: a clone there must be shared explicitly.
            Shares = VmRunOptions.SharesFor(web),
            Forwards = [(hostPort, 8080)],
            ScenarioTimeout = TimeSpan.FromMinutes(12),
            Timeout = TimeSpan.FromMinutes(15),
        });
        string? auditSeen = null;
        try
        {
            await WaitUntilServingAsync(vm, baseUrl, TimeSpan.FromMinutes(8));
            await using var chromium = await HostChromium.LaunchAsync();
            var page = await chromium.NewPageAsync(UiTimeout);
            Assertions.SetDefaultExpectTimeout((float)UiTimeout.TotalMilliseconds);

            await page.GotoAsync($"{baseUrl}/account/signin?returnUrl={Uri.EscapeDataString($"/ns/{Namespace}")}");
            await page.Locator("#token").FillAsync(token);
            await page.Locator("form[action='/auth/signin'] button[type=submit]").ClickAsync();
            // The redirect is what matters here; the page's own elements are awaited below.
            await page.WaitForURLAsync($"{baseUrl}/ns/{Namespace}", new() { WaitUntil = WaitUntilState.Commit });
            await page.InteractiveAsync((float)UiTimeout.TotalMilliseconds);
            await Assertions.Expect(page.Locator("[data-testid=role]")).ToHaveTextAsync("operator");

            // The real reader and analyzer on a real VRF: net1's path of the default in main is the offending one.
            var offending = page.Locator("tr[data-testid=nexthop-row][data-offending=true]");
            await Assertions.Expect(offending).ToContainTextAsync("net1");
            await Assertions.Expect(page.Locator("[data-testid=interface-row][data-name=net1]")).ToContainTextAsync("vrf1001");
            await page.WaitForTimeoutAsync(500);
            await page.ScreenshotAsync(new() { Path = ScreenshotPath("vm-namespace.png") });

            await page.Locator("[data-testid=move-to-vrf]").ClickAsync();
            var dialog = page.Locator(".mud-dialog");
            await Assertions.Expect(dialog.Locator("[data-testid=plan-commands]"))
                .ToContainTextAsync("ip -6 route add default via 2001:db8:1::1 dev net1 table 1001 metric 1024");
            await Assertions.Expect(dialog.Locator("[data-testid=confirm-migration]")).ToBeEnabledAsync();
            await dialog.Locator("[data-testid=confirm-migration]").ClickAsync();
            await Assertions.Expect(dialog.Locator("[data-testid=result-outcome]")).ToContainTextAsync("applied and verified");
            await page.WaitForTimeoutAsync(500);
            await page.ScreenshotAsync(new() { Path = ScreenshotPath("vm-move-to-vrf.png") });

            // The page follows without a reload: no finding left, no multipath default in main.
            await dialog.Locator("[data-testid=close-migration]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=finding]")).ToHaveCountAsync(0);
            await Assertions.Expect(offending).ToHaveCountAsync(0);

            using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = UiTimeout };
            auditSeen = await http.GetStringAsync("/api/audit", Ct);
        }
        finally
        {
            vm.Signal("release");
        }

        var run = await vm.WaitAsync(Ct);
        var result = run.Scenario("web-move-to-vrf");
        result.EnsureSucceeded();
        Assert.Equal("table 1001 has the default via net1", result.ReadFile("verdict").Trim());

        var vrfDefault = Assert.Single(IpJson.Routes(result.ReadJson("1001-after.json")), r => r.Dst == "default");
        Assert.Equal(new IpHop("2001:db8:1::1", "net1", 1), Assert.Single(vrfDefault.Hops) with { Weight = 1 });
        var mainDefault = Assert.Single(IpJson.Routes(result.ReadJson("main-after.json")), r => r.Dst == "default");
        Assert.Equal("eth0", Assert.Single(mainDefault.Hops).Device);

        // The audit trail, as the API served it and as the guest's disk holds it.
        var items = JsonDocument.Parse(auditSeen!).RootElement.GetProperty("items").EnumerateArray().ToArray();
        var record = Assert.Single(items);
        Assert.Equal(("operator", "applied", Namespace), (record.GetProperty("who").GetString(), record.GetProperty("outcome").GetString(), record.GetProperty("namespaceId").GetString()));
        Assert.Contains("\"outcome\":\"applied\"", result.ReadFile("audit.jsonl"));
        run.DeleteWorkDirectory();
    }

    private static async Task SkipUnlessAvailableAsync()
    {
        var why = await VmRunner.WhyUnavailableAsync();
        if (why is null && !File.Exists(HostChromium.ExecutablePath))
            why = $"{HostChromium.ExecutablePath} is not installed (apt-get install -y chromium)";
        if (why is null) return;
        if (VmRunner.Required) Assert.Fail($"{why} (required here: CI=true or RDVM_REQUIRE=1)");
        Assert.Skip(why);
    }

    /// <summary>Polls /healthz through the forward; gives up early when the guest's scenario has ended.</summary>
    private static async Task WaitUntilServingAsync(RunningVm vm, string baseUrl, TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var ended = Path.Combine(vm.IoDirectory, "results", "web-move-to-vrf", "exit_code");
        var deadline = DateTime.UtcNow + limit;
        string last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(ended)) Assert.Fail($"the guest scenario ended before the dashboard answered: {(await vm.WaitAsync(Ct)).Scenario("web-move-to-vrf").Describe()}");
            try
            {
                using var r = await http.GetAsync($"{baseUrl}/healthz", Ct);
                if (r.StatusCode == HttpStatusCode.OK) return;
                last = $"HTTP {(int)r.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { last = e.Message; }
            await Task.Delay(1000, Ct);
        }
        Assert.Fail($"the dashboard in the guest did not answer on {baseUrl} within {limit} ({last})");
    }

    private static string ScreenshotPath(string name)
    {
        var dir = Path.Combine(RepositoryRoot.Path, "docs", "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
