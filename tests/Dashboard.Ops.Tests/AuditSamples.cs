using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Ops.Tests;

/// <summary>The CNI vrf plugin's mixed IPv6 default and its migration, as results to audit.</summary>
internal static class AuditSamples
{
    public static readonly Route MixedDefault = new()
    {
        Family = IpFamily.Inet6, Table = RoutingTable.Main, TableName = "main", Dst = "::/0", Metric = 1024,
        Nexthops =
        [
            new Nexthop("fe80::1", null, 2, "eth0", 1, []),
            new Nexthop("2001:db8:1::1", null, 3, "net1", 1, []),
        ],
    };

    public static readonly Route InVrf = new()
    {
        Family = IpFamily.Inet6, Table = 1001, Dst = "::/0", Metric = 1024, Gateway = "2001:db8:1::1", LinkIndex = 3, Dev = "net1",
    };

    public static readonly Route Remaining = MixedDefault with { Nexthops = [], Gateway = "fe80::1", LinkIndex = 2, Dev = "eth0" };

    public static MigrationResult Result(MigrationOutcome outcome, string ns = "host", string finding = "f-1", string? kernelError = null)
    {
        var plan = new MigrationPlan(finding, ns, MixedDefault,
            [
                new RouteOperation(RouteOperationKind.Add, InVrf, "ip -6 route add default via 2001:db8:1::1 dev net1 table 1001 metric 1024"),
                new RouteOperation(RouteOperationKind.Delete, MixedDefault, "ip -6 route del default via 2001:db8:1::1 dev net1 metric 1024 table main"),
            ],
            [InVrf], Remaining);
        return new MigrationResult(ns, finding, outcome, plan, $"{outcome} by test", [MixedDefault],
            outcome == MigrationOutcome.Applied ? [Remaining, InVrf] : [MixedDefault], kernelError);
    }
}
