namespace Dashboard.Vm.Tests.Harness;

/// <summary>How to boot the guest; each maps to a run-vm.sh option (see tests/vm/README.md).</summary>
public sealed record VmRunOptions
{
    /// <summary>Environment for every scenario, for example the path of a published routedash.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Host directories under /tmp or /run to show read-only at the same path in the guest (its tmpfs mounts
    /// hide the host's there). Anything else on the host is visible without this.
    /// </summary>
    public IReadOnlyList<string> Shares { get; init; } = [];

    /// <summary>The shares that make these host directories visible in the guest: those under /tmp or /run.</summary>
    public static IReadOnlyList<string> SharesFor(params string[] hostDirectories) =>
        hostDirectories.Where(d => d.StartsWith("/tmp/", StringComparison.Ordinal) || d.StartsWith("/run/", StringComparison.Ordinal)).ToArray();

    /// <summary>127.0.0.1:Host on the host reaches Guest inside the guest (whose NIC is 10.0.2.15/24).</summary>
    public IReadOnlyList<(int Host, int Guest)> Forwards { get; init; } = [];

    /// <summary>Kernel modules loaded before the scenarios; null keeps run-vm.sh's default (vrf dummy macvlan veth).</summary>
    public string? Modules { get; init; }

    public TimeSpan ScenarioTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Limit for the whole guest; null lets run-vm.sh derive it from the scenario count.</summary>
    public TimeSpan? Timeout { get; init; }

    public int MemoryMb { get; init; } = 2048;
}
