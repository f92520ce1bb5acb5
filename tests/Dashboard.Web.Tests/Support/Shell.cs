using System.Diagnostics;

namespace Dashboard.Web.Tests.Support;

/// <summary>Runs iproute2 the way an operator would, failing the test with its stderr when it fails.</summary>
public static class Shell
{
    public static bool IsRoot => Environment.UserName == "root";

    public static string Ip(params string[] args)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ip {string.Join(' ', args)}: {stderr.Trim()}");
        return stdout;
    }
}
