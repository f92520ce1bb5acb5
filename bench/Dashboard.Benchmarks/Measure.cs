using System.Diagnostics;

namespace Dashboard.Benchmarks;

/// <summary>Timing and process helpers shared by the benchmarks.</summary>
public static class Measure
{
    /// <summary>Runs a shell command with stdout to /dev/null under GNU time; returns wall seconds and peak RSS (KiB).</summary>
    public static (double Seconds, long PeakKiB) Command(string shellCommand)
    {
        var psi = new ProcessStartInfo("/usr/bin/time", ["-f", "%e %M", "bash", "-c", shellCommand + " > /dev/null"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        sw.Stop();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{shellCommand} failed: {err}");
        var last = err.Trim().Split('\n')[^1].Split(' ');
        return (sw.Elapsed.TotalSeconds, long.Parse(last[1]));
    }

    /// <summary>What a shell command prints on stdout; it must succeed.</summary>
    public static string Output(string shellCommand)
    {
        var psi = new ProcessStartInfo("bash", ["-c", shellCommand]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{shellCommand} failed ({p.ExitCode})");
        return output;
    }

    public static void Sh(string command)
    {
        using var p = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { UseShellExecute = false })!;
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{command} failed ({p.ExitCode})");
    }

    /// <summary>A fresh namespace with lo up and a veth eth0 (peer peer0), both ends up, eth0 holding <paramref name="address"/>.</summary>
    public static void VethNamespace(string ns, string address) =>
        Sh($"ip netns add {ns} && ip -n {ns} link set lo up && ip -n {ns} link add eth0 type veth peer name peer0 "
           + $"&& ip -n {ns} link set eth0 up && ip -n {ns} link set peer0 up && ip -n {ns} addr add {address} dev eth0");

    public static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
