using Dashboard.TestSupport;
using Dashboard.Vm.Tests.Harness;

namespace Dashboard.Vm.Tests;

/// <summary>One boot for issue 10's lookups on a real VRF: the published native routedash beside iproute2.</summary>
public sealed class LookupScenarioFixture : VmBatchFixture
{
    private string? _published;

    protected override IReadOnlyList<GuestScenario> Scenarios { get; } = [MigrationScenarioFixture.Load("vrf-lookups", "Lookup")];

    protected override VmRunOptions Options => new()
    {
        Environment = new Dictionary<string, string> { ["ROUTEDASH"] = Path.Combine(_published!, "routedash") },
        Shares = VmRunOptions.SharesFor(_published!),
    };

    protected override async ValueTask PrepareAsync(CancellationToken cancellationToken) =>
        _published = await PublishedNative.Routedash.DirectoryAsync(cancellationToken);
}
