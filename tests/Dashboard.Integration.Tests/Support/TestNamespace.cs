namespace Dashboard.Integration.Tests.Support;

/// <summary>
/// A network namespace made for one test and always deleted afterwards. Skips the test with a clear
/// message when the process is not root (it cannot create namespaces).
/// </summary>
public sealed class TestNamespace : IDisposable
{
    public string Name { get; }
    public string Path => $"/run/netns/{Name}";

    public TestNamespace(string purpose = "t")
    {
        RequireRoot();
        Name = $"rdt-{purpose}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        Shell.Check("ip", "netns", "add", Name);
        Ip("link", "set", "lo", "up");
    }

    public static void RequireRoot() =>
        Assert.SkipUnless(Environment.UserName == "root" || Tmds.Linux.LibC.geteuid() == 0,
            "needs root: it creates network namespaces (run the test command as root)");

    /// <summary>`ip -n NAME args…`, which must succeed.</summary>
    public string Ip(params string[] args) => Shell.Check("ip", ["-n", Name, .. args]);

    /// <summary>Runs `ip -batch` with many lines at once inside the namespace.</summary>
    public void IpBatch(IEnumerable<string> lines)
    {
        var file = System.IO.Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, lines);
            Shell.Check("ip", "-n", Name, "-batch", file);
        }
        finally { File.Delete(file); }
    }

    public void Dispose() => Shell.Run("ip", "netns", "del", Name);
}
