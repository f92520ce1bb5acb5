using Dashboard.Vm.Tests.Harness;

namespace Dashboard.Vm.Tests;

/// <summary>One boot for issue 10's lookups on a real VRF: the published native routedash beside iproute2.</summary>
public sealed class LookupScenarioFixture : RoutedashBatchFixture
{
    protected override IReadOnlyList<GuestScenario> Scenarios { get; } = [Load("Lookup", "vrf-lookups")];
}
