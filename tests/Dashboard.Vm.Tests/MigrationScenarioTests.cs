using System.Globalization;
using System.Text.Json;
using Dashboard.Vm.Tests.Harness;

namespace Dashboard.Vm.Tests;

/// <summary>
/// Issue 3's scenarios on Debian's 6.1 kernel (real VRF), end to end through the published routedash:
/// Scenarios/Migration/*.sh build the namespaces and run routedash; the kernel's own view (`ip -j`)
/// and routedash's JSON are checked here.
/// </summary>
public sealed partial class MigrationScenarioTests(MigrationScenarioFixture vm) : IClassFixture<MigrationScenarioFixture>
{
    private static readonly IpHop Eth0V6 = new("2001:db8::1", "eth0", 1);
    private static readonly IpHop Net1V6 = new("2001:db8:1::1", "net1", 1);

    [Fact]
    public void S1_issue_1253_pod_one_finding_then_the_net1_default_is_in_table_1001_and_main_keeps_eth0()
    {
        var s = vm.Scenario("s1-ipv6-1253").EnsureSucceeded();

        var finding = Assert.Single(RoutedashRun.Of(s, "scan").ExpectExit(3).JsonArray());
        Assert.Equal("mixed-vrf-ecmp", RoutedashRun.Text(finding, "kind"));
        Assert.Equal("rdt-vm-s1", RoutedashRun.Text(finding, "namespace"));
        var offending = Assert.Single(finding.GetProperty("offending").EnumerateArray());
        Assert.Equal(("net1", "vrf1001", "1001"),
            (RoutedashRun.Text(offending, "dev"), RoutedashRun.Text(offending, "vrf"), RoutedashRun.Text(offending, "vrfTable")));

        RoutedashRun.Of(s, "migrate").ExpectExit(0).Outcome("applied");
        Assert.Contains(s.ReadFile("after-1001.txt").Split('\n'),
            l => l.StartsWith("default via 2001:db8:1::1 dev net1 metric 1024", StringComparison.Ordinal));
        var after = Routes(s, "after-routes6.json");
        Assert.Equal([Eth0V6], Default(after, "main").Hops);
        Assert.Equal([Net1V6], Default(after, "1001").Hops);
        Assert.Equal(1024, Default(after, "1001").Metric);
        AssertUnchangedExceptDefaults(s, "before", "after");
    }

    [Fact]
    public void S2_ipv4_multipath_default_is_replaced_by_eth0_and_net1_moves_to_table_1001()
    {
        var s = vm.Scenario("s2-ipv4-multipath").EnsureSucceeded();

        var finding = Assert.Single(RoutedashRun.Of(s, "scan").ExpectExit(3).JsonArray());
        Assert.Equal("mixed-vrf-ecmp", RoutedashRun.Text(finding, "kind"));
        Assert.Equal("inet", RoutedashRun.Text(finding.GetProperty("route"), "family"));

        RoutedashRun.Of(s, "migrate").ExpectExit(0).Outcome("applied");
        var after = Routes(s, "after-routes4.json");
        var main = Default(after, "main");
        Assert.Equal([new IpHop("10.0.0.1", "eth0", 1)], main.Hops);
        Assert.Equal(100, main.Metric);
        var vrf = Default(after, "1001");
        Assert.Equal([new IpHop("10.1.0.1", "net1", 1)], vrf.Hops);
        Assert.Equal(100, vrf.Metric);
        AssertUnchangedExceptDefaults(s, "before", "after");
    }

