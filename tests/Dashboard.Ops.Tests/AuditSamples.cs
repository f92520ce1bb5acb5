using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Ops.Tests;

/// <summary>
/// The CNI vrf plugin's mixed IPv6 default (net1 enslaved to vrf1001) and its migration, as results to
/// audit. The plan is the real planner's, so the audited commands are the ones a node would run; the
/// finding id is the caller's, because these tests use ids as labels to tell records apart.
/// </summary>
internal static class AuditSamples
{
    public const int Eth0 = 2, Net1 = 3, Vrf = 4;
    private const uint Up = Link.IffUp | Link.IffLowerUp;

    public static readonly Link[] Links =
    [
        new(Eth0, "eth0", "veth", OperState.Up, Up, null, null, null, 1500),
        new(Net1, "net1", "macvlan", OperState.Up, Up, Vrf, null, null, 1500),
        new(Vrf, "vrf1001", "vrf", OperState.Up, Up, null, 1001, null, 65575),
    ];

    public static readonly VrfTopology Names = new(Links);

    /// <summary>`default metric 1024 nexthop via fe80::1 dev eth0 nexthop via 2001:db8:1::1 dev net1` in main.</summary>
    public static readonly Route MixedDefault = new()
    {
        Family = IpFamily.Inet6, Table = RoutingTable.Main, Dst = IpPrefix.Default(IpFamily.Inet6), Metric = 1024,
        Nexthops = [new Nexthop(IpAddr.Parse("fe80::1"), Eth0), new Nexthop(IpAddr.Parse("2001:db8:1::1"), Net1)],
    };

    public static MigrationPlan Plan(string ns, string finding)
    {
        var state = new NamespaceSnapshot(new NetNamespace(ns, ns, NamespaceKind.Process, "/proc/1/ns/net", 4026532, 1, null, null),
            DateTimeOffset.UtcNow, Links, [], [], [MixedDefault], false);
        var net1 = MixedDefault.Nexthops[1];
        return MigrationPlanner.Plan(finding, ns, MixedDefault, [new OffendingNexthop(net1, Names.VrfOf(Net1))], state);
    }

    /// <summary>The route the plan adds to table 1001.</summary>
    public static Route InVrf => Plan("host", "f-1").ExpectedAdded.Single();

    public static MigrationResult Result(MigrationOutcome outcome, string ns = "host", string finding = "f-1", string? kernelError = null)
    {
        var plan = Plan(ns, finding);
        IReadOnlyList<Route> after = outcome == MigrationOutcome.Applied ? [plan.ExpectedRemaining!, .. plan.ExpectedAdded] : [MixedDefault];
        return new MigrationResult(ns, finding, outcome, plan, $"{outcome} by test", [MixedDefault], after, kernelError, Names);
    }
}
