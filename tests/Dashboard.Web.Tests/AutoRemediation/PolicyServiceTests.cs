using Dashboard.Server.Analysis;
using Dashboard.Server.Events;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Dashboard.Web.AutoRemediation;
using Dashboard.Web.Tests.Support;

namespace Dashboard.Web.Tests.AutoRemediation;

/// <summary>
/// The auto-remediation policy over the in-code #1253 pod: off unless enabled, off while read-only,
/// waits for the settle delay, fixes through the migration service with actor "policy", honours the
/// kinds, the namespace filter and MaxPerMinute, and stops after consecutive failures until reset.
/// </summary>
public sealed class PolicyServiceTests
{
    private const string Pod = SampleNode.PodNs;

    [Fact]
    public async Task Off_by_default_it_changes_nothing_and_says_why()
    {
        await using var h = await new PolicyHarness(new AutoRemediationSettings()).StartAsync();
        h.Source.FindingOpened(Pod);
        await Task.Delay(1000, TestContext.Current.CancellationToken);

        Assert.Empty(h.Backend.Changes);
        var status = h.Ledger.Status();
        Assert.False(status.Active);
        Assert.Contains("Enabled", status.State);
    }

    [Fact]
    public async Task Enabled_but_read_only_it_changes_nothing_and_says_read_only()
    {
        await using var h = await new PolicyHarness(PolicyHarness.On(), readOnly: true).StartAsync();
        h.Source.FindingOpened(Pod);
        await Task.Delay(1000, TestContext.Current.CancellationToken);

        Assert.Empty(h.Backend.Changes);
        Assert.False(h.Ledger.Status().Active);
        Assert.Contains("read-only", h.Ledger.Status().State);
    }

    [Fact]
    public async Task A_finding_open_at_start_is_fixed_after_the_settle_delay_and_audited_as_policy()
    {
        var settle = TimeSpan.FromSeconds(1.5);
        await using var h = PolicyHarnessWith(s => s with { Settle = settle });
        var plan = SampleNode.MixedFinding.Plan!;
        var started = DateTime.UtcNow;
        await h.StartAsync();

        // Nothing can happen before the settle delay, however fast the machine is.
        await Task.Delay(settle / 3, TestContext.Current.CancellationToken);
        if (DateTime.UtcNow - started < settle) Assert.Empty(h.Backend.Changes);

        await WaitForFixAsync(h);
        Assert.Equal(0, h.Findings(Pod));
        Assert.Equal(plan.Steps.Select(s => (s.Kind, s.Route!)), h.Backend.Changes.Select(c => (c.Kind, c.Route)));
        var record = Assert.Single(await h.AuditAsync());
        Assert.Equal(("policy", "auto-remediation", "migration", "applied"), (record.Actor, record.Who, record.Action, record.Outcome));

        var action = Assert.Single(h.Ledger.Recent());
        Assert.Equal(PolicyOutcome.Fixed, action.Outcome);
        Assert.Equal(Pod, action.Namespace);
        Assert.Contains("tenant-a/frontend-7d9f8b6c5-x2x8q", action.Where);
        Assert.Contains("nexthop via 2001:db8:1::1 dev net1", action.Route);
    }

    /// <summary>Until the policy has recorded a fix: by then its migration, audit record included, has returned.</summary>
    private static Task WaitForFixAsync(PolicyHarness h) =>
        PolicyHarness.WaitForAsync(() => h.Ledger.Recent().Any(a => a.Outcome == PolicyOutcome.Fixed), "the policy to fix the pod");

    private static PolicyHarness PolicyHarnessWith(Func<AutoRemediationSettings, AutoRemediationSettings> edit, bool secondPod = false) =>
        new(PolicyHarness.On(edit), secondPod: secondPod);

    [Fact]
    public async Task A_finding_that_opens_later_is_fixed_once_its_namespace_is_quiet()
    {
        var pod = SampleNode.PodSnapshot();
        await using var h = PolicyHarnessWith(s => s);
        h.Backend.Remove(Pod);
        await h.StartAsync();
        await Task.Delay(700, TestContext.Current.CancellationToken); // the initial sweep found nothing

        h.Backend.Put(pod);
        h.Source.FindingOpened(Pod);
        // The chain is still busy: each change pushes the policy back.
        for (int i = 0; i < 4; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            h.Source.Publish(Pod, RouteChangeKind.AddressChanged, "2001:db8:1::11/64 dev net1");
        }
        await WaitForFixAsync(h);
        Assert.Equal(0, h.Findings(Pod));
        Assert.Equal("policy", Assert.Single(await h.AuditAsync()).Actor);
    }

