using System.Globalization;
using System.Text.Json;

namespace Dashboard.Vm.Tests.Harness;

/// <summary>
/// What one routedash run in a scenario left (lib.sh's `rd OUT …`): OUT.exit, OUT.json or OUT.txt, OUT.stderr.
/// Fields are read by their JSON names (FindingDto, MigrationResultDto), so a renamed field fails here.
/// </summary>
public sealed record RoutedashRun(string Name, int ExitCode, string Stdout, string Stderr, ScenarioResult Scenario)
{
    public static RoutedashRun Of(ScenarioResult scenario, string name)
    {
        var stdoutFile = File.Exists(Path.Combine(scenario.FilesDirectory, name + ".json")) ? name + ".json" : name + ".txt";
        return new RoutedashRun(name,
            int.Parse(scenario.ReadFile(name + ".exit").Trim(), CultureInfo.InvariantCulture),
            scenario.ReadFile(stdoutFile), scenario.ReadFile(name + ".stderr"), scenario);
    }

    public RoutedashRun ExpectExit(int code)
    {
        Assert.True(ExitCode == code, $"routedash {Name}: exit {ExitCode}, expected {code}.\n{Describe()}");
        return this;
    }

    public JsonElement[] JsonArray()
    {
        try
        {
            using var doc = JsonDocument.Parse(Stdout);
            return [.. doc.RootElement.Clone().EnumerateArray()];
        }
        catch (JsonException e)
        {
            Assert.Fail($"routedash {Name}: stdout is not JSON ({e.Message}).\n{Describe()}");
            throw;
        }
    }

    /// <summary>The single migration result of a `migrate --json` run, with the expected outcome.</summary>
    public JsonElement Outcome(string outcome)
    {
        var results = JsonArray();
        Assert.True(results.Length == 1, $"routedash {Name}: {results.Length} results, expected 1.\n{Describe()}");
        Assert.True(Text(results[0], "outcome") == outcome, $"routedash {Name}: outcome {Text(results[0], "outcome")}, expected {outcome}.\n{Describe()}");
        return results[0];
    }

    public static string? Text(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind != JsonValueKind.Null ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;

    public string Describe() => $"--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}\n--- scenario ---\n{Scenario.Describe()}";
}
