using Dashboard.TestSupport;

namespace Dashboard.Vm.Tests.Harness;

/// <summary>Where the harness scripts live: found from the test binary, so tests run from any directory.</summary>
public static class RepoPaths
{
    /// <summary>tests/vm/run-vm.sh, or RDVM_RUN_VM when set (to try a changed script without rebuilding).</summary>
    public static string RunVmScript =>
        Environment.GetEnvironmentVariable("RDVM_RUN_VM") is { Length: > 0 } overridden
            ? overridden
            : RepositoryRoot.Of("tests", "vm", "run-vm.sh");
}
