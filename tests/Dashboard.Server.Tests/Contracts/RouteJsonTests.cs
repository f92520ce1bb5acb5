using System.Text;
using System.Text.Json;
using Dashboard.Server.Contracts;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Contracts;

/// <summary>
/// `routedash routes --json` writes routes without building DTOs (<see cref="RouteJson"/>); what it writes
/// must be exactly what the <see cref="RouteDto"/> contract serialises to, for every kind of route.
/// </summary>
public sealed class RouteJsonTests
{
    private static readonly VrfTopology Names = new([
        new Link(1, "lo", null, OperState.Unknown, 1, null, null, null, 65536),
        new Link(2, "eth0", "veth", OperState.Up, 1, null, null, null, 1500),
        new Link(3, "net1", "macvlan", OperState.Up, 1, 10, null, null, 1500),
        new Link(4, "wé\"ird", "dummy", OperState.Up, 1, null, null, null, 1500), // a name that needs escaping
        new Link(10, "vrf1001", "vrf", OperState.Up, 1, null, 1001, null, 65575),
    ]);

    public static TheoryData<string> Cases => new()
    {
        "v4 plain", "v4 kernel link", "v6 multipath", "v6 source", "v4 via v6", "v4 blackhole", "nhid group", "local", "weird device",
        "flags", "unknown device", "big table", "protocol 186",
    };

    private static Route Case(string name) => name switch
    {
        "v4 plain" => new() { Family = IpFamily.Inet, Table = 254, Dst = IpPrefix.Parse("10.0.0.0/8"), Gateway = IpAddr.Parse("10.1.0.1"), Oif = 2, Protocol = RouteProtocol.Static },
        "v4 kernel link" => new() { Family = IpFamily.Inet, Table = 254, Dst = IpPrefix.Parse("10.1.0.0/24"), Oif = 2, Protocol = RouteProtocol.Kernel, Scope = RouteScope.Link, PrefSrc = IpAddr.Parse("10.1.0.2") },
        "v6 multipath" => new()
        {
            Family = IpFamily.Inet6, Table = 254, Dst = IpPrefix.Default(IpFamily.Inet6), Metric = 1024, Pref = RoutePref.Medium,
            Nexthops = [new Nexthop(IpAddr.Parse("fe80::1"), 2), new Nexthop(IpAddr.Parse("2001:db8:1::1"), 3, 2, RouteFlags.Linkdown | RouteFlags.Onlink)],
        },
        "v6 source" => new() { Family = IpFamily.Inet6, Table = 1001, Dst = IpPrefix.Parse("2001:db8::/32"), Src = IpPrefix.Parse("2001:db8:5::/48"), Oif = 3, Metric = 256, Pref = RoutePref.High },
        "v4 via v6" => new() { Family = IpFamily.Inet, Table = 254, Dst = IpPrefix.Default(IpFamily.Inet), Gateway = IpAddr.Parse("fe80::1"), Oif = 2 },
        "v4 blackhole" => new() { Family = IpFamily.Inet, Table = 100, Type = RouteType.Blackhole, Dst = IpPrefix.Parse("192.0.2.0/24") },
        "nhid group" => new()
        {
            Family = IpFamily.Inet6, Table = 254, Dst = IpPrefix.Default(IpFamily.Inet6), NexthopId = 10, Metric = 1024,
            Nexthops = [new Nexthop(IpAddr.Parse("fe80::1"), 2) { NexthopId = 1 }, new Nexthop(IpAddr.Parse("2001:db8:1::1"), 3) { NexthopId = 2 }],
        },
        "local" => new() { Family = IpFamily.Inet, Table = 255, Type = RouteType.Local, Dst = IpPrefix.Parse("127.0.0.1/32"), Oif = 1, Scope = RouteScope.Host, Protocol = RouteProtocol.Kernel, PrefSrc = IpAddr.Parse("127.0.0.1") },
        "weird device" => new() { Family = IpFamily.Inet, Table = 254, Dst = IpPrefix.Parse("198.51.100.0/24"), Oif = 4 },
        "flags" => new() { Family = IpFamily.Inet, Table = 254, Dst = IpPrefix.Parse("203.0.113.0/24"), Gateway = IpAddr.Parse("10.1.0.1"), Oif = 2, Flags = RouteFlags.Onlink | RouteFlags.Linkdown | RouteFlags.Notify },
        "unknown device" => new() { Family = IpFamily.Inet, Table = 254, Dst = IpPrefix.Parse("203.0.113.0/24"), Oif = 77 },
        "big table" => new() { Family = IpFamily.Inet, Table = 70000, Dst = IpPrefix.Parse("10.9.0.0/16"), Gateway = IpAddr.Parse("10.1.0.1"), Oif = 2, Tos = 0x10 },
        "protocol 186" => new() { Family = IpFamily.Inet6, Table = 254, Dst = IpPrefix.Parse("2001:db8:9::/48"), Gateway = IpAddr.Parse("fe80::9"), Oif = 2, Protocol = (RouteProtocol)186, Metric = 20 },
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writes_exactly_what_the_RouteDto_contract_serialises_to(string name)
    {
        var route = Case(name);
        var contract = JsonSerializer.Serialize(RouteDto.From(route, Names), DashboardJson.Default.RouteDto);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) RouteJson.Write(writer, route, Names);

        Assert.Equal(contract, Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
