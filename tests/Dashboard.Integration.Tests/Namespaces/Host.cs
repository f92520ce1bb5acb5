using System.Diagnostics;

namespace Dashboard.Integration.Tests.Namespaces;

/// <summary>Runs host tools the way an operator would, and tells whether this test may touch namespaces.</summary>
internal static class Host
{
    public static void RequireRoot()
    {
        if (Tmds.Linux.LibC.geteuid() != 0)
            Assert.Skip("needs root: creating and entering network namespaces requires CAP_SYS_ADMIN");
    }

    /// <summary>Runs a command to completion; a non-zero exit fails with its stderr.</summary>
    public static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Trim()}");
        return stdout.Result;
    }

    /// <summary>The inode `stat` reports for a namespace file (following the link, as setns would).</summary>
    public static ulong StatInode(string path) => ulong.Parse(Run("stat", "-L", "-c", "%i", path).Trim());

    /// <summary>The inode in a /proc/…/ns/net link ("net:[N]").</summary>
    public static ulong LinkInode(string path)
    {
        var target = new FileInfo(path).LinkTarget ?? throw new IOException($"cannot read the link {path}");
        Assert.StartsWith("net:[", target);
        return ulong.Parse(target["net:[".Length..^1]);
    }

    /// <summary>
    /// The initial network namespace: PID 1's, or — where PID 1 is a supervisor that may not be
    /// inspected, as on these test machines — kthreadd's, which is always the initial one.
    /// </summary>
    public static (int Pid, ulong Inode) InitNamespace()
    {
        // LinkTarget is null where readlink is refused.
        return new FileInfo("/proc/1/ns/net").LinkTarget is not null ? (1, LinkInode("/proc/1/ns/net")) : (2, LinkInode("/proc/2/ns/net"));
    }

    /// <summary>Starts a long-running command and waits until its process has exec'd <paramref name="comm"/>.</summary>
    public static Process StartUntil(string comm, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (ReadComm(p.Id) != comm)
        {
            if (p.HasExited) throw new InvalidOperationException($"{file} exited {p.ExitCode}: {p.StandardError.ReadToEnd()}");
            if (DateTime.UtcNow > deadline) { Stop(p); throw new TimeoutException($"{file} did not become {comm}"); }
            Thread.Sleep(10);
        }
        return p;
    }

    public static void Stop(Process p)
    {
        try { if (!p.HasExited) { p.Kill(); p.WaitForExit(5000); } }
        catch (InvalidOperationException) { }
        p.Dispose();
    }

    private static string? ReadComm(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n'); }
        catch (IOException) { return null; }
    }
}

/// <summary>A named namespace made with `ip netns add rdt-…`, deleted on dispose even when the test failed.</summary>
internal sealed class TestNetns : IDisposable
{
    public string Name { get; } = $"rdt-{Guid.NewGuid():N}"[..16];
    public string Path => $"/run/netns/{Name}";
    private bool _deleted;

    public TestNetns() => Host.Run("ip", "netns", "add", Name);

    public void Delete()
    {
        if (_deleted) return;
        Host.Run("ip", "netns", "del", Name);
        _deleted = true;
    }

    public void Dispose()
    {
        try { Delete(); }
        catch (InvalidOperationException) { /* already gone */ }
    }
}
