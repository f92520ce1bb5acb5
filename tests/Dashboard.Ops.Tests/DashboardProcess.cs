using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dashboard.Ops.Tests;

/// <summary>
/// The dashboard as a node runs it: its own process (dotnet Dashboard.Web.dll from this test's output),
/// configured by environment variables and arguments, its output kept. For what happens at start-up,
/// which an in-process host would hide (the exit code, what reaches the console).
/// </summary>
public sealed class DashboardProcess : IDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _state = new();
    private readonly StringBuilder _output = new();

    public int Port { get; } = FreePort();
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Everything written to stdout and stderr so far.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <param name="environment">Dashboard__* and other variables; {port} is replaced by <see cref="Port"/>.</param>
    /// <param name="arguments">command-line arguments; {port} likewise.</param>
    public DashboardProcess(IDictionary<string, string> environment, params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Dashboard.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments.Select(Expand)])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Dashboard__StateDirectory"] = _state.File("state");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment) start.Environment[key] = Expand(value);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private string Expand(string text) => text.Replace("{port}", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>The exit code, or null when the process still runs after <paramref name="timeout"/>.</summary>
    public async Task<int?> ExitCodeAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { return null; }
        _process.WaitForExit(); // lets the output readers finish
        return _process.ExitCode;
    }

    /// <summary>Waits until /healthz answers 200 on 127.0.0.1 (false when the process exits or 60 s pass).</summary>
    public async Task<bool> ServesAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        for (int i = 0; i < 300 && !_process.HasExited; i++)
        {
            try { if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) return true; }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        return false;
    }

    public void Dispose()
    {
        if (!_process.HasExited) { _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); }
        _process.Dispose();
        _state.Dispose();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Any, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
