using System.Diagnostics;
using System.Globalization;

namespace Dashboard.Vm.Tests.Harness;

/// <summary>
/// Boots the VRF-capable guest through tests/vm/run-vm.sh and runs a batch of scenarios in that one boot
/// (a boot costs ~10 s under TCG, so batch what you can).
/// </summary>
public static class VmRunner
{
    private static readonly Lazy<Task<string?>> s_unavailable = new(CheckAsync);

    /// <summary>Why the harness cannot run on this machine, or null when it can (run-vm.sh --check).</summary>
    public static Task<string?> WhyUnavailableAsync() => s_unavailable.Value;

    /// <summary>
    /// True where a missing harness must fail instead of skip: CI (CI=true) or RDVM_REQUIRE=1.
    /// </summary>
    public static bool Required =>
        Environment.GetEnvironmentVariable("RDVM_REQUIRE") == "1"
        || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static async Task<VmRun> RunAsync(
        IReadOnlyList<GuestScenario> scenarios, VmRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        await using var vm = Start(scenarios, options);
        return await vm.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Boots without waiting, for tests that talk to the guest while a scenario runs (a forwarded port,
    /// files in <see cref="RunningVm.IoDirectory"/>).
    /// </summary>
    public static RunningVm Start(IReadOnlyList<GuestScenario> scenarios, VmRunOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(scenarios.Count);
        options ??= new VmRunOptions();
        var work = Directory.CreateTempSubdirectory("rdvm-").FullName;
        var scripts = Directory.CreateDirectory(Path.Combine(work, "scripts")).FullName;
        var io = Path.Combine(work, "io");

        var psi = new ProcessStartInfo("bash")
        {
            // The test process's stdin belongs to the test runner: the harness (and QEMU) get their own, closed below.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(RepoPaths.RunVmScript);
        Add(psi, "--out", io);
        Add(psi, "--scenario-timeout", Seconds(options.ScenarioTimeout));
        Add(psi, "--memory", options.MemoryMb.ToString(CultureInfo.InvariantCulture));
        if (options.Timeout is { } timeout)
            Add(psi, "--timeout", Seconds(timeout));
        if (options.Modules is { } modules)
            Add(psi, "--modules", modules);
        foreach (var (key, value) in options.Environment)
            Add(psi, "--env", $"{key}={value}");
        foreach (var share in options.Shares)
            Add(psi, "--share", share);
        foreach (var (host, guest) in options.Forwards)
            Add(psi, "--forward", FormattableString.Invariant($"{host}:{guest}"));
        psi.ArgumentList.Add("--");
        foreach (var scenario in scenarios)
        {
            var path = Path.Combine(scripts, scenario.Name + ".sh");
            File.WriteAllText(path, scenario.Script);
            psi.ArgumentList.Add($"{scenario.Name}={path}");
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start bash");
        process.StandardInput.Close();
        return new RunningVm(process, work, io, scenarios);
    }

    private static void Add(ProcessStartInfo psi, string option, string value)
    {
        psi.ArgumentList.Add(option);
        psi.ArgumentList.Add(value);
    }

    private static string Seconds(TimeSpan t) =>
        ((long)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static async Task<string?> CheckAsync()
    {
        if (!File.Exists(RepoPaths.RunVmScript))
            return $"{RepoPaths.RunVmScript} not found";
        var psi = new ProcessStartInfo("bash", [RepoPaths.RunVmScript, "--check"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? null
            : $"VM harness unavailable (run tests/vm/install-deps.sh as root): {(await stdout + await stderr).Trim().ReplaceLineEndings("; ")}";
    }
}
