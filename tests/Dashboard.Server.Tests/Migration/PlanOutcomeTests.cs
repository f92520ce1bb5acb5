using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;
using Dashboard.Server.Tests.Analysis;

namespace Dashboard.Server.Tests.Migration;

/// <summary>Once a plan's expected state holds, a second scan finds nothing left to fix.</summary>
public sealed class PlanOutcomeTests
{
    private const uint Main = RoutingTable.Main;

    /// <summary>
    /// The routes the namespace holds once the plan is in, made from the plan's own expectations: the
    /// original gives way to what remains of it, the added routes join. (The backend no longer has
    /// this: only these tests used it. The executor's <see cref="MigrationExecutor.Verify"/> checks a
    /// real re-read against the same expectations, and is asserted on it below.)
    /// </summary>
    private static Route[] ExpectedAfter(MigrationPlan plan, IReadOnlyList<Route> before)
    {
        var after = new List<Route>();
        var removed = false;
        foreach (var r in before)
        {
            if (!removed && RouteComparer.SameRoute(r, plan.Original!))
            {
                removed = true;
                if (plan.ExpectedRemaining is { } rest) after.Add(rest);
                continue;
            }
            after.Add(r);
        }
        Assert.True(removed, "the plan's original route is not in the snapshot");
        after.AddRange(plan.ExpectedAdded);
        return after.ToArray();
    }

    public static TheoryData<string> Scenarios => ["1253", "v4", "threeway", "samevrf", "group", "member"];

    private static NodeState Build(string name)
    {
        var s = NodeState.Issue1253Pod().Link(6, "net3", master: 4).Link(8, "net2", master: 9).Vrf(9, "vrfb", 1002).Link(7, "eth1");
        return name switch
        {
            "1253" => s.Add(s.V6Multi(Main, "::/0", s.Hop("fe80::1", "eth0"), s.Hop("2001:db8:1::1", "net1"))),
            "v4" => s.Add(s.V4Multi(Main, "0.0.0.0/0", 100, s.Hop("10.0.0.1", "eth0"), s.Hop("10.1.0.1", "net1"))),
            "threeway" => s.Add(s.V4Multi(Main, "0.0.0.0/0", 1, s.Hop("10.0.0.1", "eth0", 1), s.Hop("10.0.1.1", "eth1", 4),
                s.Hop("10.1.0.1", "net1", 2), s.Hop("10.2.0.1", "net2", 3))),
            "samevrf" => s.Add(s.V6Multi(Main, "::/0", s.Hop("fe80::1", "eth0"), s.Hop("fe80::2", "net1", 2), s.Hop("fe80::3", "net3", 3))),
            "group" => s.Add(new Route
            {
                Family = IpFamily.Inet6, Table = Main, Dst = IpPrefix.Parse("::/0"), Metric = 1024, Pref = RoutePref.Medium,
                Protocol = RouteProtocol.Static, NexthopId = 20, Nexthops = [s.Hop("fe80::1", "eth0", 1, 11), s.Hop("fe80::2", "net1", 1, 12), s.Hop("fe80::5", "net2", 1, 13)],
            }),
            "member" => s.Add(s.V4(Main, "10.20.0.0/16", "10.1.0.1", "net1")),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Expected_state_after_the_plan_gives_no_finding(string scenario)
    {
        var before = Build(scenario).Snapshot();
        var plan = Assert.Single(Doctor.Diagnose(before)).Plan!;

        Assert.Equal(OriginalState.Unchanged, PlanFreshness.Check(plan, before).State);
        Assert.NotNull(MigrationExecutor.Verify(plan, before)); // nothing applied yet: verification must object
        var after = before with { Routes = ExpectedAfter(plan, before.Routes) };

        Assert.Null(MigrationExecutor.Verify(plan, after));
        Assert.Empty(FindingAnalyzer.Analyze(after));
        Assert.Equal(OriginalState.Gone == PlanFreshness.Check(plan, after).State, plan.ExpectedRemaining is null);
        // Every add is now in place, so running the plan again would add nothing.
        Assert.All(ClobberGuard.Check(plan, after).Targets, t => Assert.Equal(TargetState.AlreadyPresent, t.State));
    }

    [Fact]
    public void A_route_changed_since_the_plan_is_reported_changed()
    {
        var s = Build("1253");
        var plan = Assert.Single(Doctor.Diagnose(s.Snapshot())).Plan!;
        var now = s.Snapshot() with
        {
            Routes = [s.V6Multi(Main, "::/0", s.Hop("fe80::1", "eth0"), s.Hop("2001:db8:1::1", "net1"), s.Hop("fe80::9", "eth1"))],
        };

        var (state, current) = PlanFreshness.Check(plan, now);

        Assert.Equal(OriginalState.Changed, state);
        Assert.Equal(3, Assert.Single(current).Nexthops.Count);
    }
}
