using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.Benchmarks;

/// <summary>
/// The real dashboard as a separate process on a free 127.0.0.1 port, with its audit state in a
/// temporary directory: what the load and page benchmarks measure against.
/// </summary>
public sealed class DashboardProcess : IDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _state;

    public string BaseUrl { get; }
    public int Pid => _process.Id;

    private DashboardProcess(Process process, DirectoryInfo state, string baseUrl)
    {
        _process = process;
        _state = state;
        BaseUrl = baseUrl;
    }

    /// <summary>The built or published Dashboard.Web.dll (ROUTEDASH_WEB_PUBLISHED wins), or null with the reason printed.</summary>
    public static string? FindWebDll()
    {
        string web = Environment.GetEnvironmentVariable("ROUTEDASH_WEB_PUBLISHED") is { Length: > 0 } published
            ? Path.Combine(published, "Dashboard.Web.dll")
            : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Web/bin/Release/net10.0/Dashboard.Web.dll"));
        if (File.Exists(web)) return web;
        Console.Error.WriteLine($"build the web app first (dotnet build -c Release src/Web), or set ROUTEDASH_WEB_PUBLISHED: {web}");
        return null;
    }

    public static DashboardProcess Start(string webDll)
    {
        int port = FreePort();
        var state = Directory.CreateTempSubdirectory("rdt-bench-web-");
        var process = Process.Start(new ProcessStartInfo("dotnet", [webDll])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(webDll)!,
            Environment =
            {
                ["Dashboard__ListenAddress"] = $"127.0.0.1:{port}",
                ["Dashboard__StateDirectory"] = state.FullName,
                ["Logging__LogLevel__Default"] = "Warning",
            },
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new DashboardProcess(process, state, $"http://127.0.0.1:{port}");
    }

    /// <summary>Waits for /healthz to answer 200 (60 s at most).</summary>
    public async Task WaitReadyAsync(HttpClient http)
    {
        for (int i = 0; i < 300; i++)
        {
            try { if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) return; }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("the dashboard did not become healthy within 60 s");
    }

    /// <summary>The process's resident set now, in KiB (0 once it has gone).</summary>
    public long RssKiB()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (IOException) { }
        return 0;
    }

    /// <summary>The process's CPU time so far (user + system), in seconds, from /proc/PID/stat.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0; // clock ticks, USER_HZ = 100
    }

    public void Dispose()
    {
        if (!_process.HasExited) { _process.Kill(entireProcessTree: true); _process.WaitForExit(5000); }
        _process.Dispose();
        _state.Delete(recursive: true);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
