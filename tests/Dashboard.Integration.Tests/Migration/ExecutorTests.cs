using Dashboard.Integration.Tests.Support;
using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Dashboard.Server.State;

namespace Dashboard.Integration.Tests.Migration;

/// <summary>
/// The executor against the host's real kernel. The host has no VRF module, so these tests plan moves
/// into table 1001 by hand (the analyzer needs a real vrf device; the VM tests cover that end to end).
/// The netlink operations, compare-and-swap, verification and rollback are the real ones.
/// </summary>
public class ExecutorTests : IDisposable
{
    private static TestNamespace Pod(string purpose)
    {
        var ns = new TestNamespace(purpose);
        ns.IpBatch(RoutingScenario.Pod);
        return ns;
    }

    /// <summary>What a VRF would give net1 in its table: the connected routes, so gateways resolve.</summary>
    private static void ConnectTable1001(TestNamespace ns) =>
        ns.IpBatch(["route add 2001:db8:1::/64 dev net1 table 1001", "route add 10.1.0.0/24 dev net1 table 1001 scope link"]);

    /// <summary>A handle on the namespace (as the dashboard opens one per migration) and what it reads now.</summary>
    private static (INetlinkHandle Handle, NamespaceSnapshot Snapshot) Open(TestNamespace t)
    {
        var handle = KernelNetlink.Instance.Open(t.Entry());
        return (handle, handle.Read(TestContext.Current.CancellationToken));
    }

    /// <summary>
    /// The VRF a real vrf1001 device would be: a link index is what makes it a VRF rather than the default
    /// one. No device has that index here; the executor only needs the table.
    /// </summary>
    private static readonly VrfRef Vrf1001 = new("vrf1001", 1001, LinkIndex: 1001);

    private static MigrationPlan PlanMoveNet1(NamespaceSnapshot s, IpFamily family, string dst)
    {
        var original = s.Routes.Single(r => r.Family == family && r.Dst == IpPrefix.Parse(dst) && r.Table == RoutingTable.Main);
        var net1 = original.Paths.Single(p => s.Topology.DeviceName(p.Oif) == "net1");
        return MigrationPlanner.Plan("f-test", s.Namespace.Id, original, [new OffendingNexthop(net1, Vrf1001)], s);
    }

    private static readonly Caller Tester = new("cli", "executor-tests");

    /// <summary>The executor as the migration service builds it, with its journal in a directory of this test's own.</summary>
    private MigrationExecutor Executor(MigrationOptions? options = null) =>
        new(options ?? new MigrationOptions(), new MigrationJournal(new StateLocations(_state.Path)));

    private readonly TempState _state = new();

    public void Dispose() => _state.Dispose();

    private static string State(TestNamespace ns) =>
        string.Join("\n", IpJson.Routes(ns.Name, IpFamily.Inet).Concat(IpJson.Routes(ns.Name, IpFamily.Inet6)));

    [Fact]
    public void Ipv6_sibling_moves_to_the_vrf_table_and_main_keeps_eth0()
    {
        using var t = Pod("mv6");
        ConnectTable1001(t);
        var (handle, s) = Open(t);
        using var _h = handle;

        var result = Executor().Apply(handle, PlanMoveNet1(s, IpFamily.Inet6, "::/0"), Tester, TestContext.Current.CancellationToken);

        Assert.True(result.Outcome == MigrationOutcome.Applied, result.Message);
        Assert.Empty(_state.OpenJournalRecords); // the intent record was written, then closed
        Assert.Equal("default via 2001:db8:1::1 dev net1 metric 1024 pref medium", t.Ip("-6", "route", "show", "table", "1001", "default").Trim());
        Assert.Equal("default via 2001:db8::1 dev eth0 metric 1024 pref medium", t.Ip("-6", "route", "show", "table", "main", "default").Trim());
        // Idempotent: the same plan again finds its original route gone and applies nothing.
        var again = Executor().Apply(handle, PlanMoveNet1(s, IpFamily.Inet6, "::/0"), Tester, TestContext.Current.CancellationToken);
        Assert.Equal(MigrationOutcome.Refused, again.Outcome);
    }

