using System.Text.Json.Nodes;
using Dashboard.Integration.Tests.Support;

namespace Dashboard.Integration.Tests.Cli;

/// <summary>
/// `routedash lookup` against iproute2 on the host kernel (no VRF here; the VRF cases run in the VM
/// tests): a namespace with source, mark, device, protocol and port rules, goto/nop, the refusing
/// actions, suppressors, ECMP and reject routes, in both families. Every lookup's answer equals `ip -j
/// route get`'s, its explanation's table and route equal `ip -d -j route get fibmatch`'s, and the rules'
/// own evaluation agrees with the kernel (no note).
/// </summary>
public class LookupCommandTests
{
    private static readonly string[] Setup =
    [
        "link set eth1 group 5",
        "addr add 10.7.0.1/24 dev eth0",
        "addr add 10.8.0.1/24 dev eth1",
        "addr add 2001:db8:7::1/64 dev eth0 nodad",
        "addr add 2001:db8:8::1/64 dev eth1 nodad",
        "route add default via 10.7.0.2",
        "route add 10.50.0.0/16 nexthop via 10.7.0.3 nexthop via 10.8.0.3 weight 2",
        "route add unreachable 10.60.0.0/16",
        "route add prohibit 10.61.0.0/16",
        "route add blackhole 10.62.0.0/16",
        "route add 10.70.0.0/16 via 10.8.0.2 table 100",
        "route add default via 10.8.0.9 table 100",
        "route add throw 10.71.0.0/16 table 100",
        "route add default via 10.7.0.9 dev eth0 table 200",
        "route add 10.72.0.0/16 via 10.7.0.72 metric 20",
        "route add 10.72.0.0/16 via 10.8.0.72 metric 10",
        "rule add pref 100 from 10.8.0.1 lookup 100",
        "rule add pref 150 iif eth1 lookup 200",
        "rule add pref 200 fwmark 0x1/0xf lookup 100",
        "rule add pref 250 fwmark 0x2 goto 400",
        "rule add pref 300 to 10.70.0.0/16 ipproto tcp dport 443 lookup 100",
        "rule add pref 350 fwmark 0x3 blackhole",
        "rule add pref 360 fwmark 0x4 prohibit",
        "rule add pref 370 fwmark 0x5 unreachable",
        "rule add pref 400 nop",
        "rule add pref 410 to 10.71.0.0/16 lookup 100",
        "rule add pref 500 lookup main suppress_prefixlength 0",
        "rule add pref 510 oif eth1 lookup 100",
    ];

    /// <summary>The IPv6 half (`ip -6 -batch`: batch lines take no family option).</summary>
    private static readonly string[] Setup6 =
    [
        "route add default via 2001:db8:7::2",
        "route add 2001:db8:50::/48 nexthop via 2001:db8:7::3 dev eth0 nexthop via 2001:db8:8::3 dev eth1",
        "route add unreachable 2001:db8:60::/48",
        "route add 2001:db8:70::/48 via 2001:db8:8::5 table 100",
        "route add default via 2001:db8:8::2 table 100",
        "rule add pref 100 from 2001:db8:8::1 lookup 100",
        "rule add pref 200 fwmark 0x1 lookup 100",
        "rule add pref 300 fwmark 0x3 prohibit",
        "rule add pref 400 to 2001:db8:70::/48 lookup 100",
    ];

    /// <summary>The lookups, as `routedash lookup` arguments (each also run as `ip route get` with the same keys).</summary>
    public static readonly string[] Lookups =
    [
        "1.1.1.1", "10.50.1.1", "10.50.2.2", "10.50.3.3 --oif eth1", "10.60.0.1", "10.61.0.1", "10.62.0.1", "10.7.0.1", "10.8.0.1",
        "10.7.0.55", "10.72.1.1", "1.1.1.1 --from 10.8.0.1", "1.1.1.1 --mark 1", "1.1.1.1 --mark 0x11", "1.1.1.1 --mark 2",
        "1.1.1.1 --mark 3", "1.1.1.1 --mark 4", "1.1.1.1 --mark 5", "10.70.1.1 --ipproto tcp --dport 443",
        "10.70.1.1 --ipproto tcp --dport 80", "10.70.1.1 --ipproto udp --dport 443", "10.71.1.1", "1.1.1.1 --oif eth1",
        "1.1.1.1 --oif eth0", "10.9.9.9 --from 10.7.0.77 --iif eth1", "10.50.9.9 --from 10.7.0.77 --iif eth0",
        "2001:db8:99::1", "2001:db8:50::1", "2001:db8:50::2", "2001:db8:60::1", "2001:db8:7::1", "2001:db8:7::5",
        "2001:db8:99::1 --from 2001:db8:8::1", "2001:db8:99::1 --mark 1", "2001:db8:99::1 --mark 3", "2001:db8:70::1",
        "2001:db8:99::1 --from 2001:db8:7::1", "2001:db8:8::77 --oif eth1",
    ];

