using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Benchmarks;

/// <summary>
/// Issue 6's load test: the real dashboard process on 127.0.0.1, 50 concurrent API clients and 20 hub
/// clients for a bounded time while a generator changes routes in a namespace of our own. Reports
/// throughput, p50/p99 latency, errors (target: none), events received and the server's peak memory.
/// </summary>
public static class LoadBenchmark
{
    public static int Run(string[] args)
    {
        int seconds = args.Length > 0 ? int.Parse(args[0]) : 60;
        int apiClients = args.Length > 1 ? int.Parse(args[1]) : 50;
        int hubClients = args.Length > 2 ? int.Parse(args[2]) : 20;
        string ns = $"rdt-load-{Environment.ProcessId}";
        if (DashboardProcess.FindWebDll() is not { } web) return 1;
        try
        {
            Measure.VethNamespace(ns, "10.0.0.2/16");
            using var server = DashboardProcess.Start(web);
            using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
            server.WaitReadyAsync(http).GetAwaiter().GetResult();
            return Load(http, server, ns, seconds, apiClients, hubClients).GetAwaiter().GetResult();
        }
        finally
        {
            Measure.Sh($"ip netns del {ns} 2>/dev/null || true");
        }
    }

    private static async Task<int> Load(HttpClient http, DashboardProcess server, string ns, int seconds, int apiClients, int hubClients)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var latencies = new ConcurrentBag<double>();
        long requests = 0, errors = 0, events = 0, resyncs = 0, peakRssKiB = 0;
        var firstErrors = new ConcurrentQueue<string>();

        var hubs = new List<HubConnection>();
        for (int i = 0; i < hubClients; i++)
        {
            var hub = new HubConnectionBuilder().WithUrl($"{server.BaseUrl}/hubs/routes").Build();
            foreach (var name in (string[])["RouteAdded", "RouteRemoved", "RouteChanged", "LinkChanged", "AddressChanged",
                         "FindingOpened", "FindingResolved", "NamespaceAdded", "NamespaceRemoved"])
                hub.On<System.Text.Json.JsonElement>(name, _ => Interlocked.Increment(ref events));
            hub.On<System.Text.Json.JsonElement>("Resynced", _ => Interlocked.Increment(ref resyncs));
            await hub.StartAsync();
            if (i % 2 == 0) await hub.InvokeAsync("SubscribeAll");
            else await hub.InvokeAsync("Subscribe", ns);
            hubs.Add(hub);
        }

        // The generator: adds and deletes routes in batches for the whole run, bounded by the same clock.
        var generator = Task.Run(() =>
        {
            int round = 0;
            while (!stop.IsCancellationRequested)
            {
                var verb = round % 2 == 0 ? "add" : "del";
                var file = Path.GetTempFileName();
                File.WriteAllLines(file, Enumerable.Range(0, 500).Select(i => $"route {verb} 30.{(round / 2) % 200}.{i / 250}.{i % 250}/32 via 10.0.0.1 dev eth0"));
                Measure.Sh($"ip -n {ns} -batch {file} >/dev/null 2>&1 || true");
                File.Delete(file);
                round++;
                Thread.Sleep(100);
            }
        });

        string[] paths = ["/api/namespaces", $"/api/namespaces/{ns}", $"/api/namespaces/{ns}/routes", $"/api/namespaces/{ns}/findings"];
        var clients = Enumerable.Range(0, apiClients).Select(c => Task.Run(async () =>
        {
            int k = c;
            while (!stop.IsCancellationRequested)
            {
                var path = paths[k++ % paths.Length];
                var sw = Stopwatch.StartNew();
                try
                {
                    using var response = await http.GetAsync(path, stop.Token);
                    await response.Content.ReadAsByteArrayAsync(stop.Token);
                    sw.Stop();
                    Interlocked.Increment(ref requests);
                    latencies.Add(sw.Elapsed.TotalMilliseconds);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                        if (firstErrors.Count < 5) firstErrors.Enqueue($"{path}: {(int)response.StatusCode}");
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
                catch (Exception e)
                {
                    Interlocked.Increment(ref errors);
                    if (firstErrors.Count < 5) firstErrors.Enqueue($"{path}: {e.GetType().Name} {e.Message}");
                }
            }
        })).ToArray();

        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakRssKiB = Math.Max(peakRssKiB, server.RssKiB());
                await Task.Delay(250);
            }
        });
        await Task.WhenAll([.. clients, generator, sampler]);
        foreach (var hub in hubs) await hub.DisposeAsync();

        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        Console.WriteLine($"load: {seconds} s, {apiClients} API clients, {hubClients} hub clients, routes changing in {ns} (500-route batches)");
        Console.WriteLine("| requests | req/s | p50 ms | p99 ms | errors | hub events received | resyncs | server peak RSS |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Console.WriteLine($"| {requests} | {requests / (double)seconds:F0} | {P(0.50):F1} | {P(0.99):F1} | {errors} | {events} | {resyncs} | {peakRssKiB / 1024.0:F0} MiB |");
        foreach (var e in firstErrors) Console.WriteLine($"error: {e}");
        return errors == 0 ? 0 : 1;
    }
}
