using Dashboard.Vm.Tests.Harness;

namespace Dashboard.Vm.Tests;

/// <summary>One boot for the kernel facts the migration work relies on.</summary>
public sealed class VrfKernelFixture : VmBatchFixture
{
    protected override IReadOnlyList<GuestScenario> Scenarios { get; } =
    [
        GuestScenario.FromFile("vrf-enslave.sh"),
        GuestScenario.FromFile("ecmp-move.sh"),
    ];
}
