namespace Dashboard.Vm.Tests.Harness;

/// <summary>
/// A class fixture that boots the guest once and runs all of <see cref="Scenarios"/> in that boot; each test then
/// reads its own scenario's result. Derive one per test class and list the scenarios its tests check.
/// Where the harness cannot run the tests skip, except in CI (see <see cref="VmRunner.Required"/>), where they fail.
/// </summary>
public abstract class VmBatchFixture : IAsyncLifetime
{
    private VmRun? _run;
    private string? _unavailable;

    protected abstract IReadOnlyList<GuestScenario> Scenarios { get; }

    protected virtual VmRunOptions Options => new();

    /// <summary>
    /// What else the scenarios need from the host that it lacks (a Debian package the guest runs from the
    /// host's root, say), or null: such a fixture skips (or, where required, fails) as for a missing harness.
    /// </summary>
    protected virtual string? MissingPrerequisite() => null;

    /// <summary>Work before the boot (publishing what the guest runs); only called where the harness can run.</summary>
    protected virtual ValueTask PrepareAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>The boot, for timings and its logs; null when the harness is unavailable.</summary>
    public VmRun? Run => _run;

    public async ValueTask InitializeAsync()
    {
        _unavailable = await VmRunner.WhyUnavailableAsync() ?? MissingPrerequisite();
        if (_unavailable is not null)
            return;
        await PrepareAsync(TestContext.Current.CancellationToken);
        _run = await VmRunner.RunAsync(Scenarios, Options, TestContext.Current.CancellationToken);
        TestContext.Current.SendDiagnosticMessage(
            $"{GetType().Name}: guest ran {_run.WallTime.TotalSeconds:F1} s, session began at guest uptime " +
            $"{_run.GuestBootTime?.TotalSeconds:F1} s; " +
            string.Join(", ", _run.Scenarios.Select(s => $"{s.Name} {s.Duration.TotalSeconds:F1} s")));
    }

    /// <summary>The named scenario's result; skips or fails the calling test when there is none.</summary>
    public ScenarioResult Scenario(string name)
    {
        if (_unavailable is not null)
        {
            if (VmRunner.Required)
                Assert.Fail($"{_unavailable} (required here: CI=true or RDVM_REQUIRE=1)");
            Assert.Skip(_unavailable);
        }
        return _run!.Scenario(name);
    }

    public ValueTask DisposeAsync()
    {
        // A failed boot or scenario keeps its folder (console log, $SCENARIO_OUT files) for whoever reads the failure.
        if (_run is { } run && run.Scenarios.Count == Scenarios.Count && run.Scenarios.All(s => s.ExitCode == 0))
            run.DeleteWorkDirectory();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
