using Dashboard.TestSupport;
using Dashboard.Vm.Tests.Harness;

namespace Dashboard.Vm.Tests;

/// <summary>
/// One boot for every migration scenario of issue 3: the published native routedash scans and migrates
/// namespaces with real VRFs; the scenarios leave `ip -j` dumps and routedash's JSON for the tests.
/// The boot first times routedash's start against `ip` (issue 13: seconds, not JIT's 15-35 s).
/// </summary>
public sealed class MigrationScenarioFixture : VmBatchFixture
{
    private const string Folder = "Migration";
    private string? _published;

    protected override IReadOnlyList<GuestScenario> Scenarios { get; } =
    [
        // First: its first routedash start is the boot's first, through a cold 9p cache.
        Load("startup"),
        Load("s1-ipv6-1253"),
        Load("s2-ipv4-multipath"),
        Load("s3-three-way"),
        Load("s4-same-vrf-link-local"),
        Load("s5-nexthop-group"),
        Load("s6-unreachable-gateway"),
        Load("s7-injected-failure"),
        Load("s8-changed-route"),
        Load("s9-no-findings"),
        Load("scan-all"),
        Load("crash-matrix"),
        Load("crash-restore"),
        Load("crash-conflict"),
    ];

    protected override VmRunOptions Options => new()
    {
        Environment = new Dictionary<string, string> { ["ROUTEDASH"] = Path.Combine(_published!, "routedash") },
        // The guest's tmpfs hides the host's /tmp and /run; anything else is visible as it is.
        Shares = VmRunOptions.SharesFor(_published!),
    };

    protected override async ValueTask PrepareAsync(CancellationToken cancellationToken) =>
        _published = await PublishedNative.Routedash.DirectoryAsync(cancellationToken);

    /// <summary>Scenarios/FOLDER/NAME.sh with Scenarios/Migration/lib.sh (the shared helpers: mkns, setup, rd) in front.</summary>
    internal static GuestScenario Load(string name, string folder = Folder)
    {
        var scenarios = Path.Combine(AppContext.BaseDirectory, "Scenarios");
        var body = File.ReadAllLines(Path.Combine(scenarios, folder, name + ".sh")).SkipWhile(l => l.StartsWith("#!", StringComparison.Ordinal));
        return new GuestScenario(name,
            "#!/bin/bash\n" + File.ReadAllText(Path.Combine(scenarios, Folder, "lib.sh")) + "\n" + string.Join('\n', body) + "\n");
    }
}
