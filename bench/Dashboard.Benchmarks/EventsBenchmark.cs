using System.Diagnostics;
using System.Net;
using Dashboard.Server.Contracts;
using Dashboard.Server.Events;
using Dashboard.Web.Api;
using Dashboard.Server.Netlink;
using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Benchmarks;

/// <summary>
/// events [seconds] [batch] [rate]: a generator adds and deletes routes in a fresh namespace, as fast as
/// it can and then paced at <c>rate</c> changes/s (the target, 50,000 by default); the live stream and its
/// hub (in process, on 127.0.0.1) follow, and a real SignalR client measures the time from each change's
/// send to its arrival, once with Notices batches and once with one call per notice. Then `ip -batch`
/// as the generator. A 10-second unprinted run first, so that no row pays for JIT compilation.
/// </summary>
public static class EventsBenchmark
{
    public static int Run(string[] args)
    {
        int seconds = args.Length > 0 ? int.Parse(args[0]) : 10;
        int batch = args.Length > 1 ? int.Parse(args[1]) : 64;
        int rate = args.Length > 2 ? int.Parse(args[2]) : 50_000;
        var name = $"rdt-bench-ev-{Environment.ProcessId}";
        Measure.VethNamespace(name, "10.255.0.2/16");
        try
        {
            // The dashboard runs with server GC (Microsoft.NET.Sdk.Web's default); DOTNET_gcServer=1 gives this process the same.
            var gc = System.Runtime.GCSettings.IsServerGC ? "server GC, as the dashboard" : "workstation GC (the dashboard uses server GC: DOTNET_gcServer=1)";
            Console.WriteLine($"Live streaming benchmark: {Environment.ProcessorCount} cores, {gc}, {seconds} s per generator, namespace {name}");
            Console.WriteLine();
            Console.WriteLine("| generator | changes/s sent | kernel events/s handled | hub notices/s received | p50 change→client | p99 change→client | process CPU per 1,000 notices | overruns / resyncs | peak RSS | final model = kernel |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
            RunOne(name, 10, null, true, (ns, stop, sent) => NetlinkGenerator(ns, stop, sent, batch, 0)).GetAwaiter().GetResult();
            foreach (var pace in new[] { 0, rate })
                foreach (var batches in new[] { true, false })
                {
                    var label = $"netlink, {batch} requests per send, {(pace == 0 ? "as fast as it can" : $"paced at {pace:N0}/s")}; " +
                                (batches ? "Notices batches" : "one call per notice");
                    RunOne(name, seconds, label, batches, (ns, stop, sent) => NetlinkGenerator(ns, stop, sent, batch, pace)).GetAwaiter().GetResult();
                }
            RunOne(name, seconds, "ip -batch; Notices batches", true, (ns, stop, _) => IpBatchGenerator(ns, stop)).GetAwaiter().GetResult();
            return 0;
        }
        finally { Measure.Sh($"ip netns del {name}"); }
    }

    private delegate long Generator(NetNamespace ns, CancellationToken stop, long[] sentAt);

    // Route i is 10.(i / 65536 % 256 + 1).(i / 256 % 256).(i % 256)/32 in table 100; i is read back from the dst.
    private const int Window = 4096; // routes alive at a time: each is deleted Window changes after it was added

    /// <param name="label">The row's first cell; null runs without printing (the warm-up).</param>
    private static async Task RunOne(string nsName, int seconds, string? label, bool batches, Generator generator)
    {
        var ns = new NamespaceResolver().ByName(nsName);
        Measure.Sh($"ip -n {nsName} route flush table 100 2>/dev/null || true"); // table 100 does not exist before the first run
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Services.AddDashboardHubs(new EventsOptions { OnlyNamespaces = [nsName], ClientQueueCapacity = 200_000 });
        await using var app = builder.Build();
        app.MapDashboardHubs();
        await app.StartAsync();
        var stream = app.Services.GetRequiredService<LiveStream>();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hubs/routes";
        while (!await stream.IsSettledAsync() || stream.Watched.Count == 0) await Task.Delay(50);

        const int capacity = 1 << 24;
        var sentAt = new long[capacity]; // adds at 2i, deletes at 2i+1
        var latencies = new List<double>(1 << 20);
        long received = 0;
        var gate = new object();
        await using var client = new HubConnectionBuilder().WithUrl(url).AddMessagePackProtocol().Build();
        void Record(RouteEventDto e, int slot, long now)
        {
            Interlocked.Increment(ref received);
            if (e.Route is null || !IPAddress.TryParse(e.Route.Dst.Split('/')[0], out var ip) || e.Route.Table != 100) return;
            var b = ip.GetAddressBytes();
            long i = ((long)(b[1] - 1) << 16) | ((long)b[2] << 8) | b[3];
            long idx = 2 * i + slot;
            if (idx >= capacity) return;
            long sent = Volatile.Read(ref sentAt[idx]);
            if (sent == 0) return;
            lock (gate) latencies.Add(Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds);
        }
        void RecordAny(RouteEventDto e, long now)
        {
            if (e.Kind == "RouteAdded") Record(e, 0, now);
            else if (e.Kind == "RouteRemoved") Record(e, 1, now);
            else Interlocked.Increment(ref received);
        }
        client.On<RouteEventDto[]>("Notices", list =>
        {
            long now = Stopwatch.GetTimestamp();
            foreach (var e in list) RecordAny(e, now);
        });
        foreach (var kind in new[] { "RouteAdded", "RouteRemoved", "RouteChanged", "LinkChanged", "AddressChanged", "FindingOpened", "FindingResolved", "Resynced" })
            client.On<RouteEventDto>(kind, e => RecordAny(e, Stopwatch.GetTimestamp()));
        await client.StartAsync();
        if (batches) await client.InvokeAsync("ReceiveBatches");
        await client.InvokeAsync("Subscribe", nsName);

        var counters = stream.Counters;
        long kernelBefore = counters.KernelMessages;
        using var process = Process.GetCurrentProcess();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long changes = await Task.Run(() => generator(ns, stop.Token, sentAt));
        double genSeconds = clock.Elapsed.TotalSeconds;
        // Let the stream and the client catch up before judging.
        var settleStart = Stopwatch.StartNew();
        long lastKernel = -1;
        while (settleStart.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(250);
            long k = counters.KernelMessages;
            if (k == lastKernel && await stream.IsSettledAsync()) break;
            lastKernel = k;
        }
        double handledSeconds = clock.Elapsed.TotalSeconds - 0.25; // the last quiet poll is not work
        long kernel = counters.KernelMessages - kernelBefore;
        process.Refresh();
        // Generator, kernel work on its behalf, event loop, hub and client: the same generator in every row.
        var cpu = process.TotalProcessorTime - cpuBefore;
        await Task.Delay(500);

        var model = (await stream.ViewAsync(nsName))?.Snapshot;
        var fresh = KernelNetlink.Instance.Read(ns);
        bool equal = model is not null && SameRoutes(model.Routes, fresh.Routes);
        int ipCount = IpRouteCount(nsName);
        double[] sorted;
        lock (gate) sorted = latencies.Order().ToArray();
        string P(double q) => sorted.Length == 0 ? "n/a" : $"{sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))]:F1} ms";
        process.Refresh();
        if (label is not null)
        {
            Console.WriteLine($"| {label} | {changes / genSeconds:N0} | {kernel / Math.Max(genSeconds, handledSeconds):N0} | {Interlocked.Read(ref received) / Math.Max(genSeconds, handledSeconds):N0} | " +
                $"{P(0.50)} | {P(0.99)} | {cpu.TotalMilliseconds * 1000 / Math.Max(1, kernel):F1} ms | {counters.Overruns} / {counters.Resyncs} | {process.PeakWorkingSet64 / (1 << 20)} MiB | " +
                $"{(equal && model!.Routes.Count == ipCount ? "yes" : "NO")} ({model?.Routes.Count} routes; ip -j {ipCount}) |");
            Console.Error.WriteLine($"  {label}: {changes:N0} changes in {genSeconds:F1} s, {sorted.Length:N0} latencies, {counters}");
        }
        await client.StopAsync();
        await app.StopAsync();
    }

    private static bool SameRoutes(IReadOnlyList<Route> a, IReadOnlyList<Route> b)
    {
        if (a.Count != b.Count) return false;
        var counts = new Dictionary<Route, int>(RouteComparer.Instance);
        foreach (var r in a) counts[r] = counts.GetValueOrDefault(r) + 1;
        foreach (var r in b)
        {
            if (!counts.TryGetValue(r, out var n) || n == 0) return false;
            counts[r] = n - 1;
        }
        return true;
    }

    private static int IpRouteCount(string ns)
    {
        int total = 0;
        foreach (var fam in new[] { "-4", "-6" })
        {
            var psi = new ProcessStartInfo("ip", ["-n", ns, fam, "-j", "route", "show", "table", "all"]) { RedirectStandardOutput = true };
            using var p = Process.Start(psi)!;
            var json = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            total += System.Text.Json.JsonDocument.Parse(json).RootElement.GetArrayLength();
        }
        return total;
    }

    /// <summary>
    /// Adds route i and deletes route i - Window, <paramref name="batch"/> requests per sendmsg, acks read
    /// in bulk; with a <paramref name="rate"/> (changes/s, 0: none) it waits before a send that would run ahead.
    /// </summary>
    private static long NetlinkGenerator(NetNamespace ns, CancellationToken stop, long[] sentAt, int batch, int rate)
    {
        using var handle = NetlinkHandle.Open(ns);
        var socket = handle.Socket;
        var eth0 = handle.Read().LinkByName("eth0")!.Index;
        long i = 0, changes = 0;
        var buffer = new List<byte>(batch * 128);
        uint seq = 1;
        long start = Stopwatch.GetTimestamp();
        while (!stop.IsCancellationRequested && 2 * i + 1 < sentAt.Length)
        {
            // Sleeping, not spinning: a spinning generator would take a core from what is measured.
            while (rate > 0 && Stopwatch.GetElapsedTime(start).TotalSeconds * rate < changes && !stop.IsCancellationRequested)
                Thread.Sleep(1);
            buffer.Clear();
            var pending = new List<long>(batch);
            for (int k = 0; k < batch; k += 2, i++)
            {
                buffer.AddRange(RouteEncoder.Encode(RouteChange.Add, Host(i, eth0)).Build(seq++));
                pending.Add(2 * i);
                if (i >= Window)
                {
                    buffer.AddRange(RouteEncoder.Encode(RouteChange.Delete, Host(i - Window, eth0)).Build(seq++));
                    pending.Add(2 * (i - Window) + 1);
                }
            }
            long now = Stopwatch.GetTimestamp();
            foreach (var idx in pending) Volatile.Write(ref sentAt[idx], now);
            socket.SendRaw(buffer.ToArray());
            socket.DrainAcks(pending.Count);
            changes += pending.Count;
        }
        return changes;
    }

    private static Route Host(long i, int eth0) => new()
    {
        Family = IpFamily.Inet,
        Table = 100,
        Dst = IpPrefix.Host(IpAddr.V4((uint)((10 << 24) | ((i / 65536 % 256 + 1) << 16) | (i / 256 % 256 << 8) | (i % 256)))),
        Oif = eth0,
        Scope = RouteScope.Link,
    };

    /// <summary>One `ip -batch` after another for the given time: each adds 20,000 routes and deletes them again.</summary>
    private static long IpBatchGenerator(NetNamespace ns, CancellationToken stop)
    {
        var file = Path.GetTempFileName();
        try
        {
            var lines = new List<string>();
            for (int i = 0; i < 20_000; i++) lines.Add($"route add 10.{i / 65536 + 1}.{i / 256 % 256}.{i % 256}/32 dev eth0 table 100");
            for (int i = 0; i < 20_000; i++) lines.Add($"route del 10.{i / 65536 + 1}.{i / 256 % 256}.{i % 256}/32 dev eth0 table 100");
            File.WriteAllLines(file, lines);
            long changes = 0;
            while (!stop.IsCancellationRequested)
            {
                Measure.Sh($"ip -n {ns.Id} -batch {file}");
                changes += lines.Count;
            }
            return changes;
        }
        finally { File.Delete(file); }
    }
}
