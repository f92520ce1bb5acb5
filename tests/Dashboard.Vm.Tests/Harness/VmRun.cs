using System.Diagnostics;
using System.Globalization;

namespace Dashboard.Vm.Tests.Harness;

/// <summary>The outcome of one guest boot: run-vm.sh's own exit code and log, and each scenario's result.</summary>
public sealed class VmRun
{
    private readonly Dictionary<string, ScenarioResult> _scenarios;
    private readonly string _workDirectory;

    internal VmRun(string workDirectory, string ioDirectory, IReadOnlyList<GuestScenario> scenarios, int exitCode, string harnessLog, TimeSpan wallTime)
    {
        _workDirectory = workDirectory;
        IoDirectory = ioDirectory;
        ExitCode = exitCode;
        HarnessLog = harnessLog;
        WallTime = wallTime;
        _scenarios = [];
        foreach (var scenario in scenarios)
        {
            if (ScenarioResult.TryLoad(scenario.Name, Path.Combine(ioDirectory, "results", scenario.Name)) is { } result)
                _scenarios[scenario.Name] = result;
        }
        var uptime = Path.Combine(ioDirectory, "guest-uptime-at-session-start");
        if (File.Exists(uptime))
            GuestBootTime = TimeSpan.FromSeconds(double.Parse(File.ReadAllText(uptime).Trim(), CultureInfo.InvariantCulture));
    }

    /// <summary>The writable 9p share; the guest sees it as $VM_IO (/run/vm-io).</summary>
    public string IoDirectory { get; }

    /// <summary>run-vm.sh's exit code: 125 when the harness itself failed.</summary>
    public int ExitCode { get; }

    /// <summary>run-vm.sh's stderr: one line per scenario and why a boot failed.</summary>
    public string HarnessLog { get; }

    public string ConsoleLogPath => Path.Combine(IoDirectory, "console.log");

    /// <summary>From starting QEMU to the host seeing it exit, including every scenario.</summary>
    public TimeSpan WallTime { get; }

    /// <summary>Guest kernel uptime when the session began (after modules and mounts; excludes firmware).</summary>
    public TimeSpan? GuestBootTime { get; }

    public IReadOnlyCollection<ScenarioResult> Scenarios => _scenarios.Values;

    public ScenarioResult Scenario(string name)
    {
        if (_scenarios.TryGetValue(name, out var result))
            return result;
        Assert.Fail($"scenario {name} left no result (run-vm.sh exit {ExitCode}).\n{DescribeFailure()}");
        throw new UnreachableException();
    }

    /// <summary>Deletes scripts and results unless RDVM_KEEP=1 (to read console.log after a failure).</summary>
    public void DeleteWorkDirectory()
    {
        if (Environment.GetEnvironmentVariable("RDVM_KEEP") != "1" && Directory.Exists(_workDirectory))
            Directory.Delete(_workDirectory, recursive: true);
    }

    public string DescribeFailure()
    {
        var console = File.Exists(ConsoleLogPath)
            ? string.Join('\n', File.ReadLines(ConsoleLogPath).TakeLast(40))
            : "(no console log)";
        return $"--- run-vm.sh ---\n{HarnessLog}\n--- last console lines ({ConsoleLogPath}) ---\n{console}";
    }
}
