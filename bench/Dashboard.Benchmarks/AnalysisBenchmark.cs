using System.Diagnostics;
using System.Globalization;
using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Benchmarks;

/// <summary>
/// analysis [namespaces] [rounds]: the analysis alone (no netlink), on pod-like namespaces built in code
/// as issue 10 describes them: 3 links, 20 routes in three tables (main, local, a source rule's table),
/// 5 rules, labelled as pods so every kind applies; and the same pods with a VRF (a VRF device, its
/// table with an unreachable default, the kernel's l3mdev rules), where the VRF kinds have work to do.
/// Times `Doctor.Diagnose` (findings and plans: what a scan does after its read), the analyzer alone,
/// and the namespace pass alone (what the live model repeats when a default, an address or a rule
/// changes). Issue 10's budget is 0.5 s for dump and analysis of 250 such namespaces together.
/// </summary>
public static class AnalysisBenchmark
{
    public static int Run(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 250;
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 21;
        Console.WriteLine($"analysis of {count} pod-like namespaces, in process, {rounds} rounds (median, max); first round apart (JIT)");
        Console.WriteLine($"{"namespaces",-34} {"what",-34} {"first ms",9} {"median ms",10} {"max ms",8} {"µs/ns",7} {"findings",9}");
        foreach (var vrf in new[] { false, true })
        {
            var snapshots = Enumerable.Range(0, count).Select(i => Pod(i, vrf)).ToArray();
            var label = vrf ? "with a VRF (4 links, 22 routes)" : "no VRF (3 links, 20 routes)";
            Time(label, "Doctor.Diagnose (findings + plans)", snapshots, rounds, s => Doctor.Diagnose(s).Count);
            Time(label, "FindingAnalyzer.Analyze", snapshots, rounds, s => FindingAnalyzer.Analyze(s).Count);
            Time(label, "AnalyzeNamespace (live model)", snapshots, rounds, s => FindingAnalyzer.AnalyzeNamespace(s, []).Count);
        }
        return 0;
    }

