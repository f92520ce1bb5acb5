using System.Text.Json.Nodes;
using Dashboard.TestSupport;

namespace Dashboard.Vm.Tests;

/// <summary>
/// `routedash lookup` on Debian's 6.1 kernel with a real VRF (Scenarios/Lookup/vrf-lookups.sh): lookups
/// with and without --vrf, --from and --iif, in both families. Each answer's gateway and device are
/// `ip -j route get`'s (or its refusal), and the explanation's table and route are `ip -d -j route get
/// fibmatch`'s, with no note (the rules' own evaluation agrees with the kernel).
/// </summary>
public sealed class LookupScenarioTests(LookupScenarioFixture vm) : IClassFixture<LookupScenarioFixture>
{
    [Fact]
    public void Every_vrf_lookup_equals_ip_route_get_and_its_explanation_equals_fibmatch()
    {
        var s = vm.Scenario("vrf-lookups").EnsureSucceeded();
        var lookups = s.ReadFile("lookups.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var answers = s.ReadFile("lookups.json").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lookups.Length == answers.Length, $"{answers.Length} answers to {lookups.Length} lookups:\n{s.ReadFile("lookups.stderr")}");

        var differences = new List<string>();
        int refused = 0, inVrf = 0;
        for (int i = 0; i < lookups.Length; i++)
        {
            var ours = JsonNode.Parse(answers[i])!.AsObject();
            var get = Ip(s, $"get-{i}");
            var fib = Ip(s, $"fib-{i}");
            if (get.Route is null) refused++;
            if (ours["explanation"]?["tableName"]?.ToString() == "1001") inVrf++;
            differences.AddRange(RouteGetComparison.Differences(lookups[i], ours, get, fib));
        }
        Assert.True(differences.Count == 0, string.Join('\n', differences));
        // The cases are what they claim: some refused by the VRF's unreachable default, many answered from its table.
        Assert.InRange(refused, 2, lookups.Length / 2);
        Assert.True(inVrf >= 6, $"only {inVrf} lookups were explained by table 1001");
    }

    private static RouteGetComparison.IpOutcome Ip(Harness.ScenarioResult s, string name) =>
        RouteGetComparison.IpOutcome.Parse(int.Parse(s.ReadFile(name + ".exit").Trim()), s.ReadFile(name + ".json"), s.ReadFile(name + ".stderr"));
}
