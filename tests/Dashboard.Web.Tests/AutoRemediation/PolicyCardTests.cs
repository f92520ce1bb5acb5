using Bunit;
using Dashboard.Web.AutoRemediation;
using Dashboard.Web.Components.Pages.AutoRemediation;
using Dashboard.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Web.Tests.AutoRemediation;

/// <summary>What the overview and the namespace page show of the policy.</summary>
public sealed class PolicyCardTests : MudComponentTest
{
    private PolicyLedger Ledger(AutoRemediationSettings settings)
    {
        var ledger = new PolicyLedger(settings, Clock);
        Services.AddSingleton(ledger);
        Services.AddSingleton(sp => new PolicyReset(ledger, sp.GetRequiredService<Dashboard.Server.Audit.IAuditLog>(), Clock));
        return ledger;
    }

    private PolicyAction Fixed() => new(Clock.GetUtcNow(), SampleNode.PodNs, "cni-4f1c2a9e (pod tenant-a/frontend-0)", SampleNode.FindingId,
        "mixed-vrf-ecmp", "default table main metric 1024 nexthop via 2001:db8:1::1 dev net1", PolicyOutcome.Fixed, "Applied and verified");

    [Fact]
    public void Overview_says_the_policy_is_off_while_the_dashboard_is_read_only()
    {
        var ledger = Ledger(PolicyHarness.On());
        ledger.SetState(false, "off: the dashboard is read-only (Dashboard__ReadOnly=true)");
        var cut = Render<PolicyCard>();

        Assert.Equal("off", cut.Find("[data-testid=policy-state]").TextContent.Trim());
        Assert.Contains("read-only", cut.Find("[data-testid=policy-card]").TextContent);
    }

    [Fact]
    public void Overview_shows_the_policy_on_and_what_it_fixed_how_long_ago()
    {
        var ledger = Ledger(PolicyHarness.On());
        ledger.SetState(true, "on");
        ledger.Record(Fixed());
        Clock.Advance(TimeSpan.FromSeconds(3));
        var cut = Render<PolicyCard>();

        Assert.Equal("on", cut.Find("[data-testid=policy-state]").TextContent.Trim());
        Assert.Contains("fixes mixed-vrf-ecmp", cut.Find("[data-testid=policy-card]").TextContent);
        var recent = cut.Find("[data-testid=policy-recent]").TextContent;
        Assert.Contains("fixed by policy 3 s ago", recent);
        Assert.Contains("tenant-a/frontend-0", recent);
    }

    [Fact]
    public async Task A_stopped_namespace_has_a_reset_button_that_resumes_the_policy_and_is_audited()
    {
        var ledger = Ledger(PolicyHarness.On(s => s with { FailuresBeforeStop = 1 }));
        Render<MudPopoverProvider>();
        ledger.SetState(true, "on");
        ledger.Failed(Fixed() with { Outcome = PolicyOutcome.Failed, Message = "rolled-back: No route to host" });
        var cut = Render<PolicyCard>();
        Assert.Contains("after 1 failures in a row", cut.Find("[data-testid=policy-stopped]").TextContent);

        cut.Find("[data-testid=policy-reset]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=policy-stopped]")));
        Assert.False(ledger.IsStopped(SampleNode.PodNs));
        // The card changes when the ledger does; the audit record is appended right after.
        var items = (await AuditAsync()).Items;
        for (var deadline = DateTime.UtcNow.AddSeconds(10); items.Count == 0 && DateTime.UtcNow < deadline; items = (await AuditAsync()).Items)
            await Task.Delay(50, Xunit.TestContext.Current.CancellationToken);
        var record = Assert.Single(items);
        Assert.Equal((PolicyReset.Action, "dashboard"), (record.Action, record.Actor));
    }

    [Fact]
    public void Namespace_page_banner_says_fixed_by_policy()
    {
        var ledger = Ledger(PolicyHarness.On());
        ledger.Record(Fixed());
        Clock.Advance(TimeSpan.FromSeconds(3));
        var cut = Render<PolicyBanner>(p => p.Add(c => c.NamespaceId, SampleNode.PodNs));

        Assert.Contains("fixed by policy 3 s ago", cut.Find("[data-testid=policy-action]").TextContent);
        Assert.Empty(Render<PolicyBanner>(p => p.Add(c => c.NamespaceId, SampleNode.PlainNs)).FindAll("[data-testid=policy-action]"));
    }
}
