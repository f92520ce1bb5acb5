namespace Dashboard.Vm.Tests.Harness;

/// <summary>
/// One script to run as root inside the guest. It sees the host's / read-only, gets tmpfs on /tmp and /run,
/// and may write files for the test into $SCENARIO_OUT (read back with <see cref="ScenarioResult.ReadFile"/>).
/// </summary>
/// <param name="Name">Unique within a run; [A-Za-z0-9._-]+.</param>
/// <param name="Script">The script text, starting with a #! line.</param>
public sealed record GuestScenario(string Name, string Script)
{
    /// <summary>A script from this project's Scenarios folder (copied next to the test binary); named after the file.</summary>
    public static GuestScenario FromFile(string fileName) =>
        new(Path.GetFileNameWithoutExtension(fileName),
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scenarios", fileName)));
}
