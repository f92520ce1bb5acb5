using System.Diagnostics;
using Dashboard.Server.Contracts;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;

namespace Dashboard.Benchmarks;

/// <summary>
/// Issue 2's bar: 200,000 IPv4 routes over several tables, read by `ip route show table all`, by the
/// `routedash routes --json` CLI (native, and the same source as `dotnet routedash.dll` for comparison),
/// and by the in-process reader, alternating, in one run.
/// Targets: in-process ≤ 1.0× iproute2, CLI ≤ 1.5×.
/// </summary>
public static class InspectBenchmark
{
    public static int Run(string[] args)
    {
        int routes = args.Length > 0 ? int.Parse(args[0]) : 200_000;
        int rounds = args.Length > 1 ? int.Parse(args[1]) : 5;
        string ns = $"rdt-bench-{Environment.ProcessId}";
        string cli = StartupBenchmark.NativeRoutedash();
        string dll = Path.Combine(AppContext.BaseDirectory, "routedash.dll");
        try
        {
            Build(ns, routes);
            var netns = new NetNamespace(ns, ns, NamespaceKind.Named, $"/run/netns/{ns}", 0, null, null, null);
            var reader = new NamespaceReader();
            int count = reader.Read(netns).Routes.Count; // warm-up: JIT, page cache, kernel caches
            Measure.Command($"ip -n {ns} route show table all");
            Measure.Command($"{cli} routes --netns {ns} --json");
            Measure.Command($"dotnet {dll} routes --netns {ns} --json");

            var ip = new List<double>(); var cliT = new List<double>(); var dllT = new List<double>(); var inproc = new List<double>(); var json = new List<double>();
            long ipRss = 0, cliRss = 0, dllRss = 0;
            for (int i = 0; i < rounds; i++)
            {
                var (t1, m1) = Measure.Command($"ip -n {ns} route show table all");
                ip.Add(t1); ipRss = Math.Max(ipRss, m1);
                var (t2, m2) = Measure.Command($"{cli} routes --netns {ns} --json");
                cliT.Add(t2); cliRss = Math.Max(cliRss, m2);
                var (t3, m3) = Measure.Command($"dotnet {dll} routes --netns {ns} --json");
                dllT.Add(t3); dllRss = Math.Max(dllRss, m3);
                GC.Collect();
                var sw = Stopwatch.StartNew();
                var snap = reader.Read(netns);
                sw.Stop();
                inproc.Add(sw.Elapsed.TotalSeconds);
                sw.Restart();
                System.Text.Json.JsonSerializer.Serialize(Stream.Null, snap.Routes.Select(RouteDto.From).ToList(), DashboardJson.Default.ListRouteDto);
                json.Add(sw.Elapsed.TotalSeconds);
            }
            long before = GC.GetTotalMemory(true);
            var held = reader.Read(netns);
            long retained = GC.GetTotalMemory(true) - before;
            GC.KeepAlive(held);

            double ipMed = Measure.Median(ip), cliMed = Measure.Median(cliT), dllMed = Measure.Median(dllT), inMed = Measure.Median(inproc);
            Console.WriteLine($"routes in namespace: {count:N0} (IPv4 {routes:N0} generated over tables main, 100, 1001, 70000), {rounds} rounds, median wall time");
            Console.WriteLine($"| reader | wall (s) | × iproute2 | target | peak RSS |");
            Console.WriteLine($"|---|---|---|---|---|");
            Console.WriteLine($"| ip route show table all > /dev/null | {ipMed:F3} | 1.00 | reference | {ipRss / 1024.0:F0} MiB |");
            Console.WriteLine($"| in-process NamespaceReader.Read (links, addrs, nexthops, both families) | {inMed:F3} | {inMed / ipMed:F2} | ≤ 1.0 | retained {retained / (double)count:F0} B/route |");
            Console.WriteLine($"| (in-process JSON of those routes, for reference) | {Measure.Median(json):F3} | | | |");
            Console.WriteLine($"| routedash routes --json > /dev/null (native) | {cliMed:F3} | {cliMed / ipMed:F2} | ≤ 1.5 | {cliRss / 1024.0:F0} MiB ({cliRss * 1024.0 / count:F0} B/route) |");
            Console.WriteLine($"| (dotnet routedash.dll routes --json, the same source JIT-compiled) | {dllMed:F3} | {dllMed / ipMed:F2} | | {dllRss / 1024.0:F0} MiB |");
            return 0;
        }
        finally
        {
            Measure.Sh($"ip netns del {ns} 2>/dev/null || true");
        }
    }

    internal static void Build(string ns, int routes)
    {
        Measure.VethNamespace(ns, "10.0.0.2/16");
        var file = Path.GetTempFileName();
        try
        {
            uint[] tables = [254, 100, 1001, 70000];
            using (var w = new StreamWriter(file))
                for (int i = 0; i < routes; i++)
                    w.WriteLine($"route add {20 + i / 65536}.{(i / 256) % 256}.{i % 256}.0/24 via 10.0.0.1 dev eth0 table {tables[i % tables.Length]}");
            Measure.Sh($"ip -n {ns} -batch {file}");
        }
        finally { File.Delete(file); }
    }
}
