using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;

namespace Dashboard.Benchmarks;

/// <summary>
/// dump-analysis [namespaces] [rounds]: issue 10's budget (≤ 0.5 s) for what a scan of the node does,
/// on the host kernel: read each of 250 pod-like namespaces whole over rtnetlink (links, addresses,
/// nexthops, routes of every table and the rules, both families) and diagnose it (findings and plans).
/// Each namespace: lo and a veth pair eth0/net1 (3 links), 20 IPv4 routes in main, local and table 100,
/// 5 IPv4 rules (the three defaults, a source rule and a fwmark rule into table 100). The host kernel has
/// no VRF, so the VRF kinds have nothing to find; AnalysisBenchmark times analysis with VRFs in code.
/// The reference, timed in the same run: `ip -n NS route show table all` and `ip -n NS rule show` for
/// every namespace, one shell (two processes per namespace, as an operator would script it).
/// </summary>
public static class DumpAnalysisBenchmark
{
    private const string Prefix = "rdb-da-";

    public static int Run(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 250;
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        var names = Enumerable.Range(0, count).Select(i => Prefix + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        try
        {
            var setup = Stopwatch.StartNew();
            for (int i = 0; i < count; i++) Create(names[i], i);
            Console.WriteLine($"{count} namespaces made in {setup.Elapsed.TotalSeconds:F1} s");
            var resolver = new NamespaceResolver();
            var namespaces = names.Select(resolver.ByName).ToArray();

            var first = KernelNetlink.Instance.Read(namespaces[0]);
            Console.WriteLine($"each: {first.Links.Count} links, {first.Routes.Count(r => r.Family == IpFamily.Inet)} IPv4 routes "
                + $"({first.Routes.Count} with IPv6) in {first.Routes.Select(r => r.Table).Distinct().Count()} tables, "
                + $"{first.Rules.Count(r => r.Family == IpFamily.Inet)} IPv4 rules ({first.Rules.Count} with IPv6)");

            // One group, so that Measure.Command's "> /dev/null" silences every command, not only the last.
            var loop = new StringBuilder("{ ");
            foreach (var n in names) loop.Append("ip -n ").Append(n).Append(" route show table all; ip -n ").Append(n).Append(" rule show; ");
            loop.Append('}');
            var ours = new List<double>();
            var dumpOnly = new List<double>();
            var reference = new List<double>();
            int findings = 0;
            for (int r = 0; r < rounds; r++)
            {
                var sw = Stopwatch.StartNew();
                findings = 0;
                foreach (var ns in namespaces) findings += Doctor.Diagnose(KernelNetlink.Instance.Read(ns)).Count;
                ours.Add(sw.Elapsed.TotalSeconds);
                sw.Restart();
                foreach (var ns in namespaces) KernelNetlink.Instance.Read(ns);
                dumpOnly.Add(sw.Elapsed.TotalSeconds);
                reference.Add(Measure.Command(loop.ToString()).Seconds);
            }
            Console.WriteLine($"{count} namespaces, {rounds} rounds; median (min-max) seconds; the first round includes JIT");
            Row("dump + Doctor.Diagnose (ours)", ours);
            Row("dump alone (ours)", dumpOnly);
            Row("ip route show table all + ip rule show", reference);
            Console.WriteLine($"findings: {findings} (a clean node: none expected)");
            return findings == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var n in names) Measure.Sh($"ip netns del {n} 2>/dev/null || true");
        }
    }

    private static void Row(string what, List<double> seconds) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what,-42} {Measure.Median(seconds.Skip(1)),7:F3} ({seconds.Skip(1).Min():F3}-{seconds.Max():F3}) first {seconds[0]:F3}"));

    /// <summary>One pod-like namespace, set up in one `ip -batch`; the kernel adds the connected and local routes.</summary>
    private static void Create(string ns, int i)
    {
        string a = $"10.{i >> 8}.{i & 0xff}", b = $"10.200.{i & 0xff}";
        var batch = string.Join('\n',
            "link set lo up",
            "link add eth0 type veth peer name net1",
            "link set eth0 addrgenmode none",
            "link set net1 addrgenmode none",
            "link set eth0 up",
            "link set net1 up",
            $"addr add {a}.2/24 dev eth0",
            $"addr add {b}.2/24 dev net1",
            $"route add default via {a}.1 dev eth0",
            $"route add 10.96.0.0/12 via {a}.1 dev eth0",
            $"route add 172.16.0.0/12 via {a}.1 dev eth0",
            $"route add 192.168.0.0/16 via {a}.1 dev eth0",
            $"route add 10.250.0.0/16 via {a}.254 dev eth0",
            $"route add 10.251.0.0/16 via {a}.254 dev eth0",
            $"route add default via {b}.1 dev net1 table 100",
            $"route add {b}.0/24 dev net1 table 100",
            $"route add 10.201.0.0/16 via {b}.1 dev net1 table 100",
            $"route add 10.202.0.0/16 via {b}.1 dev net1 table 100",
            $"route add 10.203.0.0/16 via {b}.1 dev net1 table 100",
            $"rule add pref 100 from {b}.2 lookup 100",
            "rule add pref 200 fwmark 0x100 lookup 100",
            "");
        Measure.Sh($"ip netns add {ns}");
        var psi = new ProcessStartInfo("ip", ["-n", ns, "-batch", "-"]) { RedirectStandardInput = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(batch);
        p.StandardInput.Close();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"setting up {ns} failed ({p.ExitCode})");
    }
}