    [Fact]
    public void S3_three_way_ecmp_each_vrf_member_goes_to_its_own_vrf_table()
    {
        var s = vm.Scenario("s3-three-way").EnsureSucceeded();

        var result = RoutedashRun.Of(s, "migrate").ExpectExit(0).Outcome("applied");
        // The route the plan was made against (routedash's RouteDto), with its unequal weights as the kernel held them.
        var before = Assert.Single(result.GetProperty("before").EnumerateArray());
        Assert.Equal([("eth0", 1), ("net1", 2), ("net2", 3)],
            before.GetProperty("nexthops").EnumerateArray().Select(h => (h.GetProperty("dev").GetString(), h.GetProperty("weight").GetInt32())));

        var after = Routes(s, "after-routes6.json");
        Assert.Equal([Eth0V6], Default(after, "main").Hops);
        Assert.Equal([Net1V6], Default(after, "1001").Hops);
        Assert.Equal([new IpHop("2001:db8:2::1", "net2", 1)], Default(after, "1002").Hops);
        AssertUnchangedExceptDefaults(s, "before", "after");
    }

    [Fact]
    public void S4_two_nexthops_in_one_vrf_stay_multipath_with_their_weights_including_a_link_local_gateway()
    {
        var s = vm.Scenario("s4-same-vrf-link-local").EnsureSucceeded();

        RoutedashRun.Of(s, "migrate").ExpectExit(0).Outcome("applied");
        var after = Routes(s, "after-routes6.json");
        Assert.Equal([Eth0V6], Default(after, "main").Hops);
        var vrf = Default(after, "1001");
        Assert.Equal([new IpHop("fe80::1", "net1", 2), new IpHop("2001:db8:2::1", "net2", 3)], vrf.Hops.OrderBy(h => h.Weight));
        Assert.Equal(1024, vrf.Metric);
        AssertUnchangedExceptDefaults(s, "before", "after");
    }

    [Fact]
    public void S5_route_over_a_nexthop_group_across_two_vrfs_is_split_by_member_and_the_group_is_untouched()
    {
        var s = vm.Scenario("s5-nexthop-group").EnsureSucceeded();

        var results = RoutedashRun.Of(s, "migrate").ExpectExit(0).JsonArray();
        Assert.Equal(2, results.Length); // the IPv6 and the IPv4 default over group 10
        Assert.All(results, r => Assert.Equal("applied", RoutedashRun.Text(r, "outcome")));
        foreach (var file in new[] { "after-routes6.json", "after-routes4.json" })
        {
            var after = Routes(s, file);
            var main = Default(after, "main");
            Assert.Equal((1L, "eth0", "2001:db8::1"), (main.Nhid, main.Hops.Single().Device, main.Hops.Single().Gateway));
            var vrf = Default(after, "1001");
            Assert.Equal((2L, "net1", "2001:db8:1::1"), (vrf.Nhid, vrf.Hops.Single().Device, vrf.Hops.Single().Gateway));
        }
        // Other routes may share group 10: the migration never edits nexthop objects.
        Assert.Equal(Canonical(s, "before-nexthops.json"), Canonical(s, "after-nexthops.json"));
    }

    [Fact]
    public void S6_gateway_unreachable_in_the_vrf_table_fails_naming_the_cause_and_changes_nothing()
    {
        var s = vm.Scenario("s6-unreachable-gateway").EnsureSucceeded();

        var run = RoutedashRun.Of(s, "migrate").ExpectExit(1);
        var result = run.Outcome("rolled-back");
        var message = RoutedashRun.Text(result, "message")!;
        Assert.Contains("not reachable in table 1001", message);
        Assert.Contains("net1", message);
        Assert.Contains("re-add its address", message);
        Assert.Contains("nothing had been changed", message);
        Assert.Equal("No route to host", RoutedashRun.Text(result, "kernelError"));
        AssertStateEqual(s, "before", "after");
    }

