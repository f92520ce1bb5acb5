using System.Text.Json;
using Dashboard.Vm.Tests.Harness;

namespace Dashboard.Vm.Tests;

/// <summary>
/// Issue 10's findings on Debian's 6.1 kernel (real VRF), end to end through the published routedash:
/// Scenarios/Findings/*.sh build each fault and run scan, migrate and a rescan; the kernel's own view
/// (`ip -j`) and routedash's JSON are checked here. Each kind: found, fixed where a fix exists (or
/// refused and nothing changed where none does), gone on a rescan; a clean VRF pod shows nothing.
/// </summary>
public sealed class FindingScenarioTests(FindingScenarioFixture vm) : IClassFixture<FindingScenarioFixture>
{
    private static string? Text(JsonElement e, string property) => RoutedashRun.Text(e, property);

    private static JsonElement[] Findings(ScenarioResult s, string run, int exit) => RoutedashRun.Of(s, run).ExpectExit(exit).JsonArray();

    private static (string? Kind, string? Severity, string? Family)[] KindsOf(IEnumerable<JsonElement> findings) =>
        [.. findings.Select(f => (Text(f, "kind"), Text(f, "severity"), Text(f, "family"))).Order()];

    [Fact]
    public void A_clean_vrf_pod_and_the_guests_own_namespace_show_no_finding()
    {
        var s = vm.Scenario("clean-pod").EnsureSucceeded();

        // Guard against a scan that passes because the pod is not what it should be: a labelled pod with
        // a VRF, the kernel's l3mdev rules, unreachable defaults of both families, carrier everywhere.
        var pod = s.ReadJson("namespaces.json").EnumerateArray().Single(n => Text(n, "id") == "rdt-vm-f-clean");
        Assert.Equal("tenant-a/clean-0", Text(pod, "pod"));
        Assert.Contains(s.ReadJson("before-rules4.json").EnumerateArray(), r => r.TryGetProperty("l3mdev", out _));
        Assert.Contains(s.ReadJson("before-rules6.json").EnumerateArray(), r => r.TryGetProperty("l3mdev", out _));
        Assert.Contains(s.ReadJson("before-rules4.json").EnumerateArray(), r => Text(r, "src") == "10.0.0.2" && Text(r, "table") == "100");
        foreach (var file in new[] { "before-routes4.json", "before-routes6.json" })
            Assert.Contains(IpJson.Routes(s.ReadJson(file)), r => r.Table == "1001" && r.Dst == "default" && r.Type == "unreachable" && r.Metric == 4278198272);
        Assert.All(s.ReadJson("before-links.json").EnumerateArray(),
            l => Assert.Contains("LOWER_UP", l.GetProperty("flags").EnumerateArray().Select(f => f.GetString())));
        Assert.Contains(s.ReadJson("before-addresses.json").EnumerateArray().Single(l => Text(l, "ifname") == "net1").GetProperty("addr_info").EnumerateArray(),
            a => Text(a, "scope") == "link"); // link-local addresses are there and do not count

        Assert.Empty(Findings(s, "scan", 0));
    }

    [Fact]
    public void Vrf_table_without_default_found_per_family_fixed_by_unreachable_defaults_and_gone()
    {
        var s = vm.Scenario("vrf-table-no-default").EnsureSucceeded();

        // What breaks, in the kernel's words: the VRF's lookup for an unknown destination leaves through eth0.
        Assert.Contains("dev eth0", s.ReadFile("get-before.txt"));
        var found = Findings(s, "scan", 3);
        Assert.Equal([("vrf-table-no-default", "warning", "inet"), ("vrf-table-no-default", "warning", "inet6")], KindsOf(found));
        Assert.All(found, f => Assert.Equal(("1001", "true"), (Text(f, "table"), Text(f, "fixable"))));
        Assert.All(found, f => Assert.Equal("vrf1001", Text(f.GetProperty("vrfs")[0], "name")));
        Assert.Equal(["ip -6 route add unreachable default table 1001 metric 4278198272 proto boot",
                      "ip route add unreachable default table 1001 metric 4278198272 proto boot"],
            found.Select(f => Text(f.GetProperty("plan").GetProperty("steps")[0], "ipCommand")).Order());

        var results = RoutedashRun.Of(s, "migrate").ExpectExit(0).JsonArray();
        Assert.Equal(["applied", "applied"], results.Select(r => Text(r, "outcome")));
        foreach (var file in new[] { "after-routes4.json", "after-routes6.json" })
        {
            var vrfTable = IpJson.Routes(s.ReadJson(file)).Where(r => r.Table == "1001").ToList();
            Assert.Contains(vrfTable, r => r.Dst == "default" && r.Type == "unreachable" && r.Metric == 4278198272);
        }
        // Nothing else moved: main and table 1001 otherwise exactly as before.
        foreach (var part in new[] { "routes4", "routes6" })
            Assert.Equal(WithoutUnreachableDefaults(s, $"before-{part}.json"), WithoutUnreachableDefaults(s, $"after-{part}.json"));

        AuditedAndClosed(s, "rdt-vm-f-vrfdef", found);
        // Refused by the unreachable default (EHOSTUNREACH), no longer leaked through eth0.
        Assert.Contains("No route to host", s.ReadFile("get-after.txt"));
        Assert.DoesNotContain("dev eth0", s.ReadFile("get-after.txt"));
        Assert.Empty(Findings(s, "rescan", 0));
    }

