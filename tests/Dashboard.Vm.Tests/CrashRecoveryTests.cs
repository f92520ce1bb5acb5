using System.Text.Json;
using Dashboard.Vm.Tests.Harness;

namespace Dashboard.Vm.Tests;

/// <summary>
/// Issue 9 item 10 on the real VRF kernel: a migration killed (SIGKILL, ROUTEDASH_INJECT_CRASH_AFTER_STEP)
/// after any of its steps is resolved by `routedash recover` to exactly the state before the plan or
/// exactly the state after it, with nothing lost; when rolling forward is impossible, the before-state
/// comes back; when someone else changed the routes meanwhile, they are left alone and reported.
/// </summary>
public sealed partial class MigrationScenarioTests
{
    private static readonly string[] CrashKinds = ["pod6", "pod4", "pod3way", "podsamevrf", "podnhid"];

    [Fact]
    public void A_crash_after_any_step_recovers_to_exactly_before_or_after_the_plan()
    {
        var s = vm.Scenario("crash-matrix").EnsureSucceeded();
        var matrix = new List<string>();
        foreach (var kind in CrashKinds)
        {
            int steps = int.Parse(s.ReadFile($"{kind}-steps.txt").Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(steps >= 2, $"{kind}: a plan of {steps} step(s); the matrix is about plans of two or more.\n{s.Describe()}");
            RoutedashRun.Of(s, $"{kind}-ref").ExpectExit(0).Outcome("applied");
            var before = State(s, $"{kind}-ref-before");
            var after = State(s, $"{kind}-ref-after");
            Assert.NotEqual(before, after);
            for (int k = 1; k <= steps; k++)
            {
                // 137: killed by SIGKILL, with its journal record left open.
                Assert.Equal("137", s.ReadFile($"{kind}-{k}-crash.exit").Trim());
                Assert.Equal("1", s.ReadFile($"{kind}-{k}-open.txt").Trim());

                var recovery = Assert.Single(RoutedashRun.Of(s, $"{kind}-{k}-recover").ExpectExit(0).JsonArray());
                var outcome = RoutedashRun.Text(recovery, "outcome");
                var recovered = State(s, $"{kind}-{k}-recovered");
                var landedOn = recovered == after ? "after" : recovered == before ? "before" : null;
                Assert.True(landedOn is not null,
                    $"{kind}, crash after step {k} of {steps}: recovered ({outcome}) to neither the before- nor the after-state.\n" +
                    $"recovered:\n{recovered}\nbefore:\n{before}\nafter:\n{after}");
                Assert.Equal(k == steps ? "completed" : "rolled-forward", outcome);
                Assert.Equal("0", s.ReadFile($"{kind}-{k}-left.txt").Trim()); // the record is closed
                matrix.Add($"{kind} step {k}/{steps} → {outcome}, {landedOn}");
            }
        }
        TestContext.Current.SendDiagnosticMessage("crash matrix (routes lost: 0): " + string.Join("; ", matrix));
    }

    [Fact]
    public void A_crash_whose_plan_can_no_longer_be_completed_recovers_to_the_before_state()
    {
        var s = vm.Scenario("crash-restore").EnsureSucceeded();
        Assert.Equal("137", s.ReadFile("crash.exit").Trim());
        var recovery = Assert.Single(RoutedashRun.Of(s, "recover").ExpectExit(0).JsonArray());
        Assert.Equal("restored", RoutedashRun.Text(recovery, "outcome"));
        // The defaults of every table as before; only net2's connected route went with its address.
        Assert.Equal(Defaults(s, "before-routes6.json"), Defaults(s, "recovered-routes6.json"));
        Assert.NotEqual(Defaults(s, "crashed-routes6.json"), Defaults(s, "recovered-routes6.json"));
    }

    [Fact]
    public void A_crash_whose_routes_someone_else_changed_is_left_alone_and_reported()
    {
        var s = vm.Scenario("crash-conflict").EnsureSucceeded();
        var recovery = Assert.Single(RoutedashRun.Of(s, "recover").ExpectExit(1).JsonArray());
        Assert.Equal("conflict", RoutedashRun.Text(recovery, "outcome"));
        Assert.False(recovery.GetProperty("resolved").GetBoolean());
        Assert.Equal(State(s, "meddled"), State(s, "recovered"));
        Assert.Empty(RoutedashRun.Of(s, "recover-again").ExpectExit(0).JsonArray());
    }

    /// <summary>Every route of both families and the nexthop objects, canonical: entries and their nexthops sorted.</summary>
    private static string State(ScenarioResult s, string stage) =>
        string.Join("\n", new[] { "routes4", "routes6", "nexthops" }.Select(part =>
            string.Join("\n", s.ReadJson($"{stage}-{part}.json").EnumerateArray().Select(Sorted).Order(StringComparer.Ordinal))));

    /// <summary>One entry as JSON with its "nexthops" in a fixed order (siblings put back may come back in another order).</summary>
    private static string Sorted(JsonElement entry)
    {
        var fields = entry.EnumerateObject().Select(p => p.Name == "nexthops"
            ? $"\"nexthops\":[{string.Join(",", p.Value.EnumerateArray().Select(n => n.GetRawText()).Order(StringComparer.Ordinal))}]"
            : $"\"{p.Name}\":{p.Value.GetRawText()}");
        return "{" + string.Join(",", fields) + "}";
    }

    private static string Defaults(ScenarioResult s, string file) =>
        string.Join("\n", s.ReadJson(file).EnumerateArray().Where(r => r.GetProperty("dst").GetString() == "default").Select(Sorted).Order(StringComparer.Ordinal));
}