    private static void Time(string label, string what, NamespaceSnapshot[] snapshots, int rounds, Func<NamespaceSnapshot, int> analyse)
    {
        var ms = new List<double>(rounds);
        int findings = 0;
        for (int r = 0; r < rounds; r++)
        {
            var sw = Stopwatch.StartNew();
            findings = 0;
            foreach (var s in snapshots) findings += analyse(s);
            ms.Add(sw.Elapsed.TotalMilliseconds);
        }
        var rest = ms.Skip(1).ToArray();
        double median = Measure.Median(rest);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-34} {what,-34} {ms[0],9:F1} {median,10:F2} {rest.Max(),8:F2} {median * 1000 / snapshots.Length,7:F1} {findings,9}"));
    }

    /// <summary>
    /// One pod: lo, eth0 (10.x.y.2/24) and net1 (10.200.y.2/24); main with its default and connected
    /// routes, local with the kernel's local and broadcast routes, table 100 for `from net1's address`
    /// (with its default, so the pod is clean); rules local, the source rule, a fwmark rule, main, default.
    /// With <paramref name="vrf"/>: net1 is in vrf1001, whose table has net1's routes and an unreachable
    /// default, and the kernel's l3mdev rules are there.
    /// </summary>
    private static NamespaceSnapshot Pod(int i, bool vrf)
    {
        const uint Up = Link.IffUp | Link.IffLowerUp;
        var b = (byte)(i & 0xff);
        IpAddr A(string s) => IpAddr.Parse(s);
        string eth0Net = $"10.{i >> 8}.{b}", net1Net = $"10.200.{b}";
        uint t = vrf ? 1001u : 100u;
        var links = new List<Link>
        {
            new(1, "lo", null, OperState.Unknown, Up, null, null, null, 65536),
            new(2, "eth0", "veth", OperState.Up, Up, null, null, null, 1500),
            new(3, "net1", "macvlan", OperState.Up, Up, vrf ? 4 : null, null, null, 1500),
        };
        if (vrf) links.Add(new(4, "vrf1001", "vrf", OperState.Up, Up, null, 1001, null, 65575));
        Route V4(uint table, string dst, string? gw, int oif, RouteType type = RouteType.Unicast, RouteProtocol proto = RouteProtocol.Boot,
            RouteScope scope = RouteScope.Universe) => new()
        {
            Family = IpFamily.Inet, Table = table, Type = type, Dst = IpPrefix.Parse(dst), Gateway = gw is null ? default : A(gw), Oif = oif,
            Protocol = proto, Scope = scope,
        };
        var routes = new List<Route>
        {
            V4(RoutingTable.Main, "0.0.0.0/0", $"{eth0Net}.1", 2),
            V4(RoutingTable.Main, $"{eth0Net}.0/24", null, 2, proto: RouteProtocol.Kernel, scope: RouteScope.Link),
            V4(RoutingTable.Main, "10.96.0.0/12", $"{eth0Net}.1", 2),
            V4(RoutingTable.Main, "172.16.0.0/12", $"{eth0Net}.1", 2),
            V4(RoutingTable.Main, "192.168.0.0/16", $"{eth0Net}.1", 2),
            V4(RoutingTable.Main, "10.250.0.0/16", $"{eth0Net}.254", 2),
            V4(t, "0.0.0.0/0", $"{net1Net}.1", 3),
            V4(t, $"{net1Net}.0/24", null, 3, proto: RouteProtocol.Kernel, scope: RouteScope.Link),
            V4(t, "10.201.0.0/16", $"{net1Net}.1", 3),
            V4(t, "10.202.0.0/16", $"{net1Net}.1", 3),
            V4(t, "10.203.0.0/16", $"{net1Net}.1", 3),
            V4(RoutingTable.Local, "127.0.0.0/8", null, 1, RouteType.Local, RouteProtocol.Kernel, RouteScope.Host),
            V4(RoutingTable.Local, "127.0.0.1/32", null, 1, RouteType.Local, RouteProtocol.Kernel, RouteScope.Host),
            V4(RoutingTable.Local, "127.255.255.255/32", null, 1, RouteType.Broadcast, RouteProtocol.Kernel, RouteScope.Link),
            V4(RoutingTable.Local, $"{eth0Net}.2/32", null, 2, RouteType.Local, RouteProtocol.Kernel, RouteScope.Host),
            V4(RoutingTable.Local, $"{eth0Net}.255/32", null, 2, RouteType.Broadcast, RouteProtocol.Kernel, RouteScope.Link),
            V4(vrf ? t : RoutingTable.Local, $"{net1Net}.2/32", null, 3, RouteType.Local, RouteProtocol.Kernel, RouteScope.Host),
            V4(vrf ? t : RoutingTable.Local, $"{net1Net}.255/32", null, 3, RouteType.Broadcast, RouteProtocol.Kernel, RouteScope.Link),
            V4(RoutingTable.Main, "10.251.0.0/16", $"{eth0Net}.254", 2),
            V4(RoutingTable.Main, "10.252.0.0/16", $"{eth0Net}.254", 2),
        };
        if (vrf)
        {
            routes.Add(V4(t, "0.0.0.0/0", null, 0, RouteType.Unreachable) with { Metric = 4278198272 });
            routes.Add(new Route { Family = IpFamily.Inet6, Table = t, Type = RouteType.Unreachable, Dst = IpPrefix.Parse("::/0"), Oif = 1, Metric = 4278198272 });
        }
        var rules = new List<Rule>
        {
            new() { Family = IpFamily.Inet, Priority = 0, Table = RoutingTable.Local },
            new() { Family = IpFamily.Inet, Priority = 100, Src = IpPrefix.Parse($"{net1Net}.2/32"), Table = t },
            new() { Family = IpFamily.Inet, Priority = 200, Fwmark = 0x100, Table = t },
            new() { Family = IpFamily.Inet, Priority = 32766, Table = RoutingTable.Main },
            new() { Family = IpFamily.Inet, Priority = 32767, Table = RoutingTable.Default },
        };
        if (vrf)
        {
            rules.Add(new Rule { Family = IpFamily.Inet, Priority = 1000, L3mdev = true, Protocol = RouteProtocol.Kernel });
            rules.Add(new Rule { Family = IpFamily.Inet6, Priority = 1000, L3mdev = true, Protocol = RouteProtocol.Kernel });
        }
        var addresses = new Address[]
        {
            new(1, A("127.0.0.1"), 8, RouteScope.Host, "lo", 0x80),
            new(2, A($"{eth0Net}.2"), 24, RouteScope.Universe, "eth0", 0x80),
            new(3, A($"{net1Net}.2"), 24, RouteScope.Universe, "net1", 0x80),
        };
        var ns = new NetNamespace($"ino-{4026540000 + i}", $"pod-{i}", NamespaceKind.Process, $"/proc/{1000 + i}/ns/net", (ulong)(4026540000 + i),
            1000 + i, "pause", new PodRef("bench", $"pod-{i}", null));
        return new NamespaceSnapshot(ns, DateTimeOffset.UtcNow, links, addresses, [], routes, false) { Rules = rules };
    }
}
