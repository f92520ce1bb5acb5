using System.Diagnostics;

namespace Dashboard.Vm.Tests.Harness;

/// <summary>A guest that is booting or running its scenarios. Disposing it kills QEMU if it is still up.</summary>
public sealed class RunningVm : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _workDirectory;
    private readonly IReadOnlyList<GuestScenario> _scenarios;
    private readonly Task<string> _stderr;
    private readonly Task<string> _stdout;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    internal RunningVm(Process process, string workDirectory, string ioDirectory, IReadOnlyList<GuestScenario> scenarios)
    {
        _process = process;
        _workDirectory = workDirectory;
        IoDirectory = ioDirectory;
        _scenarios = scenarios;
        // Drained from the start: a full pipe would block run-vm.sh.
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The writable 9p share, $VM_IO in the guest: a scenario can wait there for a file the test creates.</summary>
    public string IoDirectory { get; }

    /// <summary>Creates $VM_IO/NAME for a scenario that waits for the host (for example "release" to stop a server).</summary>
    public void Signal(string name) => File.WriteAllText(Path.Combine(IoDirectory, name), "");

    public async Task<VmRun> WaitAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }
        // With one scenario run-vm.sh echoes its stdout too; the result folder has it already.
        await _stdout;
        return new VmRun(_workDirectory, IoDirectory, _scenarios, _process.ExitCode, await _stderr, _clock.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
    }
}
