using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Dashboard.Benchmarks;

/// <summary>
/// Issue 4's bar: the namespace page of a namespace with 200,000 routes, in Debian's chromium against
/// the real dashboard process. Measures the time from navigation to the first rendered route rows
/// (first open, then repeated opens), and the server's memory per open circuit: working set and GC
/// heap (from its own /metrics) with no page open, then with N pages of that namespace open.
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
        var times = new List<double>();
        string? shown = null;
        for (int i = 0; i <= opens; i++)
        {
            await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
            var page = await context.NewPageAsync();
            var (seconds, counter) = await OpenAsync(page, baseUrl, ns);
            times.Add(seconds);
            shown ??= counter;
            await page.CloseAsync();
        }
        await Task.Delay(3000); // let the closed circuits go (they are disposed when the socket closes)
        var baseline = await MemoryAsync(http, server);

        var contexts = new List<IBrowserContext>();
        for (int i = 0; i < circuits; i++)
        {
            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
            contexts.Add(context);
            await OpenAsync(await context.NewPageAsync(), baseUrl, ns);
        }
        await Task.Delay(3000);
        var open = await MemoryAsync(http, server);
        foreach (var c in contexts) await c.DisposeAsync();

        double first = times[0];
        double warm = Measure.Median(times.Skip(1));
        Console.WriteLine($"namespace: {routes:N0} generated IPv4 routes over tables main, 100, 1001, 70000; page counter: \"{shown}\"");
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| first open after start: navigation → first route rows rendered | {first:F2} s |");
        Console.WriteLine($"| later opens (median of {opens}) | {warm:F2} s (min {times.Skip(1).Min():F2}, max {times.Skip(1).Max():F2}) |");
        Console.WriteLine($"| server before any page (working set / GC heap) | {idle.WorkingSetMiB:F0} MiB / {idle.HeapMiB:F0} MiB |");
        Console.WriteLine($"| server after those pages closed | {baseline.WorkingSetMiB:F0} MiB / {baseline.HeapMiB:F0} MiB |");
        Console.WriteLine($"| server with {circuits} pages of the namespace open | {open.WorkingSetMiB:F0} MiB / {open.HeapMiB:F0} MiB |");
        Console.WriteLine($"| per open circuit (delta / {circuits}) | {(open.WorkingSetMiB - baseline.WorkingSetMiB) / circuits:F1} MiB working set, {(open.HeapMiB - baseline.HeapMiB) / circuits:F1} MiB GC heap |");
        return 0;
    }

    /// <summary>Seconds from navigation start to the first route row in the DOM and visible, and the page's row counter.</summary>
    private static async Task<(double Seconds, string? Counter)> OpenAsync(IPage page, string baseUrl, string ns)
    {
        page.SetDefaultTimeout(120_000);
        var sw = Stopwatch.StartNew();
        await page.GotoAsync($"{baseUrl}/ns/{ns}", new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("tr[data-testid=route-row]").First.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        sw.Stop();
        var counter = await page.Locator("text=/of [0-9,]+ routes/").First.TextContentAsync();
        return (sw.Elapsed.TotalSeconds, counter?.Trim());
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