    [Fact]
    public void Ipv4_multipath_is_replaced_by_its_remaining_nexthop()
    {
        using var t = Pod("mv4");
        ConnectTable1001(t);
        var (handle, s) = Open(t);
        using var _h = handle;

        var plan = PlanMoveNet1(s, IpFamily.Inet, "192.168.0.0/16");
        Assert.Contains(plan.Steps, step => step.Kind == RouteChange.Replace);
        var result = Executor().Apply(handle, plan, Tester, TestContext.Current.CancellationToken);

        Assert.True(result.Outcome == MigrationOutcome.Applied, result.Message);
        Assert.Equal("192.168.0.0/16 via 10.1.0.1 dev net1", t.Ip("route", "show", "table", "1001", "192.168.0.0/16").Trim());
        Assert.Equal("192.168.0.0/16 via 10.0.0.1 dev eth0", t.Ip("route", "show", "table", "main", "192.168.0.0/16").Trim());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_failure_after_a_step_restores_the_exact_original_state(int failAfter)
    {
        using var t = Pod("rb");
        ConnectTable1001(t);
        var before = State(t);
        var (handle, s) = Open(t);
        using var _h = handle;

        var result = Executor(new MigrationOptions { FailAfterStep = failAfter })
            .Apply(handle, PlanMoveNet1(s, IpFamily.Inet6, "::/0"), Tester, TestContext.Current.CancellationToken);

        Assert.True(result.Outcome == MigrationOutcome.RolledBack, result.Message);
        Assert.Contains("failure injected", result.Message);
        Assert.Equal(before, State(t));
    }

    [Fact]
    public void Ipv4_failure_after_replace_restores_the_multipath_route_with_its_weights()
    {
        using var t = Pod("rb4");
        ConnectTable1001(t);
        var before = State(t);
        var (handle, s) = Open(t);
        using var _h = handle;

        var result = Executor(new MigrationOptions { FailAfterStep = 2 })
            .Apply(handle, PlanMoveNet1(s, IpFamily.Inet, "192.168.0.0/16"), Tester, TestContext.Current.CancellationToken);

        Assert.Equal(MigrationOutcome.RolledBack, result.Outcome);
        Assert.Equal(before, State(t));
        Assert.Contains("weight 3", t.Ip("route", "show", "192.168.0.0/16"));
    }

    [Fact]
    public void A_route_changed_after_planning_is_refused_and_nothing_is_applied()
    {
        using var t = Pod("cas");
        ConnectTable1001(t);
        var (handle, s) = Open(t);
        using var _h = handle;
        var plan = PlanMoveNet1(s, IpFamily.Inet, "192.168.0.0/16");
        t.Ip("route", "replace", "192.168.0.0/16", "nexthop", "via", "10.0.0.1", "dev", "eth0", "weight", "5", "nexthop", "via", "10.1.0.1", "dev", "net1", "weight", "3");
        var changed = State(t);

        var result = Executor().Apply(handle, plan, Tester, TestContext.Current.CancellationToken);

        Assert.Equal(MigrationOutcome.Refused, result.Outcome);
        Assert.Contains("changed since the plan", result.Message);
        Assert.Equal(changed, State(t));
    }

    [Fact]
    public void An_unreachable_gateway_in_the_vrf_table_is_a_clear_error_and_changes_nothing()
    {
        using var t = Pod("unreach");
        // As when enslaving flushes the member's global address: nothing makes the gateway reachable.
        t.Ip("addr", "del", "2001:db8:1::2/64", "dev", "net1");
        var before = State(t);
        var (handle, s) = Open(t);
        using var _h = handle;

        var result = Executor().Apply(handle, PlanMoveNet1(s, IpFamily.Inet6, "::/0"), Tester, TestContext.Current.CancellationToken);

        Assert.Equal(MigrationOutcome.RolledBack, result.Outcome);
        Assert.Contains("not reachable in table 1001", result.Message);
        Assert.Contains("nothing had been changed", result.Message);
        Assert.NotNull(result.KernelError);
        Assert.Equal(before, State(t));
    }

    [Fact]
    public void A_different_route_in_the_target_slot_is_never_clobbered()
    {
        using var t = Pod("clobber");
        ConnectTable1001(t);
        t.Ip("-6", "route", "add", "default", "via", "2001:db8:1::99", "dev", "net1", "table", "1001", "metric", "1024");
        var before = State(t);
        var (handle, s) = Open(t);
        using var _h = handle;

        var result = Executor().Apply(handle, PlanMoveNet1(s, IpFamily.Inet6, "::/0"), Tester, TestContext.Current.CancellationToken);

        Assert.Equal(MigrationOutcome.Refused, result.Outcome);
        Assert.Contains("2001:db8:1::99", result.Message);
        Assert.Equal(before, State(t));
    }
}
