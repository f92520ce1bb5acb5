using Dashboard.Integration.Tests.Netlink;
using Dashboard.Integration.Tests.Support;
using Dashboard.Server.Api.Contracts;
using Dashboard.Server.Events;
using Dashboard.Server.Routing;

namespace Dashboard.Integration.Tests.Events;

internal static class LiveModelAssert
{
    /// <summary>The live model of the namespace equals `ip -j route show table all`, both families, field by field.</summary>
    public static async Task EqualsIpJson(LiveStream stream, TestNamespace ns)
    {
        var snapshot = await stream.SnapshotAsync(ns.Name);
        Assert.NotNull(snapshot);
        foreach (var family in (IpFamily[])[IpFamily.Inet, IpFamily.Inet6])
        {
            var expected = IpJson.Routes(ns.Name, family);
            var actual = snapshot.Routes.Where(r => r.Family == family).Select(r => ReaderMatchesIprouteTests.Canonical(RouteDto.From(r)))
                .Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected.Count, actual.Count);
            Assert.Equal(expected, actual);
        }
    }
}
