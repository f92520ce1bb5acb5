using Dashboard.Server.Analysis;
using Dashboard.Server.Audit;
using Dashboard.Server.Migration;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Dashboard.Server.State;
using Dashboard.Server.Tests.Analysis;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Server.Tests.Migration;

/// <summary>
/// Plans that add what is missing (vrf-table-no-default, l3mdev-rule-missing) through the one executor:
/// compare (the finding is still there), clobber guard, journal, verify by re-read, roll back by
/// deleting what was added, recovery of an open record. The kernel is in memory; the VM scenarios run
/// the same plans on a real VRF kernel.
/// </summary>
public sealed class AdditivePlanTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rdt-additive-").FullName;
    private StateLocations State => new(_root);
    private static readonly Caller Tester = new("cli", "additive-plan-tests");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private MigrationExecutor Executor(MigrationOptions? options = null) => new(options ?? new MigrationOptions(), new MigrationJournal(State));

    /// <summary>vrf1001 whose member net1 has 10.1.0.2/24 and 2001:db8:1::2/64, and no default in table 1001.</summary>
    private static NamespaceSnapshot NoVrfDefault() =>
        NodeState.Issue1253Pod().KernelRules().Addr(3, "10.1.0.2", 24).Addr(3, "2001:db8:1::2", 64).Snapshot();

    /// <summary>vrf1001 after `ip rule flush`: the kernel's rules without the l3mdev ones.</summary>
    private static NamespaceSnapshot NoL3mdev() => NodeState.Issue1253Pod().KernelRules(l3mdev: false).Snapshot();

    private static Diagnosis Of(NamespaceSnapshot s, FindingKind kind, IpFamily family) =>
        Doctor.Diagnose(s).Single(d => d.Finding.Kind == kind && d.Finding.Family == family);

    /// <summary>How the kernel shows an IPv6 reject route: through lo, with preference medium.</summary>
    private static Route AsKernelShows(Route r, NamespaceSnapshot s) =>
        r.Type == RouteType.Unreachable && r.Family == IpFamily.Inet6 ? r with { Oif = s.Topology.LinkByName("lo")!.Index, Pref = RoutePref.Medium } : r;

    [Theory]
    [InlineData(IpFamily.Inet, "ip route add unreachable default table 1001 metric 4278198272 proto boot")]
    [InlineData(IpFamily.Inet6, "ip -6 route add unreachable default table 1001 metric 4278198272 proto boot")]
    public void The_unreachable_default_is_added_verified_and_the_finding_is_gone(IpFamily family, string command)
    {
        var before = NoVrfDefault();
        var kernel = new InMemoryKernel(before);
        var plan = Of(before, FindingKind.VrfTableNoDefault, family).Plan!;

        var result = Executor().Apply(kernel, plan, Tester, TestContext.Current.CancellationToken);
        // The kernel shows the IPv6 route "dev lo": still the route that was asked for.
        kernel.State = kernel.State with { Routes = kernel.State.Routes.Select(r => AsKernelShows(r, before)).ToArray() };

        Assert.True(result.Outcome == MigrationOutcome.Applied, result.Message);
        Assert.Equal([command], kernel.Requests);
        Assert.Empty(result.Before);
        Assert.Equal(RouteType.Unreachable, Assert.Single(result.After).Type);
        Assert.Null(MigrationExecutor.Verify(plan, kernel.State));
        Assert.DoesNotContain(FindingAnalyzer.Analyze(kernel.State), f => f.Kind == FindingKind.VrfTableNoDefault && f.Family == family);
        Assert.Empty(Directory.EnumerateFiles(State.Journal)); // written ahead, then closed
    }

    [Theory]
    [InlineData(IpFamily.Inet, "ip rule add l3mdev pref 1000")]
    [InlineData(IpFamily.Inet6, "ip -6 rule add l3mdev pref 1000")]
    public void The_l3mdev_rule_is_added_verified_and_the_finding_is_gone(IpFamily family, string command)
    {
        var before = NoL3mdev();
        var kernel = new InMemoryKernel(before);
        var plan = Of(before, FindingKind.L3mdevRuleMissing, family).Plan!;

        var result = Executor().Apply(kernel, plan, Tester, TestContext.Current.CancellationToken);

        Assert.True(result.Outcome == MigrationOutcome.Applied, result.Message);
        Assert.Equal([command], kernel.Requests);
        Assert.Contains("rule l3mdev pref 1000", result.Message);
        Assert.Contains(kernel.State.Rules, r => r.Family == family && r.L3mdev && r.Priority == 1000);
        Assert.Single(FindingAnalyzer.Analyze(kernel.State)); // the other family's is still there
    }

    [Fact]
    public void A_failure_after_the_rule_is_added_deletes_it_again()
    {
        var before = NoL3mdev();
        var kernel = new InMemoryKernel(before);
        var plan = Of(before, FindingKind.L3mdevRuleMissing, IpFamily.Inet6).Plan!;

        var result = Executor(new MigrationOptions { FailAfterStep = 1 }).Apply(kernel, plan, Tester, TestContext.Current.CancellationToken);

        Assert.True(result.Outcome == MigrationOutcome.RolledBack, result.Message);
        Assert.Equal(["ip -6 rule add l3mdev pref 1000", "ip -6 rule del l3mdev pref 1000"], kernel.Requests);
        Assert.Equal(before.Rules, kernel.State.Rules);
        Assert.Empty(Directory.EnumerateFiles(State.Journal));
    }

    [Fact]
    public void A_failure_after_the_route_is_added_deletes_it_again()
    {
        var before = NoVrfDefault();
        var kernel = new InMemoryKernel(before);
        var plan = Of(before, FindingKind.VrfTableNoDefault, IpFamily.Inet).Plan!;

        var result = Executor(new MigrationOptions { FailAfterStep = 1 }).Apply(kernel, plan, Tester, TestContext.Current.CancellationToken);

        Assert.True(result.Outcome == MigrationOutcome.RolledBack, result.Message);
        Assert.Contains("1 step(s) undone", result.Message);
        Assert.Equal(["ip route add unreachable default table 1001 metric 4278198272 proto boot",
                      "ip route del unreachable default table 1001 metric 4278198272 proto boot"], kernel.Requests);
        Assert.Equal(before.Routes, kernel.State.Routes);
    }

    [Fact]
    public void A_kernel_refusal_is_rolled_back_with_nothing_changed_and_its_words()
    {
        var before = NoL3mdev();
        var kernel = new InMemoryKernel(before) { Refuse = (_, _) => 95 }; // EOPNOTSUPP: no l3mdev support
        var plan = Of(before, FindingKind.L3mdevRuleMissing, IpFamily.Inet).Plan!;

        var result = Executor().Apply(kernel, plan, Tester, TestContext.Current.CancellationToken);

        Assert.True(result.Outcome == MigrationOutcome.RolledBack, result.Message);
        Assert.Contains("Step 1 failed: `ip rule add l3mdev pref 1000`", result.Message);
        Assert.Contains("nothing had been changed", result.Message);
        Assert.Equal(before.Rules, kernel.State.Rules);
    }

    [Fact]
    public void A_finding_fixed_since_the_plan_was_made_is_refused_and_nothing_is_sent()
    {
        var before = NoVrfDefault();
        var plan = Of(before, FindingKind.VrfTableNoDefault, IpFamily.Inet).Plan!;
        var s = NodeState.Issue1253Pod();
        var fixedMeanwhile = before with { Routes = [.. before.Routes, s.V4(1001, "0.0.0.0/0", "10.1.0.1", "net1")] };
        var kernel = new InMemoryKernel(fixedMeanwhile);

        var result = Executor().Apply(kernel, plan, Tester, TestContext.Current.CancellationToken);

        Assert.Equal(MigrationOutcome.Refused, result.Outcome);
        Assert.Contains("is no longer there", result.Message);
        Assert.Empty(kernel.Requests);
    }

    [Fact]
    public void A_different_route_in_the_slot_the_unreachable_default_would_take_is_not_clobbered()
    {
        // `throw default metric 4278198272` ends nothing (the finding stands) but holds the very slot.
        var before = NoVrfDefault();
        var occupied = before with
        {
            Routes = [.. before.Routes, new Route { Family = IpFamily.Inet, Table = 1001, Type = RouteType.Throw, Dst = IpPrefix.Default(IpFamily.Inet), Metric = 4278198272 }],
        };
        var plan = Of(occupied, FindingKind.VrfTableNoDefault, IpFamily.Inet).Plan!;
        var kernel = new InMemoryKernel(occupied);

        var result = Executor().Apply(kernel, plan, Tester, TestContext.Current.CancellationToken);

        Assert.Equal(MigrationOutcome.Refused, result.Outcome);
        Assert.Contains("already has a different route", result.Message);
        Assert.Empty(kernel.Requests);
    }

    [Fact]
    public async Task Recovery_rolls_an_open_rule_record_forward_or_finds_it_complete()
    {
        var journal = new MigrationJournal(State);
        var audit = new FileAuditLog(_root, NullLogger<FileAuditLog>.Instance);
        var recovery = new JournalRecovery(journal, KernelNetlink.Instance, audit, State);
        var before = NoL3mdev();
        var plan = Of(before, FindingKind.L3mdevRuleMissing, IpFamily.Inet6).Plan!;
        var ruleKeys = PlanStates.RuleKeys(plan);
        void Open(NamespaceSnapshot s) => journal.Begin(s.Namespace, plan, plan.Steps, PlanStates.Of(plan, plan.Steps, []), PlanStates.Keys(plan),
            PlanStates.RulesOf(plan.Steps, PlanStates.TouchedRules(s, ruleKeys)), ruleKeys, "cli", "crashed");

        // The process died before its step: the rule is added now.
        var notYet = new InMemoryKernel(before);
        Open(before);
        var forward = Assert.Single(await recovery.ResolveAsync(notYet, before.Namespace.Inode, Tester));
        Assert.True(forward.Outcome == RecoveryOutcome.RolledForward, forward.Message);
        Assert.Equal(["ip -6 rule add l3mdev pref 1000"], notYet.Requests);

        // The process died after its step: the record is closed as complete, nothing sent.
        Open(before);
        var done = new InMemoryKernel(notYet.State);
        var complete = Assert.Single(await recovery.ResolveAsync(done, before.Namespace.Inode, Tester));
        Assert.True(complete.Outcome == RecoveryOutcome.Completed, complete.Message);
        Assert.Empty(done.Requests);
        Assert.Empty(Directory.EnumerateFiles(State.Journal));
    }
}
