using System.Text.Json;

namespace Dashboard.Vm.Tests.Harness;

/// <summary>One nexthop of an `ip -j route` entry: a plain route has one, a multipath route lists "nexthops".</summary>
public sealed record IpHop(string? Gateway, string? Device, int Weight);

/// <summary>The parts of an `ip -j route` entry the VM tests compare.</summary>
public sealed record IpRoute(string Type, string Dst, long? Metric, IReadOnlyList<IpHop> Hops)
{
    public bool IsMultipath => Hops.Count > 1;

    /// <summary>`ip route show table all` names the table of every route but main's.</summary>
    public string Table { get; init; } = "main";

    public string? Protocol { get; init; }

    /// <summary>The nexthop object the route uses (`nhid N`), if any.</summary>
    public long? Nhid { get; init; }
}

/// <summary>Reads iproute2's JSON output (`ip -j`), the independent witness of what the kernel holds.</summary>
public static class IpJson
{
    public static IReadOnlyList<IpRoute> Routes(JsonElement array) =>
        array.EnumerateArray().Select(Route).ToList();

    public static IpRoute Route(JsonElement e)
    {
        var hops = e.TryGetProperty("nexthops", out var nexthops)
            ? nexthops.EnumerateArray().Select(Hop).ToList()
            : [Hop(e)];
        return new IpRoute(
            e.TryGetProperty("type", out var type) ? type.GetString()! : "unicast",
            e.GetProperty("dst").GetString()!,
            e.TryGetProperty("metric", out var metric) ? metric.GetInt64() : null,
            hops)
        {
            Table = e.TryGetProperty("table", out var table) ? table.GetString()! : "main",
            Protocol = e.TryGetProperty("protocol", out var protocol) ? protocol.GetString() : null,
            Nhid = e.TryGetProperty("nhid", out var nhid) ? nhid.GetInt64() : null,
        };
    }

    /// <summary>The link named <paramref name="ifname"/> in an `ip -j link show` array; fails the test if absent.</summary>
    public static JsonElement Link(JsonElement links, string ifname)
    {
        foreach (var link in links.EnumerateArray())
        {
            if (link.GetProperty("ifname").GetString() == ifname)
                return link;
        }
        Assert.Fail($"no link {ifname} in {links}");
        throw new InvalidOperationException();
    }

    /// <summary>A property by path ("linkinfo", "info_data", "table") as text; null when any step is absent.</summary>
    public static string? Find(JsonElement e, params string[] path)
    {
        foreach (var name in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e))
                return null;
        }
        return e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText();
    }

    // A gateway of another family (an IPv4 route via an IPv6 nexthop) is shown as "via": {"family", "host"}.
    private static IpHop Hop(JsonElement e) => new(
        e.TryGetProperty("gateway", out var gw) ? gw.GetString()
            : e.TryGetProperty("via", out var via) ? via.GetProperty("host").GetString() : null,
        e.TryGetProperty("dev", out var dev) ? dev.GetString() : null,
        e.TryGetProperty("weight", out var weight) ? weight.GetInt32() : 1);
}