    [Theory]
    [InlineData("rdt-vm-s7a", 1)] // IPv6: the add to table 1001 is undone
    [InlineData("rdt-vm-s7b", 2)] // IPv6: the deleted sibling is appended back into main's multipath route
    [InlineData("rdt-vm-s7c", 2)] // IPv4: the replaced multipath route is put back
    public void S7_failure_injected_after_a_step_restores_the_exact_original_state(string ns, int step)
    {
        var s = vm.Scenario("s7-injected-failure").EnsureSucceeded();

        var result = RoutedashRun.Of(s, ns + "-migrate").ExpectExit(1).Outcome("rolled-back");
        var message = RoutedashRun.Text(result, "message")!;
        Assert.Contains($"failure injected after step {step}", message);
        Assert.Contains("The original state was restored", message);
        AssertStateEqual(s, ns + "-before", ns + "-after");
    }

    [Theory]
    [InlineData("a")] // a third path appended
    [InlineData("b")] // the same paths re-made with another protocol
    public void S8_route_changed_between_plan_and_apply_nothing_is_applied(string variant)
    {
        var s = vm.Scenario("s8-changed-route").EnsureSucceeded();

        RoutedashRun.Of(s, variant + "-plan").ExpectExit(0).Outcome("planned");
        var apply = RoutedashRun.Of(s, variant + "-apply").ExpectExit(2);
        Assert.Contains("no finding", apply.Stderr);
        Assert.Contains("the route changed since it was reported", apply.Stderr);
        AssertStateEqual(s, variant + "-before", variant + "-after");
    }

    [Fact]
    public void S9_second_migrate_run_has_nothing_to_do()
    {
        var s = vm.Scenario("s1-ipv6-1253").EnsureSucceeded();

        Assert.Empty(RoutedashRun.Of(s, "migrate-again").ExpectExit(0).JsonArray());
        AssertStateEqual(s, "after", "again");
        // The same finding id again (the operator re-runs the command): harmless, nothing to do.
        RoutedashRun.Of(s, "migrate-again-id").ExpectExit(0).Outcome("nothing-to-do");
    }

    [Fact]
    public void S9_split_defaults_and_an_unreachable_default_in_the_vrf_table_give_no_finding()
    {
        var s = vm.Scenario("s9-no-findings").EnsureSucceeded();

        // The setup really is what the vrf plugin and the workaround leave: guard against a scan that passes on an empty table.
        var vrfTable = Routes(s, "before-routes6.json").Where(r => r.Table == "1001").ToList();
        Assert.Contains(vrfTable, r => r.Dst == "::/1" && r.Hops.Single().Device == "net1");
        Assert.Contains(vrfTable, r => r.Dst == "8000::/1" && r.Hops.Single().Device == "net1");
        Assert.Contains(vrfTable, r => r.Dst == "default" && r.Type == "unreachable");
        Assert.Contains(Routes(s, "before-routes4.json"), r => r.Table == "1001" && r.Dst == "default" && r.Type == "unreachable");

        Assert.Empty(RoutedashRun.Of(s, "scan").ExpectExit(0).JsonArray());
    }

    [Fact]
    public void Scan_all_reports_the_findings_of_both_namespaces()
    {
        var s = vm.Scenario("scan-all").EnsureSucceeded();

        var findings = RoutedashRun.Of(s, "scan").ExpectExit(3).JsonArray();
        var byNamespace = findings.Select(f => (Ns: RoutedashRun.Text(f, "namespace"), Kind: RoutedashRun.Text(f, "kind"),
            Family: RoutedashRun.Text(f.GetProperty("route"), "family"))).Order().ToArray();
        Assert.Equal([("rdt-vm-all4", "mixed-vrf-ecmp", "inet"), ("rdt-vm-all6", "mixed-vrf-ecmp", "inet6")], byNamespace);
    }

