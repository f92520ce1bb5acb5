using Dashboard.TestSupport;
using Dashboard.Vm.Tests.Harness;

namespace Dashboard.Vm.Tests;

/// <summary>
/// One boot for every CNI chain scenario of issue 11: Debian's containernetworking-plugins (macvlan,
/// static, vrf 1.1.1, visible in the guest at /usr/lib/cni) and the published native routedash-cni, run
/// by the scenarios' own small runtime (Scenarios/Cni/lib.sh) as the CNI specification says.
/// </summary>
public sealed class CniChainFixture : VmBatchFixture
{
    private string? _published;

    protected override IReadOnlyList<GuestScenario> Scenarios { get; } =
    [
        CniScenarios.Load("c1-without-plugin"),
        CniScenarios.Load("c2-with-plugin"),
    ];

    protected override VmRunOptions Options => new()
    {
        Environment = new Dictionary<string, string> { ["ROUTEDASH_CNI_DIR"] = _published! },
        Shares = VmRunOptions.SharesFor(_published!),
        // Every plugin start costs 0.3-4 s under TCG on a loaded host; c1 runs about 25 of them.
        ScenarioTimeout = TimeSpan.FromMinutes(8),
    };

    protected override string? MissingPrerequisite() => CniScenarios.MissingPrerequisite();

    protected override async ValueTask PrepareAsync(CancellationToken cancellationToken) =>
        _published = await PublishedNative.RoutedashCni.DirectoryAsync(cancellationToken);
}
