using Dashboard.TestSupport;
using Dashboard.Vm.Tests.Harness;

namespace Dashboard.Vm.Tests;

/// <summary>
/// One boot whose scenarios run the published native routedash: the guest finds it at $ROUTEDASH, and
/// every scenario gets the migration scenarios' shared helpers (mkns, setup, rd) in front of its own.
/// </summary>
public abstract class RoutedashBatchFixture : VmBatchFixture
{
    private string? _published;

    protected override VmRunOptions Options => new()
    {
        Environment = new Dictionary<string, string> { ["ROUTEDASH"] = Path.Combine(_published!, "routedash") },
        // The guest's tmpfs hides the host's /tmp and /run; anything else is visible as it is.
        Shares = VmRunOptions.SharesFor(_published!),
    };

    protected override async ValueTask PrepareAsync(CancellationToken cancellationToken) =>
        _published = await PublishedNative.Routedash.DirectoryAsync(cancellationToken);

    /// <summary>
    /// Scenarios/<paramref name="folder"/>/<paramref name="name"/>.sh with Scenarios/Migration/lib.sh in
    /// front, and the folder's own lib.sh when it has one.
    /// </summary>
    protected static GuestScenario Load(string folder, string name)
    {
        var scenarios = Path.Combine(AppContext.BaseDirectory, "Scenarios");
        var libraries = new List<string> { Path.Combine(scenarios, "Migration", "lib.sh") };
        var own = Path.Combine(scenarios, folder, "lib.sh");
        if (folder != "Migration" && File.Exists(own)) libraries.Add(own);
        var body = File.ReadAllLines(Path.Combine(scenarios, folder, name + ".sh")).SkipWhile(l => l.StartsWith("#!", StringComparison.Ordinal));
        return new GuestScenario(name,
            "#!/bin/bash\n" + string.Concat(libraries.Select(l => File.ReadAllText(l) + "\n")) + string.Join('\n', body) + "\n");
    }
}
