namespace Dashboard.Web.Tests.Support;

/// <summary>A named network namespace "rdt-ui-…" that is deleted again whatever happens to the test.</summary>
public sealed class TestNamespace : IDisposable
{
    public string Name { get; } = $"rdt-ui-{Guid.NewGuid().ToString("N")[..8]}";

    public TestNamespace() => Shell.Ip("netns", "add", Name);

    /// <summary>`ip -n NAME …`</summary>
    public string Ip(params string[] args) => Shell.Ip(["-n", Name, .. args]);

    /// <summary>
    /// A namespace with a bit of everything the pages and the API show: a veth with IPv4 and IPv6
    /// addresses, a route in main (metric 50), one each in tables 100 and 200, and an IPv6 multipath route.
    /// </summary>
    public static TestNamespace WithSampleRoutes()
    {
        var ns = new TestNamespace();
        ns.Ip("link", "set", "lo", "up");
        ns.Ip("link", "add", "rdt0", "type", "veth", "peer", "name", "rdt1");
        ns.Ip("link", "set", "rdt0", "up");
        ns.Ip("link", "set", "rdt1", "up");
        ns.Ip("addr", "add", "10.77.0.1/24", "dev", "rdt0");
        ns.Ip("-6", "addr", "add", "2001:db8:77::1/64", "dev", "rdt0", "nodad");
        ns.Ip("route", "add", "10.80.0.0/24", "via", "10.77.0.2", "metric", "50");
        ns.Ip("route", "add", "10.78.0.0/24", "via", "10.77.0.2", "table", "100");
        ns.Ip("route", "add", "10.79.0.0/24", "via", "10.77.0.2", "table", "200");
        ns.Ip("-6", "route", "add", "2001:db8:99::/64", "nexthop", "via", "2001:db8:77::2", "dev", "rdt0", "nexthop", "via", "2001:db8:77::3", "dev", "rdt0");
        return ns;
    }

    public void Dispose()
    {
        try { Shell.Ip("netns", "del", Name); } catch (InvalidOperationException) { /* already gone */ }
    }
}
