using Dashboard.Vm.Tests.Harness;

namespace Dashboard.Vm.Tests;

/// <summary>
/// One boot for every migration scenario of issue 3: the published routedash scans and migrates
/// namespaces with real VRFs; the scenarios leave `ip -j` dumps and routedash's JSON for the tests.
/// </summary>
public sealed class MigrationScenarioFixture : VmBatchFixture
{
    private const string Folder = "Migration";
    private string? _published;

    protected override IReadOnlyList<GuestScenario> Scenarios { get; } =
    [
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
    ];

    protected override VmRunOptions Options => new()
    {
        Environment = new Dictionary<string, string> { ["ROUTEDASH_DLL"] = Path.Combine(_published!, "routedash.dll") },
        // The guest's tmpfs hides the host's /tmp and /run; anything else is visible as it is.
        Shares = VmRunOptions.SharesFor(_published!),
        // Every routedash start costs 5-35 s under TCG (JIT), more on a loaded host; s8 starts it four times.
        ScenarioTimeout = TimeSpan.FromMinutes(10),
    };

    protected override async ValueTask PrepareAsync(CancellationToken cancellationToken) =>
        _published = await PublishedRoutedash.DirectoryAsync(cancellationToken);

    /// <summary>Scenarios/Migration/NAME.sh with Scenarios/Migration/lib.sh (the shared helpers) in front.</summary>
    private static GuestScenario Load(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Scenarios", Folder);
        var body = File.ReadAllLines(Path.Combine(folder, name + ".sh")).SkipWhile(l => l.StartsWith("#!", StringComparison.Ordinal));
        return new GuestScenario(name,
            "#!/bin/bash\n" + File.ReadAllText(Path.Combine(folder, "lib.sh")) + "\n" + string.Join('\n', body) + "\n");
    }
}
