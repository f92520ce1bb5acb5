using System.Diagnostics;

namespace Dashboard.TestSupport;

/// <summary>Runs a real command (ip, routedash) the way an operator would and returns what it printed.</summary>
public static class Shell
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static bool IsRoot => Environment.UserName == "root" || Tmds.Linux.LibC.geteuid() == 0;

    public static Result Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 120 s");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a command that must succeed; its stderr is in the exception otherwise.</summary>
    public static string Check(string file, params string[] args)
    {
        var r = Run(file, args);
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({r.ExitCode}): {r.Stderr.Trim()}");
        return r.Stdout;
    }

    /// <summary>`ip args…`, which must succeed.</summary>
    public static string Ip(params string[] args) => Check("ip", args);
}