    [Fact]
    public async Task An_excluded_pod_is_left_alone_while_an_included_one_is_fixed()
    {
        await using var h = await PolicyHarnessWith(s => s with { Filter = new NamespaceFilter([], ["tenant-a/*"]) }, secondPod: true).StartAsync();

        await PolicyHarness.WaitForAsync(() => h.Findings(PolicyHarness.SecondPod) == 0, "the included pod to be fixed");
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        Assert.Equal(1, h.Findings(Pod));
        Assert.All(h.Backend.Changes, c => Assert.Equal(PolicyHarness.SecondPod, c.NamespaceId));
    }

    [Fact]
    public async Task Kinds_it_is_not_configured_for_are_left_alone()
    {
        await using var h = await PolicyHarnessWith(s => s with { Kinds = new HashSet<FindingKind> { FindingKind.InterVrfRoute } }).StartAsync();
        h.Source.FindingOpened(Pod);
        await Task.Delay(1500, TestContext.Current.CancellationToken);

        Assert.True(h.Ledger.Status().Active);
        Assert.Empty(h.Backend.Changes);
    }

    [Fact]
    public async Task MaxPerMinute_defers_the_next_fix_and_says_so()
    {
        await using var h = await PolicyHarnessWith(s => s with { MaxPerMinute = 1 }, secondPod: true).StartAsync();

        await PolicyHarness.WaitForAsync(() => h.Ledger.Recent().Any(a => a.Outcome == PolicyOutcome.Deferred), "a deferred fix");
        Assert.Equal(1, h.Findings(Pod) + h.Findings(PolicyHarness.SecondPod)); // one fixed, one waiting
        Assert.Single(h.Ledger.Recent(), a => a.Outcome == PolicyOutcome.Fixed);
        Assert.Single(await h.AuditAsync());
    }

    [Fact]
    public async Task After_three_failures_in_a_row_it_stops_there_until_reset_and_then_fixes()
    {
        await using var h = PolicyHarnessWith(s => s);
        h.Backend.FailChange = (kind, _) => kind == RouteChange.Add ? new NetlinkException(113, "add route", null) : null;
        await h.StartAsync();

        await PolicyHarness.WaitForAsync(() => h.Ledger.IsStopped(Pod), "the breaker to stop the policy", seconds: 60);
        var attempts = h.Backend.Changes.Count;
        Assert.Equal(3, attempts); // one refused add per attempt, nothing to undo
        var audit = await h.AuditAsync();
        Assert.Equal(3, audit.Count);
        Assert.All(audit, r => Assert.Equal(("policy", "rolled-back"), (r.Actor, r.Outcome)));
        var stopped = h.Ledger.Recent().First();
        Assert.Equal(PolicyOutcome.Stopped, stopped.Outcome);
        Assert.Contains("No route to host", stopped.Message);

        // Stopped means stopped: a new notice about the namespace changes nothing.
        h.Source.FindingOpened(Pod);
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        Assert.Equal(attempts, h.Backend.Changes.Count);

        h.Backend.FailChange = null;
        var reset = new PolicyReset(h.Ledger, h.Audit, TimeProvider.System);
        var cleared = await reset.ResetAsync(new("dashboard", "operator", "192.0.2.7"), Pod, TestContext.Current.CancellationToken);
        Assert.Equal(Pod, Assert.Single(cleared).Namespace);
        await WaitForFixAsync(h);
        Assert.Equal(0, h.Findings(Pod));

        var trail = await h.AuditAsync();
        var resetRecord = Assert.Single(trail, r => r.Action == PolicyReset.Action);
        Assert.Equal(("dashboard", "operator", "192.0.2.7", Pod), (resetRecord.Actor, resetRecord.Who, resetRecord.From, resetRecord.NamespaceId));
        Assert.Equal("applied", trail[0].Outcome); // newest first: the fix after the reset
    }
}