    [Fact]
    public void Missing_l3mdev_rules_found_per_family_fixed_by_the_kernels_rule_and_gone_device_rules_count()
    {
        var s = vm.Scenario("l3mdev-rule-missing").EnsureSucceeded();

        // The kernel had added them with the VRF: what the scenario deleted.
        Assert.Contains(s.ReadJson("kernel-rules4.json").EnumerateArray(), r => r.TryGetProperty("l3mdev", out _) && Text(r, "priority") == "1000");
        Assert.DoesNotContain(s.ReadJson("before-rules6.json").EnumerateArray(), r => r.TryGetProperty("l3mdev", out _));

        // What breaks: the VRF's lookup never reaches table 1001, which has the route.
        Assert.DoesNotContain("table 1001", s.ReadFile("get-before.txt"));
        var found = Findings(s, "scan", 3);
        Assert.All(found, f => Assert.Equal("rdt-vm-f-l3m", Text(f, "namespace"))); // not the namespace with iif/oif rules
        Assert.Equal([("l3mdev-rule-missing", "error", "inet"), ("l3mdev-rule-missing", "error", "inet6")], KindsOf(found));
        Assert.Equal(["ip -6 rule add l3mdev pref 1000", "ip rule add l3mdev pref 1000"],
            found.Select(f => Text(f.GetProperty("plan").GetProperty("steps")[0], "ipCommand")).Order());

        var results = RoutedashRun.Of(s, "migrate").ExpectExit(0).JsonArray();
        Assert.Equal(["applied", "applied"], results.Select(r => Text(r, "outcome")));
        foreach (var file in new[] { "after-rules4.json", "after-rules6.json" })
            Assert.Contains(s.ReadJson(file).EnumerateArray(), r => r.TryGetProperty("l3mdev", out _) && Text(r, "priority") == "1000");
        AuditedAndClosed(s, "rdt-vm-f-l3m", found);
        Assert.Contains("via 10.1.0.1 dev net1 table 1001", s.ReadFile("get-after.txt"));

        Assert.Empty(Findings(s, "rescan", 0));
    }

    [Fact]
    public void Two_vrfs_on_one_table_found_refused_unchanged_and_gone_once_one_has_its_own_table()
    {
        var s = vm.Scenario("duplicate-vrf-table").EnsureSucceeded();

        Assert.Equal("0", s.ReadFile("strict-mode.txt").Trim()); // why the kernel allowed it
        Assert.Equal(["1001", "1001"], s.ReadJson("before-links.json").EnumerateArray().Select(l => IpJson.Find(l, "linkinfo", "info_data", "table")));

        var f = Assert.Single(Findings(s, "scan", 3));
        Assert.Equal(("duplicate-vrf-table", "error", "1001", "false"), (Text(f, "kind"), Text(f, "severity"), Text(f, "table"), Text(f, "fixable")));
        Assert.Equal(["vrfa", "vrfb"], f.GetProperty("vrfs").EnumerateArray().Select(v => Text(v, "name")));
        Assert.Null(Text(f, "plan"));

        var refused = RoutedashRun.Of(s, "migrate").ExpectExit(1).Outcome("refused");
        Assert.Contains("has no automatic fix", Text(refused, "message"));
        Assert.Equal(JsonSerializer.Serialize(s.ReadJson("before-links.json")), JsonSerializer.Serialize(s.ReadJson("after-links.json")));

        Assert.Empty(Findings(s, "rescan", 0));
    }

