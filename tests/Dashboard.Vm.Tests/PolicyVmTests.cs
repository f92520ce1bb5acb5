using System.Globalization;
using System.Text.Json;
using Dashboard.Vm.Tests.Harness;

namespace Dashboard.Vm.Tests;

/// <summary>
/// Issue 11's policy on Debian's 6.1 kernel: the dashboard in the guest fixes the #1253 pods Debian's
/// macvlan -> vrf chain leaves, by itself, when its policy is on; with the policy off, or the pod
/// excluded, it reports the finding and nothing changes. `ip -j` is the witness.
/// </summary>
public sealed class PolicyVmTests(PolicyVmFixture vm) : IClassFixture<PolicyVmFixture>
{
    private static readonly IpHop Eth0 = new("2001:db8::1", "eth0", 1);
    private static readonly IpHop Net1 = new("2001:db8:1::1", "net1", 1);

    private ScenarioResult S => vm.Scenario("p1-policy").EnsureSucceeded();

    private static IpRoute? Default(ScenarioResult s, string stage, string table) =>
        IpJson.Routes(s.ReadJson(stage + "-routes6.json")).SingleOrDefault(r => r.Dst == "default" && r.Table == table && r.Type == "unicast");

    private static JsonElement[] Recent(ScenarioResult s) => s.ReadJson("policy-on.json").GetProperty("recent").EnumerateArray().ToArray();

    [Fact]
    public void With_the_policy_off_the_dashboard_reports_the_finding_and_changes_nothing()
    {
        var s = S;
        var policy = s.ReadJson("policy-off.json");
        Assert.False(policy.GetProperty("enabled").GetBoolean());
        Assert.False(policy.GetProperty("active").GetBoolean());
        Assert.Empty(policy.GetProperty("recent").EnumerateArray());
        // The scenario waited for the dashboard to report pa's finding, then for three settle delays.
        Assert.Equal([Eth0, Net1], Default(s, "pa-off-after", "main")!.Hops);
        Assert.Null(Default(s, "pa-off-after", "1001"));
    }

    [Fact]
    public void With_the_policy_on_the_finding_open_at_start_is_fixed_by_the_policy()
    {
        var s = S;
        Assert.Equal([Eth0], Default(s, "pa-on-after", "main")!.Hops);
        Assert.Equal([Net1], Default(s, "pa-on-after", "1001")!.Hops);
        Assert.Contains(Recent(s), a => a.GetProperty("namespace").GetString() == "pa" && a.GetProperty("outcome").GetString() == "fixed");
        TestContext.Current.SendDiagnosticMessage($"policy: pa (open when the dashboard started) fixed {s.ReadFile("pa-ready-to-fixed-ms").Trim()} ms after the dashboard answered");
    }

    [Fact]
    public void With_the_policy_on_a_new_pod_is_fixed_by_itself_and_the_time_from_enslave_to_fixed_is_reported()
    {
        var s = S;
        Assert.Equal([Eth0], Default(s, "pb-on-after", "main")!.Hops);
        Assert.Equal([Net1], Default(s, "pb-on-after", "1001")!.Hops);
        var ms = int.Parse(s.ReadFile("pb-enslave-to-fixed-ms").Trim(), CultureInfo.InvariantCulture);
        // Reported, not asserted: the settle delay (2 s) plus the dashboard's work, under TCG.
        TestContext.Current.SendDiagnosticMessage($"policy: pb fixed {ms} ms after the vrf plugin that enslaved net1 exited (settle 2 s)");

        var audit = s.ReadJson("audit-on.json").GetProperty("items").EnumerateArray()
            .Where(r => r.GetProperty("action").GetString() == "migration").ToArray();
        Assert.Equal(["pa", "pb"], audit.Select(r => r.GetProperty("namespaceId").GetString()).Order());
        Assert.All(audit, r => Assert.Equal(("policy", "auto-remediation", "applied"),
            (r.GetProperty("actor").GetString(), r.GetProperty("who").GetString(), r.GetProperty("outcome").GetString())));
    }

    [Fact]
    public void An_excluded_pod_is_reported_and_left_alone()
    {
        var s = S;
        Assert.Equal([Eth0, Net1], Default(s, "pol-excl1-on-after", "main")!.Hops);
        Assert.Null(Default(s, "pol-excl1-on-after", "1001"));
        Assert.Contains(s.ReadJson("findings-on.json").EnumerateArray(), f => f.GetProperty("namespace").GetString() == "pol-excl1");
        Assert.DoesNotContain(Recent(s), a => a.GetProperty("namespace").GetString() == "pol-excl1");
        var policy = s.ReadJson("policy-on.json");
        Assert.True(policy.GetProperty("active").GetBoolean());
        Assert.Equal(["pol-excl*"], policy.GetProperty("exclude").EnumerateArray().Select(e => e.GetString()));
    }
}
