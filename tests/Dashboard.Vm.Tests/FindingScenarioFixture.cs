using Dashboard.Vm.Tests.Harness;

namespace Dashboard.Vm.Tests;

/// <summary>
/// One boot for the findings of issue 10 on the real VRF kernel: one scenario per kind (found, fixed where
/// a fix exists, gone on a rescan) and a clean pod that must show none. The published native routedash
/// runs in the guest; the scenarios leave `ip -j` dumps and routedash's JSON for the tests.
/// </summary>
public sealed class FindingScenarioFixture : RoutedashBatchFixture
{
    protected override IReadOnlyList<GuestScenario> Scenarios { get; } =
    [
        Load("Findings", "clean-pod"),
        Load("Findings", "vrf-table-no-default"),
        Load("Findings", "l3mdev-rule-missing"),
        Load("Findings", "duplicate-vrf-table"),
        Load("Findings", "rule-table-no-default"),
        Load("Findings", "nexthop-link-down"),
    ];
}