    [Fact]
    public void Source_rule_into_a_table_without_default_found_in_the_pod_only_refused_and_gone_once_the_table_has_one()
    {
        var s = vm.Scenario("rule-table-no-default").EnsureSucceeded();

        var namespaces = RoutedashRun.Of(s, "namespaces").ExpectExit(0).JsonArray();
        Assert.Equal("tenant-a/sbr-0", Text(namespaces.Single(n => Text(n, "id") == "rdt-vm-f-sbr"), "pod"));
        Assert.Null(Text(namespaces.Single(n => Text(n, "id") == "rdt-vm-f-sbr-plain"), "pod"));

        // What breaks: from net1's address to a destination table 100 does not know, out through eth0.
        Assert.Contains("via 10.0.0.1 dev eth0", s.ReadFile("get-before.txt"));
        var f = Assert.Single(Findings(s, "scan", 3)); // the same rule in the namespace of no pod is not one
        Assert.Equal(("rule-table-no-default", "warning", "inet", "100", "rdt-vm-f-sbr"),
            (Text(f, "kind"), Text(f, "severity"), Text(f, "family"), Text(f, "table"), Text(f, "namespace")));
        Assert.Equal("from 10.1.0.2 lookup 100 pref 100", Text(f, "rule"));
        Assert.Contains("containernetworking/plugins#654", Text(f, "explanation"));
        Assert.Null(Text(f, "plan"));

        RoutedashRun.Of(s, "migrate").ExpectExit(1).Outcome("refused");
        foreach (var part in new[] { "rules4", "rules6", "routes4", "routes6" })
            Assert.Equal(JsonSerializer.Serialize(s.ReadJson($"before-{part}.json")), JsonSerializer.Serialize(s.ReadJson($"after-{part}.json")));

        Assert.Contains("via 10.1.0.1 dev net1 table 100", s.ReadFile("get-after.txt"));
        Assert.Empty(Findings(s, "rescan", 0));
    }

    [Fact]
    public void Paths_without_carrier_found_warning_and_information_refused_and_gone_once_the_peer_is_up()
    {
        var s = vm.Scenario("nexthop-link-down").EnsureSucceeded();

        // The kernel's own view: eth1 without carrier, its paths marked linkdown.
        Assert.Contains("NO-CARRIER", s.ReadJson("before-eth1.json")[0].GetProperty("flags").EnumerateArray().Select(x => x.GetString()));
        Assert.Contains("linkdown", Flags(s, "before-routes4.json", "10.5.0.0/16"));

        var found = Findings(s, "scan", 3);
        var byDst = found.ToDictionary(f => Text(f.GetProperty("route"), "dst")!);
        Assert.Equal(["10.5.0.0/16", "10.6.0.0/16"], byDst.Keys.Order());
        Assert.Equal(("nexthop-link-down", "warning"), (Text(byDst["10.5.0.0/16"], "kind"), Text(byDst["10.5.0.0/16"], "severity")));
        Assert.Equal(("nexthop-link-down", "information"), (Text(byDst["10.6.0.0/16"], "kind"), Text(byDst["10.6.0.0/16"], "severity")));
        Assert.All(found, f => Assert.Equal(("10.2.0.1", "eth1"), (Text(f.GetProperty("linkdown")[0], "gateway"), Text(f.GetProperty("linkdown")[0], "dev"))));
        Assert.All(found, f => Assert.Null(Text(f, "plan")));

        RoutedashRun.Of(s, "migrate").ExpectExit(1).Outcome("refused");
        foreach (var part in new[] { "routes4", "routes6" })
            Assert.Equal(JsonSerializer.Serialize(s.ReadJson($"before-{part}.json")), JsonSerializer.Serialize(s.ReadJson($"after-{part}.json")));

        Assert.Contains("LOWER_UP", s.ReadJson("up-eth1.json")[0].GetProperty("flags").EnumerateArray().Select(x => x.GetString()));
        Assert.DoesNotContain("linkdown", Flags(s, "up-routes4.json", "10.5.0.0/16"));
        Assert.Empty(Findings(s, "rescan", 0));
    }

    /// <summary>
    /// The fix went the way every change goes: one audit record per finding (actor cli, applied, the
    /// plan's command) and no journal record left open.
    /// </summary>
    private static void AuditedAndClosed(ScenarioResult s, string ns, JsonElement[] found)
    {
        var records = s.ReadFile("after-audit.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).Where(r => Text(r, "namespaceId") == ns).ToList();
        Assert.Equal(found.Select(f => Text(f, "id")).Order(), records.Select(r => Text(r, "findingId")).Order());
        Assert.All(records, r => Assert.Equal(("cli", "applied"), (Text(r, "actor"), Text(r, "outcome"))));
        Assert.Equal(found.Select(f => Text(f.GetProperty("plan").GetProperty("steps")[0], "ipCommand")).Order(),
            records.SelectMany(r => r.GetProperty("commands").EnumerateArray().Select(c => c.GetString())).Order());
        Assert.Equal("0", s.ReadFile("after-journal-open.txt").Trim());
    }

    private static IEnumerable<string?> Flags(ScenarioResult s, string file, string dst) =>
        s.ReadJson(file).EnumerateArray().Single(r => Text(r, "dst") == dst).GetProperty("flags").EnumerateArray().Select(f => f.GetString());

    private static List<string> WithoutUnreachableDefaults(ScenarioResult s, string file) =>
        [.. s.ReadJson(file).EnumerateArray()
            .Where(r => !(Text(r, "dst") == "default" && Text(r, "type") == "unreachable"))
            .Select(r => JsonSerializer.Serialize(r))];
}
