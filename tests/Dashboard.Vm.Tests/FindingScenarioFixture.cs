using Dashboard.TestSupport;
using Dashboard.Vm.Tests.Harness;

namespace Dashboard.Vm.Tests;

/// <summary>
/// One boot for the findings of issue 10 on the real VRF kernel: one scenario per kind (found, fixed where
/// a fix exists, gone on a rescan) and a clean pod that must show none. The published native routedash
/// runs in the guest; the scenarios leave `ip -j` dumps and routedash's JSON for the tests.
/// </summary>
public sealed class FindingScenarioFixture : VmBatchFixture
{
    private string? _published;

    protected override IReadOnlyList<GuestScenario> Scenarios { get; } =
    [
        Load("clean-pod"),
        Load("vrf-table-no-default"),
        Load("l3mdev-rule-missing"),
        Load("duplicate-vrf-table"),
        Load("rule-table-no-default"),
        Load("nexthop-link-down"),
    ];

    protected override VmRunOptions Options => new()
    {
        Environment = new Dictionary<string, string> { ["ROUTEDASH"] = Path.Combine(_published!, "routedash") },
        Shares = VmRunOptions.SharesFor(_published!),
    };

    protected override async ValueTask PrepareAsync(CancellationToken cancellationToken) =>
        _published = await PublishedNative.Routedash.DirectoryAsync(cancellationToken);

    /// <summary>Scenarios/Findings/NAME.sh with the migration scenarios' helpers and Scenarios/Findings/lib.sh in front.</summary>
    private static GuestScenario Load(string name)
    {
        var scenarios = Path.Combine(AppContext.BaseDirectory, "Scenarios");
        var body = File.ReadAllLines(Path.Combine(scenarios, "Findings", name + ".sh")).SkipWhile(l => l.StartsWith("#!", StringComparison.Ordinal));
        return new GuestScenario(name, "#!/bin/bash\n"
            + File.ReadAllText(Path.Combine(scenarios, "Migration", "lib.sh")) + "\n"
            + File.ReadAllText(Path.Combine(scenarios, "Findings", "lib.sh")) + "\n"
            + string.Join('\n', body) + "\n");
    }
}
