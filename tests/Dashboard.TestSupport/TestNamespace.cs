using Xunit;

namespace Dashboard.TestSupport;

/// <summary>
/// A network namespace made for one test, with lo up, and always deleted afterwards. Skips the test
/// with a clear message when the process is not root (it cannot create namespaces).
/// </summary>
public sealed class TestNamespace : IDisposable
{
    public string Name { get; }
    public string Path => $"/run/netns/{Name}";

    public TestNamespace(string purpose = "t")
    {
        RequireRoot();
        Name = $"rdt-{purpose}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        Shell.Ip("netns", "add", Name);
        Ip("link", "set", "lo", "up");
    }

    public static void RequireRoot() =>
        Assert.SkipUnless(Shell.IsRoot, "needs root: it creates network namespaces (run the test command as root)");

    /// <summary>
    /// A namespace with a bit of everything the pages and the API show: a veth with IPv4 and IPv6
    /// addresses, a route in main (metric 50), one each in tables 100 and 200, and an IPv6 multipath route.
    /// </summary>
    public static TestNamespace WithSampleRoutes()
    {
        var ns = new TestNamespace("ui");
        ns.AddVeth("rdt0", "rdt1");
        ns.IpBatch([
            "addr add 10.77.0.1/24 dev rdt0",
            "addr add 2001:db8:77::1/64 dev rdt0 nodad",
            "route add 10.80.0.0/24 via 10.77.0.2 metric 50",
            "route add 10.78.0.0/24 via 10.77.0.2 table 100",
            "route add 10.79.0.0/24 via 10.77.0.2 table 200",
            "route add 2001:db8:99::/64 nexthop via 2001:db8:77::2 dev rdt0 nexthop via 2001:db8:77::3 dev rdt0",
        ]);
        return ns;
    }

    /// <summary>A veth pair inside the namespace, both ends up.</summary>
    public void AddVeth(string name = "eth0", string peer = "peer0")
    {
        Ip("link", "add", name, "type", "veth", "peer", "name", peer);
        Ip("link", "set", name, "up");
        Ip("link", "set", peer, "up");
    }

    /// <summary>`ip -n NAME args…`, which must succeed.</summary>
    public string Ip(params string[] args) => Shell.Ip(["-n", Name, .. args]);

    /// <summary>Runs `ip -batch` with many lines at once inside the namespace; "-6" makes every line IPv6 (batch lines take no options).</summary>
    public void IpBatch(IEnumerable<string> lines, string? familyOption = null)
    {
        var file = System.IO.Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, lines);
            if (familyOption is null) Shell.Ip("-n", Name, "-batch", file);
            else Shell.Ip("-n", Name, familyOption, "-batch", file);
        }
        finally { File.Delete(file); }
    }

    /// <summary>
    /// Waits (10 s at most) until no IPv6 address is tentative: the kernel adds an address's local route only
    /// when duplicate address detection ends, so the routes counted before that are not the routes after.
    /// </summary>
    public void WaitAddressesSettled()
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; Thread.Sleep(100))
            if (Ip("-6", "addr", "show", "tentative").Trim().Length == 0) return;
        throw new TimeoutException($"{Name}: IPv6 addresses still tentative after 10 s:\n{Ip("-6", "addr", "show", "tentative")}");
    }

    public void Dispose() => Shell.Run("ip", "netns", "del", Name);
}