    private static TestNamespace Build()
    {
        var ns = new TestNamespace("lookup");
        ns.AddVeth("eth0", "peer0");
        ns.AddVeth("eth1", "peer1");
        // Forwarding lookups (iif) are refused where the namespace does not forward.
        Shell.Check("ip", "netns", "exec", ns.Name, "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1");
        ns.IpBatch(Setup);
        ns.IpBatch(Setup6, "-6");
        return ns;
    }

    [Fact]
    public void Every_answer_and_explanation_equals_ip_route_get_and_fibmatch_in_both_families()
    {
        using var ns = Build();
        var batch = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(batch, Lookups);
            var r = Routedash.Run("lookup", "--netns", ns.Name, "--batch", batch, "--json");

            var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Lookups.Length, lines.Length);
            var differences = new List<string>();
            int refused = 0;
            for (int i = 0; i < Lookups.Length; i++)
            {
                var ours = JsonNode.Parse(lines[i])!.AsObject();
                var ipArgs = RouteGetComparison.IpArguments(Lookups[i]);
                var get = Ip(ns, ["-j", "route", "get", .. ipArgs]);
                var fib = Ip(ns, ["-d", "-j", "route", "get", "fibmatch", .. ipArgs]);
                if (get.Route is null) refused++;
                differences.AddRange(RouteGetComparison.Differences(Lookups[i], ours, get, fib));
            }
            Assert.True(differences.Count == 0, string.Join('\n', differences));
            // The cases are what they claim: some refused, most routed; the exit code says there was a refusal.
            Assert.InRange(refused, 5, Lookups.Length / 2);
            Assert.Equal(1, r.ExitCode);
        }
        finally { File.Delete(batch); }
    }

    private static RouteGetComparison.IpOutcome Ip(TestNamespace ns, string[] args)
    {
        var r = Shell.Run("ip", ["-n", ns.Name, .. args]);
        return RouteGetComparison.IpOutcome.Parse(r.ExitCode, r.Stdout, r.Stderr);
    }

    [Fact]
    public void One_lookup_prints_the_answer_and_its_explanation_and_a_refusal_exits_1_with_its_cause()
    {
        using var ns = Build();

        var ecmp = Routedash.Run("lookup", "--netns", ns.Name, "10.50.2.2");
        Assert.True(ecmp.ExitCode == 0, ecmp.Stderr);
        var lines = ecmp.Stdout.Split('\n');
        Assert.StartsWith("10.50.2.2 via 10.", lines[0]);
        Assert.Equal("    cache", lines[1]);
        Assert.Equal("rule 500:\tfrom all lookup main suppress_prefixlength 0", lines[2]);
        Assert.Equal("table main", lines[3]);
        Assert.Equal("route 10.50.0.0/16", lines[4]);
        Assert.Equal("\tnexthop via 10.7.0.3 dev eth0 weight 1", lines[5]);
        Assert.Equal("\tnexthop via 10.8.0.3 dev eth1 weight 2", lines[6]);

        var unreachable = Routedash.Run("lookup", "--netns", ns.Name, "10.60.0.1");
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Equal("routedash: No route to host\n", unreachable.Stderr);
        Assert.Equal("rule 500:\tfrom all lookup main suppress_prefixlength 0\ntable main\nroute unreachable 10.60.0.0/16\n", unreachable.Stdout);

        var blackholeRule = Routedash.Run("lookup", "--netns", ns.Name, "1.1.1.1", "--mark", "3");
        Assert.Equal(1, blackholeRule.ExitCode);
        Assert.Equal("routedash: Invalid argument\n", blackholeRule.Stderr);
        Assert.Equal("rule 350:\tfrom all fwmark 0x3 blackhole\n", blackholeRule.Stdout);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("10.0.0.1 --oif nosuch0")]
    [InlineData("10.0.0.1 --vrf eth0")]
    [InlineData("10.0.0.1 --from 2001:db8::1")]
    [InlineData("10.0.0.1 --mark 0xzz")]
    [InlineData("10.0.0.1 --dport 70000")]
    [InlineData("10.0.0.1 --ipproto nosuchproto")]
    [InlineData("--mark 1")]
    public void Bad_usage_exits_2_with_one_line(string arguments)
    {
        using var ns = new TestNamespace("lookupusage");
        ns.AddVeth();

        var r = Routedash.Run(["lookup", "--netns", ns.Name, .. arguments.Split(' ')]);

        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.StartsWith("routedash: ", r.Stderr);
        Assert.Empty(r.Stdout);
    }
}
