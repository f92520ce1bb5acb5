using System.Globalization;

namespace Dashboard.Server.Routing;

/// <summary>
/// The words iproute2 uses for route types, protocols and scopes, both ways. Protocol names also come
/// from /etc/iproute2/rt_protos (and rt_protos.d) where the node defines its own.
/// </summary>
public static class RouteNames
{
    private static readonly string[] Types =
    [
        "unspec", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole",
        "unreachable", "prohibit", "throw", "nat", "xresolve",
    ];

    private static readonly Dictionary<byte, string> BuiltInProtocols = new()
    {
        [0] = "unspec", [1] = "redirect", [2] = "kernel", [3] = "boot", [4] = "static", [8] = "gated",
        [9] = "ra", [10] = "mrt", [11] = "zebra", [12] = "bird", [13] = "dnrouted", [14] = "xorp",
        [15] = "ntk", [16] = "dhcp", [17] = "mrouted", [18] = "keepalived", [42] = "babel",
        [99] = "openr", [186] = "bgp", [187] = "isis", [188] = "ospf", [189] = "rip", [192] = "eigrp",
    };

    private static readonly Lazy<string[]> ProtocolTable = new(LoadProtocols);

    public static string Type(byte type) => type < Types.Length ? Types[type] : type.ToString(CultureInfo.InvariantCulture);

    public static byte TypeNumber(string name)
    {
        int i = Array.IndexOf(Types, name);
        if (i >= 0) return (byte)i;
        return byte.TryParse(name, out var n) ? n : throw new ArgumentException($"unknown route type '{name}'");
    }

    public static string Protocol(byte protocol) => ProtocolTable.Value[protocol];

    public static byte ProtocolNumber(string name)
    {
        int i = Array.IndexOf(ProtocolTable.Value, name);
        if (i >= 0) return (byte)i;
        return byte.TryParse(name, out var n) ? n : throw new ArgumentException($"unknown route protocol '{name}'");
    }

    public static string Scope(byte scope) => scope switch
    {
        0 => "global",
        200 => "site",
        253 => "link",
        254 => "host",
        255 => "nowhere",
        _ => scope.ToString(CultureInfo.InvariantCulture),
    };

    public static byte ScopeNumber(string name) => name switch
    {
        "global" or "universe" => 0,
        "site" => 200,
        "link" => 253,
        "host" => 254,
        "nowhere" => 255,
        _ => byte.TryParse(name, out var n) ? n : throw new ArgumentException($"unknown scope '{name}'"),
    };

    /// <summary>RTA_PREF values (ICMPV6_ROUTER_PREF_*).</summary>
    public static string Pref(byte pref) => pref switch
    {
        0 => "medium",
        1 => "high",
        3 => "low",
        _ => pref.ToString(CultureInfo.InvariantCulture),
    };

    public static byte PrefNumber(string name) => name switch
    {
        "medium" => 0,
        "high" => 1,
        "low" => 3,
        _ => byte.TryParse(name, out var n) ? n : throw new ArgumentException($"unknown preference '{name}'"),
    };

    private static string[] LoadProtocols()
    {
        var names = new string[256];
        for (int i = 0; i < 256; i++)
            names[i] = BuiltInProtocols.TryGetValue((byte)i, out var n) ? n : i.ToString(CultureInfo.InvariantCulture);
        foreach (var (number, name) in IprouteFiles.Read("/etc/iproute2/rt_protos", "/etc/iproute2/rt_protos.d"))
            if (number < 256) names[number] = name;
        return names;
    }
}
