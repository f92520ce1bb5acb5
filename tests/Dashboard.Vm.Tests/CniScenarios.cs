using Dashboard.Vm.Tests.Harness;

namespace Dashboard.Vm.Tests;

/// <summary>The CNI scenarios' shared pieces: Scenarios/Cni/lib.sh in front of each, and what the host must have.</summary>
internal static class CniScenarios
{
    /// <summary>Scenarios/Cni/NAME.sh with Scenarios/Cni/lib.sh (the CNI runtime and helpers) in front.</summary>
    public static GuestScenario Load(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Scenarios", "Cni");
        var body = File.ReadAllLines(Path.Combine(folder, name + ".sh")).SkipWhile(l => l.StartsWith("#!", StringComparison.Ordinal));
        return new GuestScenario(name,
            "#!/bin/bash\n" + File.ReadAllText(Path.Combine(folder, "lib.sh")) + "\n" + string.Join('\n', body) + "\n");
    }

    /// <summary>Debian's plugins (which the guest runs from the host's root) and jq (the runtime's JSON tool).</summary>
    public static string? MissingPrerequisite() =>
        !(File.Exists("/usr/lib/cni/vrf") && File.Exists("/usr/lib/cni/macvlan") && File.Exists("/usr/lib/cni/static"))
            ? "Debian's containernetworking-plugins is not installed on the host (apt-get install containernetworking-plugins; tests/run-all.sh does)"
            : !File.Exists("/usr/bin/jq") ? "jq is not installed on the host (the scenarios' CNI runtime uses it; apt-get install jq; tests/run-all.sh does)"
            : !File.Exists("/usr/bin/curl") ? "curl is not installed on the host (the policy scenario asks the dashboard's API with it)"
            : null;
}
