using Dashboard.Vm.Tests.Harness;

namespace Dashboard.Vm.Tests;

/// <summary>
/// One boot for every migration scenario of issue 3: the published native routedash scans and migrates
/// namespaces with real VRFs; the scenarios leave `ip -j` dumps and routedash's JSON for the tests.
/// The boot first times routedash's start against `ip` (issue 13: seconds, not JIT's 15-35 s).
/// </summary>
public sealed class MigrationScenarioFixture : RoutedashBatchFixture
{
    protected override IReadOnlyList<GuestScenario> Scenarios { get; } =
    [
        // First: its first routedash start is the boot's first, through a cold 9p cache.
        Load("Migration", "startup"),
        Load("Migration", "s1-ipv6-1253"),
        Load("Migration", "s2-ipv4-multipath"),
        Load("Migration", "s3-three-way"),
        Load("Migration", "s4-same-vrf-link-local"),
        Load("Migration", "s5-nexthop-group"),
        Load("Migration", "s6-unreachable-gateway"),
        Load("Migration", "s7-injected-failure"),
        Load("Migration", "s8-changed-route"),
        Load("Migration", "s9-no-findings"),
        Load("Migration", "scan-all"),
        Load("Migration", "crash-matrix"),
        Load("Migration", "crash-restore"),
        Load("Migration", "crash-conflict"),
    ];
}
