using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;
using Dashboard.Server.Tests.Analysis;

namespace Dashboard.Server.Tests.Migration;

public sealed class ClobberGuardTests
{
    private static (MigrationPlan Plan, NamespaceSnapshot Snapshot) Issue1253(Func<NodeState, Route?> inVrfTable)
    {
        var s = NodeState.Issue1253Pod();
        s.Add(s.V6Multi(RoutingTable.Main, "::/0", s.Hop("fe80::1", "eth0"), s.Hop("2001:db8:1::1", "net1")));
        if (inVrfTable(s) is { } existing) s.Add(existing);
        var snapshot = s.Snapshot();
        var finding = Assert.Single(FindingAnalyzer.Analyze(snapshot), f => f.Kind == FindingKind.MixedVrfEcmp);
        return (MigrationPlanner.Plan(finding, snapshot)!, snapshot);
    }

    [Fact]
    public void Empty_slot_is_free_and_every_step_runs()
    {
        var (plan, snapshot) = Issue1253(_ => null);

        var report = ClobberGuard.Check(plan, snapshot);

        Assert.Equal(TargetState.Free, Assert.Single(report.Targets).State);
        Assert.False(report.Refused);
        Assert.Null(report.RefusalMessage);
        Assert.Equal(plan.Steps, report.StepsToRun(plan));
    }

    [Fact]
    public void A_different_default_with_the_same_metric_in_the_vrf_table_refuses_the_plan()
    {
        var (plan, snapshot) = Issue1253(s => s.V6(1001, "::/0", "2001:db8:1::99", "net1"));

        var report = ClobberGuard.Check(plan, snapshot);

        var target = Assert.Single(report.Targets);
        Assert.Equal(TargetState.Conflict, target.State);
        Assert.True(report.Refused);
        Assert.Contains("table 1001 (vrf1001)", report.RefusalMessage);
        Assert.Contains("via 2001:db8:1::99 dev net1", report.RefusalMessage);
        Assert.Equal(IpAddr.Parse("2001:db8:1::99"), Assert.Single(target.Existing).Gateway);
    }

    [Fact]
    public void A_same_slot_route_of_another_type_is_a_conflict_too()
    {
        var (plan, snapshot) = Issue1253(s => s.V6(1001, "::/0", null, "lo") with { Type = RouteType.Unreachable });

        Assert.True(ClobberGuard.Check(plan, snapshot).Refused);
    }

    [Fact]
    public void The_identical_route_already_in_place_means_that_add_is_done()
    {
        // As the reader would show it after an interrupted earlier run: a separate object, with state
        // flags the plan's route does not have (linkdown while net1 had no carrier).
        var (plan, snapshot) = Issue1253(s => s.V6(1001, "::/0", "2001:db8:1::1", "net1") with { Flags = RouteFlags.Linkdown });

        var report = ClobberGuard.Check(plan, snapshot);

        Assert.Equal(TargetState.AlreadyPresent, Assert.Single(report.Targets).State);
        Assert.False(report.Refused);
        var steps = report.StepsToRun(plan);
        Assert.Equal([RouteChange.Delete], steps.Select(x => x.Kind));
    }

    [Fact]
    public void The_vrfs_unreachable_default_at_the_highest_metric_does_not_block()
    {
        var (plan, snapshot) = Issue1253(s => s.V6(1001, "::/0", null, "lo", 4278198272) with { Type = RouteType.Unreachable });

        Assert.Equal(TargetState.Free, Assert.Single(ClobberGuard.Check(plan, snapshot).Targets).State);
    }

    [Fact]
    public void Same_dst_in_the_vrf_table_with_another_metric_does_not_block()
    {
        var (plan, snapshot) = Issue1253(s => s.V6(1001, "::/0", "2001:db8:1::99", "net1", 2048));

        Assert.False(ClobberGuard.Check(plan, snapshot).Refused);
    }
}