    /// <summary>
    /// Issue 13: the native routedash starts in the TCG guest in a second or so (a JIT start took 4-7 s there
    /// for this command and 15-35 s for scan or migrate). The limit is absolute, with room for a loaded CI host:
    /// `ip`, timed alternately in the same boot for reference, swings from 0.1 to 0.6 s with host load, and
    /// routedash from 2x to 9x of it, so a ratio would only measure the load. Figures go to the diagnostic output.
    /// </summary>
    [Fact]
    public void Routedash_starts_in_the_guest_within_seconds()
    {
        const int LimitMs = 3000;
        var s = vm.Scenario("startup").EnsureSucceeded();
        var rows = s.ReadFile("starts.tsv").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t'))
            .Select(f => (Round: int.Parse(f[0], CultureInfo.InvariantCulture), Command: f[1],
                Ms: int.Parse(f[2], CultureInfo.InvariantCulture), Exit: int.Parse(f[3], CultureInfo.InvariantCulture)))
            .ToList();
        Assert.All(rows, r => Assert.True(r.Exit == 0, $"{r.Command} exited {r.Exit} in round {r.Round}.\n{s.Describe()}"));
        Assert.Contains(s.ReadFile("namespaces.txt").Split('\n'), l => l.StartsWith("host ", StringComparison.Ordinal));
        int[] ip = [.. rows.Where(r => r.Command.StartsWith("ip ", StringComparison.Ordinal)).Select(r => r.Ms)];
        int[] rd = [.. rows.Where(r => r.Command == "routedash namespaces").Select(r => r.Ms)];
        Assert.True(ip.Length >= 3 && rd.Length == ip.Length, $"{ip.Length} ip and {rd.Length} routedash rounds.\n{s.Describe()}");

        double ipMedian = Median(ip), rdMedian = Median(rd);
        TestContext.Current.SendDiagnosticMessage(
            $"startup in the TCG guest, {rd.Length} rounds: routedash namespaces first {rd[0]} ms (cold 9p cache), median {rdMedian:F0} ms, max {rd.Max()} ms; " +
            $"ip route show table all first {ip[0]} ms, median {ipMedian:F0} ms (routedash/ip {rdMedian / ipMedian:F1}x); " +
            $"host load average {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3])}");
        Assert.True(rdMedian <= LimitMs,
            $"routedash namespaces took {rdMedian:F0} ms (median) in the guest, over {LimitMs} ms (ip route show: {ipMedian:F0} ms): " +
            $"is it still native? rounds: routedash {string.Join(", ", rd)} ms; ip {string.Join(", ", ip)} ms");
    }

    private static double Median(int[] values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2.0;
    }

    private static IReadOnlyList<IpRoute> Routes(ScenarioResult s, string file) => IpJson.Routes(s.ReadJson(file));

    private static IpRoute Default(IReadOnlyList<IpRoute> routes, string table)
    {
        var defaults = routes.Where(r => r.Table == table && r.Dst == "default" && r.Type == "unicast").ToList();
        Assert.True(defaults.Count == 1, $"table {table}: {defaults.Count} unicast defaults, expected 1: {string.Join("; ", defaults)}");
        return defaults[0];
    }

    /// <summary>Every route of every table, both families, and the nexthop objects, exactly as before.</summary>
    private static void AssertStateEqual(ScenarioResult s, string before, string after)
    {
        foreach (var part in new[] { "routes4", "routes6", "nexthops" })
            Assert.Equal(Canonical(s, $"{before}-{part}.json"), Canonical(s, $"{after}-{part}.json"));
    }

    /// <summary>The migration touched default routes only: everything else of both families is as before.</summary>
    private static void AssertUnchangedExceptDefaults(ScenarioResult s, string before, string after)
    {
        foreach (var part in new[] { "routes4", "routes6" })
            Assert.Equal(NonDefault(s, $"{before}-{part}.json"), NonDefault(s, $"{after}-{part}.json"));
    }

    private static string Canonical(ScenarioResult s, string file) => JsonSerializer.Serialize(s.ReadJson(file));

    private static List<string> NonDefault(ScenarioResult s, string file) =>
        [.. s.ReadJson(file).EnumerateArray().Where(r => r.GetProperty("dst").GetString() != "default").Select(r => JsonSerializer.Serialize(r))];
}
