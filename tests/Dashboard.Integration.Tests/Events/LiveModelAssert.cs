using Dashboard.Integration.Tests.Netlink;
using Dashboard.Integration.Tests.Support;
using Dashboard.Server.Contracts;
using Dashboard.Server.Events;
using Dashboard.Server.Routing;

namespace Dashboard.Integration.Tests.Events;

internal static class LiveModelAssert
{
    /// <summary>
    /// The live model of the namespace equals `ip -j route show table all`, both families, field by
    /// field. The kernel state is fixed when this is called; the model must converge to it within the
    /// timeout (on a loaded 2-core machine the loop may still be draining its socket).
    /// </summary>
    public static async Task EqualsIpJson(LiveStream stream, TestNamespace ns, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var expected = Kernel(ns);
        while (true)
        {
            var actual = await Model(stream, ns);
            if (actual.SequenceEqual(expected)) return;
            if (DateTime.UtcNow > until)
            {
                Assert.Equal(expected.Count, actual.Count);
                Assert.Equal(expected, actual);
            }
            await Task.Delay(200);
        }
    }

    private static List<string> Kernel(TestNamespace ns) =>
        [.. IpJson.Routes(ns.Name, IpFamily.Inet), .. IpJson.Routes(ns.Name, IpFamily.Inet6)];

    private static async Task<List<string>> Model(LiveStream stream, TestNamespace ns)
    {
        var view = await stream.ViewAsync(ns.Name);
        Assert.NotNull(view);
        var snapshot = view.Snapshot;
        var list = new List<string>();
        foreach (var family in (IpFamily[])[IpFamily.Inet, IpFamily.Inet6])
            list.AddRange(snapshot.Routes.Where(r => r.Family == family)
                .Select(r => ReaderMatchesIprouteTests.Canonical(RouteDto.From(r, snapshot.Topology))).Order(StringComparer.Ordinal));
        return list;
    }
}
