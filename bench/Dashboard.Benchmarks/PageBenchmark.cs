using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Dashboard.Benchmarks;

/// <summary>
/// The namespace page of a namespace with 200,000 routes, all tables shown (?table=all), in Debian's
/// chromium against the real dashboard process. Measures the time from navigation to the first rendered
/// route rows: the first open after the dashboard started, later opens each in a fresh browser profile
/// (every asset fetched again), and later opens in one browser (its cache holds the fingerprinted
/// assets, as an operator's does), with the browser's own server-response and first-paint times. Then
/// the server's memory per open circuit: working set and GC heap (from its own /metrics) with no page
/// open, then with N pages of that namespace open.
/// </summary>
public static partial class PageBenchmark
{
    private const string Chromium = "/usr/bin/chromium";

    public static int Run(string[] args)
    {
        int routes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        int opens = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        int circuits = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        if (DashboardProcess.FindWebDll() is not { } web) return 1;
        if (!File.Exists(Chromium)) { Console.Error.WriteLine($"{Chromium} is missing (apt-get install -y chromium)"); return 1; }
        string ns = $"rdt-page-{Environment.ProcessId}";
        try
        {
            InspectBenchmark.Build(ns, routes);
            using var server = DashboardProcess.Start(web);
            return MeasureAsync(server, ns, routes, opens, circuits).GetAwaiter().GetResult();
        }
        finally
        {
            Measure.Sh($"ip netns del {ns} 2>/dev/null || true");
        }
    }

    private static async Task<int> MeasureAsync(DashboardProcess server, string ns, int routes, int opens, int circuits)
    {
        string baseUrl = server.BaseUrl;
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        await server.WaitReadyAsync(http);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });

        // A circuit holds its page's state on the server: warm the process up (JIT, first read) first.
        var idle = await MemoryAsync(http, server);
        // The operator's browser is running already: its own start (first renderer, fonts) is not the dashboard's.
        await using (var warm = await NewContextAsync(browser))
            await (await warm.NewPageAsync()).SetContentAsync("<p>browser ready</p>");
        // A fresh browser profile per open: nothing cached, every style sheet and script fetched again.
        var fresh = new List<Open>();
        for (int i = 0; i <= opens; i++)
        {
            await using var context = await NewContextAsync(browser);
            fresh.Add(await OpenAsync(await context.NewPageAsync(), baseUrl, ns));
        }
        // One browser, as an operator reopens the page: the fingerprinted assets come from its cache.
        var cached = new List<Open>();
        await using (var context = await NewContextAsync(browser))
        {
            await OpenAsync(await context.NewPageAsync(), baseUrl, ns);
            for (int i = 0; i < opens; i++)
            {
                var page = await context.NewPageAsync();
                cached.Add(await OpenAsync(page, baseUrl, ns));
                await page.CloseAsync();
            }
        }
        await Task.Delay(3000); // let the closed circuits go (they are disposed when the socket closes)
        var baseline = await MemoryAsync(http, server);

        var contexts = new List<IBrowserContext>();
        for (int i = 0; i < circuits; i++)
        {
            var context = await NewContextAsync(browser);
            contexts.Add(context);
            await OpenAsync(await context.NewPageAsync(), baseUrl, ns);
        }
        await Task.Delay(3000);
        var open = await MemoryAsync(http, server);
        foreach (var c in contexts) await c.DisposeAsync();

        var later = fresh.Skip(1).ToList();
        Console.WriteLine($"namespace: {routes:N0} generated IPv4 routes over tables main, 100, 1001, 70000, opened at /ns/NAME?table=all; page counter: \"{fresh[0].Counter}\"");
        Console.WriteLine("| open of the page (all tables) | navigation → first route rows rendered | server response (TTFB) | first contentful paint |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| first open after start (fresh browser) | {fresh[0].Seconds:F2} s | {fresh[0].TtfbMs:F0} ms | {fresh[0].FcpMs:F0} ms |");
        Console.WriteLine(Row($"later opens, fresh browser each (nothing cached; median of {opens})", later));
        Console.WriteLine(Row($"later opens, same browser (assets cached; median of {opens})", cached));
        Console.WriteLine();
        Console.WriteLine("| server memory | working set / GC heap |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| before any page | {idle.WorkingSetMiB:F0} MiB / {idle.HeapMiB:F0} MiB |");
        Console.WriteLine($"| after those pages closed | {baseline.WorkingSetMiB:F0} MiB / {baseline.HeapMiB:F0} MiB |");
        Console.WriteLine($"| with {circuits} pages of the namespace open | {open.WorkingSetMiB:F0} MiB / {open.HeapMiB:F0} MiB |");
        Console.WriteLine($"| per open circuit (delta / {circuits}) | {(open.WorkingSetMiB - baseline.WorkingSetMiB) / circuits:F1} MiB working set, {(open.HeapMiB - baseline.HeapMiB) / circuits:F1} MiB GC heap |");
        return 0;
    }

    private static string Row(string what, List<Open> opens) =>
        $"| {what} | {Measure.Median(opens.Select(o => o.Seconds)):F2} s (min {opens.Min(o => o.Seconds):F2}, max {opens.Max(o => o.Seconds):F2}) | " +
        $"{Measure.Median(opens.Select(o => o.TtfbMs)):F0} ms | {Measure.Median(opens.Select(o => o.FcpMs).Where(ms => ms >= 0)):F0} ms |";

    private static Task<IBrowserContext> NewContextAsync(IBrowser browser) =>
        browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });

    /// <summary>One open: seconds from navigation to the first route row in the DOM and visible, the browser's own timings, the row counter.</summary>
    private sealed record Open(double Seconds, double TtfbMs, double FcpMs, string? Counter);

    private static async Task<Open> OpenAsync(IPage page, string baseUrl, string ns)
    {
        page.SetDefaultTimeout(120_000);
        var sw = Stopwatch.StartNew();
        await page.GotoAsync($"{baseUrl}/ns/{ns}?table=all", new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("tr[data-testid=route-row]").First.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        sw.Stop();
        var counter = await page.Locator("[data-testid=route-count]").TextContentAsync();
        // The browser's navigation timing: when the server's first byte came, and when the first content was painted.
        var timing = await page.EvaluateAsync<double[]>(@"() => [
            performance.getEntriesByType('navigation')[0].responseStart,
            performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1]");
        return new Open(sw.Elapsed.TotalSeconds, timing[0], timing[1], counter?.Trim());
    }

    private sealed record Memory(double WorkingSetMiB, double HeapMiB);

    /// <summary>The process's working set from /proc and its GC heap as its own /metrics reports it, lowest of 3 samples.</summary>
    private static async Task<Memory> MemoryAsync(HttpClient http, DashboardProcess server)
    {
        double ws = double.MaxValue, heap = double.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            var status = await File.ReadAllTextAsync($"/proc/{server.Pid}/status");
            var rss = long.Parse(RssLine().Match(status).Groups[1].Value, CultureInfo.InvariantCulture);
            ws = Math.Min(ws, rss / 1024.0);
            var metrics = await http.GetStringAsync("/metrics");
            var m = HeapLine().Match(metrics);
            if (m.Success) heap = Math.Min(heap, double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) / (1024 * 1024));
            await Task.Delay(1000);
        }
        return new Memory(ws, heap == double.MaxValue ? double.NaN : heap);
    }

    [GeneratedRegex(@"^VmRSS:\s+(\d+) kB", RegexOptions.Multiline)]
    private static partial Regex RssLine();

    [GeneratedRegex(@"^dotnet_total_memory_bytes (\S+)$", RegexOptions.Multiline)]
    private static partial Regex HeapLine();
}
