using System.Diagnostics;
using Dashboard.Server.Contracts;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;

namespace Dashboard.Benchmarks;

/// <summary>
/// inspect [routes] [rounds]: 200,000 IPv4 routes over four tables, read by iproute2 and by us in the
/// same run, each pair alternating round by round so that a busy machine weighs on both alike.
/// Issue 13's targets: `routedash routes --json` ≤ 1.0× `ip -j route show table all`; `routedash routes`
/// ≤ 1.0× `ip route show table all`; the in-process read (links, addresses, nexthops, both families)
/// ≤ 0.3× `ip route show table all`; the snapshot it keeps ≤ 150 bytes per route.
/// </summary>
public static class InspectBenchmark
{
    public static int Run(string[] args)
    {
        int routes = args.Length > 0 ? int.Parse(args[0]) : 200_000;
        int rounds = args.Length > 1 ? int.Parse(args[1]) : 5;
        string ns = $"rdt-bench-{Environment.ProcessId}";
        var (routedash, routedashKind) = Routedash.Command();
        try
        {
            Build(ns, routes);
            // As `routedash routes --netns` opens it: with its inode, so the read pays for the inode check too.
            var netns = new NamespaceResolver().ByName(ns);
            int count = KernelNetlink.Instance.Read(netns).Routes.Count; // warm-up: JIT, page cache, kernel caches

            string ipText = $"ip -n {ns} route show table all", ipJson = $"ip -n {ns} -j route show table all";
            string ourText = $"{routedash} routes --netns {ns}", ourJson = $"{routedash} routes --netns {ns} --json";
            // Not timed: both sides print every route, or the timings compare different work.
            SameOutput(ipText, ourText, count, lines: true);
            SameOutput(ipJson, ourJson, count, lines: false);

            var ipT = new Sample(); var ipJ = new Sample(); var ourT = new Sample(); var ourJ = new Sample();
            var inproc = new List<double>(); var json = new List<double>();
            for (int i = 0; i < rounds; i++)
            {
                ipJ.Add(Measure.Command(ipJson));
                ourJ.Add(Measure.Command(ourJson));
                ipT.Add(Measure.Command(ipText));
                ourT.Add(Measure.Command(ourText));
                GC.Collect();
                var sw = Stopwatch.StartNew();
                var snap = KernelNetlink.Instance.Read(netns);
                sw.Stop();
                inproc.Add(sw.Elapsed.TotalSeconds);
                sw.Restart();
                System.Text.Json.JsonSerializer.Serialize(Stream.Null, snap.Routes.Select(r => RouteDto.From(r, snap.Topology)),
                    DashboardJson.Default.IEnumerableRouteDto);
                json.Add(sw.Elapsed.TotalSeconds);
            }
            // What a snapshot keeps alive: the routes, their path lists, links, addresses, the topology.
            GC.Collect();
            long before = GC.GetTotalMemory(true);
            var held = KernelNetlink.Instance.Read(netns);
            _ = held.Topology;
            long retained = GC.GetTotalMemory(true) - before;
            GC.KeepAlive(held);
            double perRoute = retained / (double)count;

            double inMed = Measure.Median(inproc);
            Console.WriteLine($"routes in namespace: {count:N0} (IPv4 {routes:N0} generated over tables main, 100, 1001, 70000), " +
                $"{rounds} rounds, median wall time; routedash: {routedashKind}; {Environment.ProcessorCount} cores, load average {LoadAverage()}");
            Console.WriteLine("| reader | wall (s) | × reference | target | peak RSS |");
            Console.WriteLine("|---|---|---|---|---|");
            Console.WriteLine($"| ip -j route show table all > /dev/null | {ipJ.Median:F3} | 1.00 (reference for --json) | | {ipJ.PeakMiB:F0} MiB |");
            Console.WriteLine($"| routedash routes --json > /dev/null | {ourJ.Median:F3} | {ourJ.Median / ipJ.Median:F2} × ip -j | ≤ 1.0 {Verdict(ourJ.Median / ipJ.Median, 1.0)} | {ourJ.PeakMiB:F0} MiB |");
            Console.WriteLine($"| ip route show table all > /dev/null | {ipT.Median:F3} | 1.00 (reference for text and in-process) | | {ipT.PeakMiB:F0} MiB |");
            Console.WriteLine($"| routedash routes > /dev/null | {ourT.Median:F3} | {ourT.Median / ipT.Median:F2} × ip | ≤ 1.0 {Verdict(ourT.Median / ipT.Median, 1.0)} | {ourT.PeakMiB:F0} MiB |");
            Console.WriteLine($"| in-process KernelNetlink.Read (links, addrs, nexthops, both families) | {inMed:F3} | {inMed / ipT.Median:F2} × ip | ≤ 0.3 {Verdict(inMed / ipT.Median, 0.3)} | |");
            Console.WriteLine($"| (in-process JSON of those routes, for reference) | {Measure.Median(json):F3} | | | |");
            Console.WriteLine($"| retained by one snapshot | {retained / 1048576.0:F1} MiB | {perRoute:F0} B/route | ≤ 150 {Verdict(perRoute, 150)} | |");
            return 0;
        }
        finally
        {
            Measure.Sh($"ip netns del {ns} 2>/dev/null || true");
        }
    }

    private static string Verdict(double value, double target) => value <= target ? "(met)" : "(missed)";

    private static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
    }

    /// <summary>Median wall time and the highest peak RSS of one command over the rounds.</summary>
    private sealed class Sample
    {
        private readonly List<double> _seconds = [];
        private long _peakKiB;
        public void Add((double Seconds, long PeakKiB) m)
        {
            _seconds.Add(m.Seconds);
            _peakKiB = Math.Max(_peakKiB, m.PeakKiB);
        }
        public double Median => Measure.Median(_seconds);
        public double PeakMiB => _peakKiB / 1024.0;
    }

    /// <summary>
    /// Both commands print the same number of routes: text lines not starting with a tab (nexthop lines
    /// do), or JSON array elements. A mismatch stops the run: its timings would compare different work.
    /// </summary>
    private static void SameOutput(string reference, string ours, int count, bool lines)
    {
        int Count(string command)
        {
            var output = Measure.Output(command);
            return lines
                ? output.Split('\n').Count(l => l.Length > 0 && l[0] != '\t')
                : System.Text.Json.JsonDocument.Parse(output).RootElement.GetArrayLength();
        }
        int theirs = Count(reference), mine = Count(ours);
        if (theirs != mine || mine != count)
            throw new InvalidOperationException($"{ours} printed {mine} routes, {reference} {theirs}, the in-process read {count}");
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
            // Until duplicate address detection ends the kernel is still adding the veth's local IPv6 routes:
            // whoever reads the namespace before that reads it changing.
            for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; Thread.Sleep(100))
                if (Measure.Output($"ip -n {ns} -6 addr show tentative").Trim().Length == 0) break;
        }
        finally { File.Delete(file); }
    }
}
