using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Benchmarks;

/// <summary>
/// hub-subscribe [calls=20000]: what one anonymous hub connection costs the dashboard when it floods
/// Subscribe with distinct namespace ids (issue 9, item 6). The real dashboard runs as its own process on
/// 127.0.0.1; one SignalR connection sends the calls pipelined (SendAsync, as a flooding client would),
/// then one invocation that completes after all of them (a connection's calls run in order). Prints the
/// dashboard process's CPU seconds (utime + stime from /proc) and the wall time for the burst, and the
/// same process's CPU while idle for as long just before (its periodic namespace rescans; on a busy
/// shared machine they are not negligible), so the flood's own cost is the difference.
/// </summary>
public static class HubSubscribeBenchmark
{
    public static int Run(string[] args)
    {
        int calls = args.Length > 0 ? int.Parse(args[0]) : 20_000;
        bool sameId = args.Length > 1 && args[1] == "same"; // every call for one namespace: the per-call cost alone
        if (DashboardProcess.FindWebDll() is not { } web) return 1;
        using var server = DashboardProcess.Start(web);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        server.WaitReadyAsync(http).GetAwaiter().GetResult();
        return Flood(server, calls, sameId).GetAwaiter().GetResult();
    }

    private static async Task<int> Flood(DashboardProcess server, int calls, bool sameId)
    {
        await using var hub = new HubConnectionBuilder().WithUrl(server.BaseUrl + "/hubs/routes").Build();
        await hub.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(3)); // the start-up reads settle first
        double idleStart = server.CpuSeconds();
        var idleClock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(10));
        double idlePerSecond = (server.CpuSeconds() - idleStart) / idleClock.Elapsed.TotalSeconds;
        double cpuBefore = server.CpuSeconds();
        var clock = Stopwatch.StartNew();
        int sent = 0;
        try
        {
            for (; sent < calls; sent++) await hub.SendAsync("Subscribe", sameId ? "bench-same" : $"bench-{sent:D6}");
        }
        catch (Exception) { } // the server closed the connection
        string last;
        try { await hub.InvokeAsync("Unsubscribe", "bench-none"); last = "completed"; }
        catch (HubException e) { last = "refused: " + e.Message.Split("HubException: ")[^1]; }
        catch (Exception e) { last = $"failed: {e.GetType().Name}"; }
        clock.Stop();
        double cpu = server.CpuSeconds() - cpuBefore;
        Console.WriteLine($"Hub flood: {calls:N0} Subscribe calls with {(sameId ? "one id" : "distinct ids")} on one connection, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        double idle = idlePerSecond * clock.Elapsed.TotalSeconds;
        Console.WriteLine("| calls sent | dashboard CPU during the flood | idle CPU for as long | flood's own CPU | wall time | connection afterwards | last call |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        Console.WriteLine($"| {sent:N0} | {cpu:F2} s | {idle:F2} s | {cpu - idle:F2} s | {clock.Elapsed.TotalSeconds:F2} s | {hub.State} | {last} |");
        return 0;
    }
}
