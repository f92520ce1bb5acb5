using Dashboard.TestSupport;
using Dashboard.Vm.Tests.Harness;
using Dashboard.Vm.Tests.Web;

namespace Dashboard.Vm.Tests;

/// <summary>
/// One boot for issue 11's policy scenario: the published dashboard (JIT) started twice in the guest,
/// policy off then on, over pods made by Debian's macvlan -> vrf chain (Scenarios/Cni/lib.sh's runtime).
/// </summary>
public sealed class PolicyVmFixture : VmBatchFixture
{
    private string? _web;
    private string? _cni;

    protected override IReadOnlyList<GuestScenario> Scenarios { get; } = [CniScenarios.Load("p1-policy")];

    protected override VmRunOptions Options => new()
    {
        Environment = new Dictionary<string, string> { ["ROUTEDASH_WEB"] = _web!, ["ROUTEDASH_CNI_DIR"] = _cni! },
        Shares = VmRunOptions.SharesFor(_web!, _cni!),
        // Two JIT starts of the dashboard under TCG: 30 s to several minutes each on a loaded host.
        ScenarioTimeout = TimeSpan.FromMinutes(20),
    };

    protected override string? MissingPrerequisite() => CniScenarios.MissingPrerequisite();

    protected override async ValueTask PrepareAsync(CancellationToken cancellationToken)
    {
        _web = await PublishedWebApp.DirectoryAsync(cancellationToken);
        _cni = await PublishedNative.RoutedashCni.DirectoryAsync(cancellationToken);
    }
}
