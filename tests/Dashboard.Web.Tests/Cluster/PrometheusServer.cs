using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dashboard.Web.Tests.Support;

namespace Dashboard.Web.Tests.Cluster;

/// <summary>
/// A real Prometheus (Debian's package) on a free loopback port, with its own configuration and data
/// directory in a temp directory, scraping every second; killed and removed on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";
    private readonly TempDirectory _dir = new();
    private Process? _process;

    public int Port { get; } = FreePort.Next();
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>A scrape job: its name, its targets (host:port) and, optionally, the bearer token file it sends.</summary>
    public sealed record Job(string Name, IReadOnlyList<string> Targets, string? TokenFile = null);

    public static async Task<PrometheusServer> StartAsync(IEnumerable<Job> jobs, CancellationToken cancellationToken)
    {
        var server = new PrometheusServer();
        try { await server.StartCoreAsync(jobs, cancellationToken); }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private async Task StartCoreAsync(IEnumerable<Job> jobs, CancellationToken cancellationToken)
    {
        var config = new System.Text.StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\n  evaluation_interval: 1s\nscrape_configs:\n");
        foreach (var job in jobs)
        {
            config.Append($"  - job_name: {job.Name}\n    honor_labels: true\n");
            if (job.TokenFile is not null) config.Append($"    authorization:\n      credentials_file: {job.TokenFile}\n");
            config.Append("    static_configs:\n      - targets: [").Append(string.Join(", ", job.Targets.Select(t => $"'{t}'"))).Append("]\n");
        }
        var configFile = _dir.File("prometheus.yml");
        await File.WriteAllTextAsync(configFile, config.ToString(), cancellationToken);
        var psi = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { $"--config.file={configFile}", $"--storage.tsdb.path={_dir.File("data")}", $"--web.listen-address=127.0.0.1:{Port}", "--log.level=warn" })
            psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => Log(e.Data);
        _process.ErrorDataReceived += (_, e) => Log(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(200, cancellationToken))
        {
            if (_process.HasExited) throw new InvalidOperationException($"prometheus exited ({_process.ExitCode}):\n{Output}");
            try { if ((await http.GetAsync($"{Url}/-/ready", cancellationToken)).StatusCode == HttpStatusCode.OK) return; }
            catch (HttpRequestException) { }
        }
        throw new TimeoutException($"prometheus was not ready within 30 s:\n{Output}");
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
    private void Log(string? line) { if (line is not null) _output.Enqueue(line); }
    public string Output => string.Join('\n', _output);

    /// <summary>Stops it at once, as a crash would (for the unreachable case).</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        _dir.Dispose();
    }
}

/// <summary>Free TCP ports on 127.0.0.1 (the listener is closed again, the port handed out).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
