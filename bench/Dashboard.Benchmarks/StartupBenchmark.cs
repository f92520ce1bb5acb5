using System.Diagnostics;
using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>
/// Issue 13: how long a routedash process takes from start to exit, native (the published binary) next to
/// the JIT build of the same source (`dotnet routedash.dll`, built beside this benchmark) and to
/// `ip route show table all`, alternating in one run. Target: native ≤ 50 ms on the host.
/// `--guest` times the same three inside the TCG test guest (tests/vm/run-vm.sh) with the VM tests' own
/// scenario script (tests/Dashboard.Vm.Tests/Scenarios/Migration/startup.sh).
/// </summary>
public static class StartupBenchmark
{
    private const string Ip = "ip route show table all";

    public static int Run(string[] args)
    {
        bool guest = args.Contains("--guest");
        var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(int.Parse).ToArray();
        string native = NativeRoutedash();
        string dll = Path.Combine(AppContext.BaseDirectory, "routedash.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"no {dll}: the benchmark project references src/Cli, build it first");
        return guest
            ? Guest(native, dll, numbers.Length > 0 ? numbers[0] : 3)
            : Host(native, dll, numbers.Length > 0 ? numbers[0] : 20);
    }

    private static int Host(string native, string dll, int rounds)
    {
        (string Name, string File, string[] Args)[] commands =
        [
            (Ip, "ip", ["route", "show", "table", "all"]),
            ("routedash namespaces (native)", native, ["namespaces"]),
            ("dotnet routedash.dll namespaces (JIT)", "dotnet", [dll, "namespaces"]),
        ];
        string loadBefore = LoadAverage();
        foreach (var c in commands) { Time(c.File, c.Args); Time(c.File, c.Args); } // page cache, not measured
        var times = commands.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < rounds; round++)
            for (int i = 0; i < commands.Length; i++)
                times[i].Add(Time(commands[i].File, commands[i].Args));

        Console.WriteLine($"host, {rounds} rounds alternating, wall ms from start to exit; load average {loadBefore} before, {LoadAverage()} after");
        Console.WriteLine("| command | median ms | min | p90 | × ip | peak RSS |");
        Console.WriteLine("|---|---|---|---|---|---|");
        double ipMedian = Measure.Median(times[0]);
        for (int i = 0; i < commands.Length; i++)
        {
            var t = times[i].Order().ToArray();
            double median = Measure.Median(t);
            Console.WriteLine($"| {commands[i].Name} | {median:F1} | {t[0]:F1} | {t[(int)Math.Ceiling(0.9 * t.Length) - 1]:F1} | " +
                              $"{median / ipMedian:F1} | {PeakRss(commands[i].File, commands[i].Args)} |");
        }
        return 0;
    }

    /// <summary>Start to exit of one process, stdout drained (as a pipe into a terminal would be).</summary>
    private static double Time(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.BaseStream.CopyTo(Stream.Null);
        p.WaitForExit();
        sw.Stop();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}");
        return sw.Elapsed.TotalMilliseconds;
    }

    /// <summary>One more run under GNU time, for its peak RSS; not part of the timings.</summary>
    private static string PeakRss(string file, string[] args)
    {
        if (!File.Exists("/usr/bin/time")) return "n/a (no /usr/bin/time)";
        var psi = new ProcessStartInfo("/usr/bin/time", ["-f", "%M", file, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        p.StandardOutput.BaseStream.CopyTo(Stream.Null);
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return $"{long.Parse(err.Trim().Split('\n')[^1], CultureInfo.InvariantCulture) / 1024.0:F1} MiB";
    }

    private static int Guest(string native, string dll, int rounds)
    {
        string root = RepositoryRoot();
        string work = Path.Combine(Path.GetTempPath(), $"rd-startup-{Environment.ProcessId}");
        var argv = new List<string> { Path.Combine(root, "tests", "vm", "run-vm.sh"), "--out", work,
            "--env", $"ROUTEDASH={native}", "--env", $"ROUTEDASH_DLL={dll}", "--env", $"STARTUP_ROUNDS={rounds}",
            // every JIT start costs 15-35 s under TCG
            "--scenario-timeout", (120 + 60 * rounds).ToString(CultureInfo.InvariantCulture) };
        // The guest's tmpfs hides the host's /tmp and /run; other paths are visible as they are.
        foreach (var dir in new[] { Path.GetDirectoryName(native)!, Path.GetDirectoryName(dll)! }.Distinct())
            if (dir.StartsWith("/tmp/", StringComparison.Ordinal) || dir.StartsWith("/run/", StringComparison.Ordinal))
                argv.AddRange(["--share", dir]);
        argv.Add(Path.Combine(root, "tests", "Dashboard.Vm.Tests", "Scenarios", "Migration", "startup.sh"));
        string loadBefore = LoadAverage();
        var psi = new ProcessStartInfo("bash", argv) { UseShellExecute = false };
        using (var p = Process.Start(psi)!)
        {
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"run-vm.sh exited {p.ExitCode}; its work directory: {work}");
        }
        var rows = File.ReadAllLines(Path.Combine(work, "results", "startup", "files", "starts.tsv"))
            .Select(l => l.Split('\t')).Select(f => (Command: f[1], Ms: double.Parse(f[2], CultureInfo.InvariantCulture))).ToList();
        Console.WriteLine($"TCG guest (tests/vm/run-vm.sh), {rounds} rounds alternating, wall ms; round 1 reads each file through a cold 9p cache; " +
                          $"host load average {loadBefore} before, {LoadAverage()} after");
        Console.WriteLine("| command | round 1 ms | median of rounds 2.. ms | × ip (median) |");
        Console.WriteLine("|---|---|---|---|");
        double? ipMedian = null;
        foreach (var group in rows.GroupBy(r => r.Command))
        {
            var all = group.Select(r => r.Ms).ToArray();
            double rest = all.Length > 1 ? Measure.Median(all[1..]) : all[0];
            ipMedian ??= rest;
            Console.WriteLine($"| {group.Key} | {all[0]:F0} | {rest:F0} | {rest / ipMedian:F1} |");
        }
        Directory.Delete(work, recursive: true);
        return 0;
    }

    /// <summary>ROUTEDASH_PUBLISHED's routedash (the test command sets it), else artifacts/routedash's.</summary>
    internal static string NativeRoutedash()
    {
        string dir = Environment.GetEnvironmentVariable("ROUTEDASH_PUBLISHED") is { Length: > 0 } given
            ? Path.GetFullPath(given)
            : Path.Combine(RepositoryRoot(), "artifacts", "routedash");
        string exe = Path.Combine(dir, "routedash");
        if (!File.Exists(exe) || File.Exists(Path.Combine(dir, "routedash.dll")))
            throw new InvalidOperationException(
                $"no native routedash in {dir}: dotnet publish src/Cli/Dashboard.Cli.csproj -c Release -o artifacts/routedash");
        return exe;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no Dashboard.sln above {AppContext.BaseDirectory}");
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);
}
