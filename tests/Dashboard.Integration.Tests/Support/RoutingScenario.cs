namespace Dashboard.Integration.Tests.Support;

/// <summary>
/// The routing state the inspection tests compare against iproute2: veth pairs, both families,
/// main/local/tables ≥ 256, an IPv6 ECMP default merged by the kernel, IPv4 multipath with weights,
/// blackhole/unreachable, RTA_VIA, onlink, nexthop objects and a group used by a route.
/// </summary>
public static class RoutingScenario
{
    /// <summary>
    /// The issue-1253 pod without its VRF (the host kernel has none): eth0 and net1 as veths with both
    /// families, the IPv6 ECMP default the kernel merges from two defaults, an IPv4 multipath route.
    /// </summary>
    public static readonly string[] Pod =
    [
        "link add eth0 type veth peer name peer0",
        "link add net1 type veth peer name peer1",
        // No link-local addresses: they (and their local routes) arrive after DAD, asynchronously,
        // and would make the two sides of a comparison read different moments.
        "link set eth0 addrgenmode none", "link set peer0 addrgenmode none",
        "link set net1 addrgenmode none", "link set peer1 addrgenmode none",
        "link set eth0 up", "link set peer0 up", "link set net1 up", "link set peer1 up",
        "addr add 10.0.0.2/24 dev eth0", "addr add 10.1.0.2/24 dev net1",
        "addr add 2001:db8::2/64 dev eth0 nodad", "addr add 2001:db8:1::2/64 dev net1 nodad",
        // The kernel merges a second IPv6 default with the same metric into one ECMP route.
        "route add default via 2001:db8::1 dev eth0 metric 1024",
        "route append default via 2001:db8:1::1 dev net1 metric 1024",
        "route add 192.168.0.0/16 nexthop via 10.0.0.1 dev eth0 weight 2 nexthop via 10.1.0.1 dev net1 weight 3",
    ];

    public static void Build(TestNamespace ns)
    {
        ns.IpBatch([
            .. Pod,
            "route add default via 10.0.0.1 dev eth0",
            "route add 10.9.0.0/16 via 10.1.0.1 dev net1 table 1001 proto static",
            "route add 10.10.0.0/16 via 10.1.0.1 dev net1 table 70000 metric 7",
            "route add 2001:db8:99::/48 via 2001:db8:1::1 dev net1 table 1001 pref high",
            "route add blackhole 10.66.0.0/16",
            "route add unreachable 10.67.0.0/16 table 300",
            "route add unreachable ::/0 table 1001 metric 4278198272",
            "route add prohibit 2001:db8:dead::/48",
            "route add 172.20.0.0/16 via 10.1.0.5 dev net1 onlink",
            "route add 10.50.0.0/16 via inet6 2001:db8::1 dev eth0",
            "route add local 10.77.0.1 dev eth0 table local",
            "route add 10.88.0.0/16 dev eth0 scope link src 10.0.0.2",
            "nexthop add id 1 via 10.0.0.1 dev eth0",
            "nexthop add id 2 via 10.1.0.1 dev net1",
            "nexthop add id 10 group 1/2,3",
            "route add 172.16.0.0/12 nhid 10",
            "route add 172.31.0.0/16 nhid 1",
        ]);
    }
}
