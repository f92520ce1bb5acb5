namespace Dashboard.Vm.Tests.Harness;

/// <summary>Where the harness scripts live: found from the test binary, so tests run from any directory.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>tests/vm/run-vm.sh, or RDVM_RUN_VM when set (to try a changed script without rebuilding).</summary>
    public static string RunVmScript =>
        Environment.GetEnvironmentVariable("RDVM_RUN_VM") is { Length: > 0 } overridden
            ? overridden
            : Path.Combine(Root, "tests", "vm", "run-vm.sh");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no Dashboard.sln above {AppContext.BaseDirectory}");
    }
}
