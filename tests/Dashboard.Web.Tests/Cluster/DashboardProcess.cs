using System.Diagnostics;
using System.Net;
using Dashboard.Web.Tests.Support;

namespace Dashboard.Web.Tests.Cluster;

/// <summary>
/// The dashboard as its own process (`dotnet Dashboard.Web.dll`), as a node runs it: the published
/// app when ROUTEDASH_WEB_PUBLISHED names one (tests/run-all.sh publishes it), else the build output
/// of src/Web in this test's configuration. Killed on dispose.
/// </summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private readonly TempDirectory _dir = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
    private Process? _process;

    public int Port { get; } = FreePort.Next();
    public string Url => $"http://127.0.0.1:{Port}";
    public string StateDirectory => _dir.File("state");
    public string Output => string.Join('\n', _output);

    public static string AppDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable("ROUTEDASH_WEB_PUBLISHED") is { Length: > 0 } published) return published;
            // tests/Dashboard.Web.Tests/bin/<Configuration>/<tfm>/ → src/Web/bin/<Configuration>/<tfm>/
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            return RepositoryRoot.Of("src", "Web", "bin", tfm.Parent!.Name, tfm.Name);
        }
    }

    /// <summary>
    /// Starts it with these Dashboard settings (environment variables, as in a pod) and waits for /healthz.
    /// <paramref name="asUser"/>: a uid to run as (setpriv), for the unprivileged cluster view.
    /// </summary>
    public static async Task<DashboardProcess> StartAsync(IDictionary<string, string> settings, CancellationToken cancellationToken, int? asUser = null)
    {
        var p = new DashboardProcess();
        try { await p.StartCoreAsync(settings, asUser, cancellationToken); }
        catch
        {
            // A process that did not come up must not outlive the test.
            await p.DisposeAsync();
            throw;
        }
        return p;
    }

    private async Task StartCoreAsync(IDictionary<string, string> settings, int? asUser, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(AppDirectory, "Dashboard.Web.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} does not exist: build src/Web first");
        var psi = asUser is { } uid ? new ProcessStartInfo("setpriv") : new ProcessStartInfo("dotnet");
        if (asUser is { } u)
        {
            Directory.CreateDirectory(_dir.Path);
            // 0777: the unprivileged process writes its cookie keys here.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_dir.Path, (UnixFileMode)0x1FF);
            foreach (var a in new[] { $"--reuid={u}", $"--regid={u}", "--clear-groups", "dotnet" }) psi.ArgumentList.Add(a);
            psi.Environment["HOME"] = _dir.Path;
        }
        psi.ArgumentList.Add(dll);
        psi.WorkingDirectory = AppDirectory;
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // Startup lines (listening, metrics listener) kept for the failure message; request lines are not.
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        psi.Environment["Logging__LogLevel__Dashboard"] = "Information";
        psi.Environment["Dashboard__ListenAddress"] = $"127.0.0.1:{Port}";
        psi.Environment["Dashboard__StateDirectory"] = StateDirectory;
        foreach (var (key, value) in settings) psi.Environment[key] = value;
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        // Four JIT-compiled dashboards start side by side on a shared 2-core machine: twice seen past 120 s under load.
        for (var deadline = DateTime.UtcNow.Add(StartTimeout); DateTime.UtcNow < deadline; await Task.Delay(200, cancellationToken))
        {
            if (_process.HasExited) throw new InvalidOperationException($"the dashboard exited ({_process.ExitCode}):\n{Output}");
            try { if ((await http.GetAsync($"{Url}/healthz", cancellationToken)).StatusCode == HttpStatusCode.OK) return; }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
        }
        throw new TimeoutException($"the dashboard on {Url} ({string.Join(", ", settings.Select(kv => $"{kv.Key}={kv.Value}"))}) did not answer /healthz within {StartTimeout.TotalSeconds:F0} s:\n{Output}");
    }

    /// <summary>The uid the process runs as (from /proc), to show what the unprivileged one is.</summary>
    public int Uid => int.Parse(File.ReadLines($"/proc/{_process!.Id}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal))
        .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Kills it, as a node that dies would stop answering.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Whether a user other than root can read the app: every parent directory searchable, the files readable.</summary>
    public static bool OthersCanRun(string directory)
    {
        if (OperatingSystem.IsWindows()) return false;
        // A build output (not published) finds its static assets in root's NuGet cache through this manifest.
        if (Directory.GetFiles(directory, "*.staticwebassets.runtime.json").Length > 0) return false;
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
            if ((dir.UnixFileMode & UnixFileMode.OtherExecute) == 0) return false;
        return (File.GetUnixFileMode(Path.Combine(directory, "Dashboard.Web.dll")) & UnixFileMode.OtherRead) != 0;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        _dir.Dispose();
    }
}
