using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Server.Routing;

namespace Dashboard.Integration.Tests.Support;

/// <summary>
/// Turns `ip -j route show table all` into the shape of our route JSON, field by field: iproute2
/// leaves out defaults (type unicast, table main, proto boot, scope global) and writes "default" and
/// bare host addresses; we always write every field and CIDR.
/// </summary>
public static class IpJson
{
    public static List<string> Routes(string nsName, IpFamily family)
    {
        var json = Shell.Check("ip", "-n", nsName, family == IpFamily.Inet6 ? "-6" : "-4", "-j", "route", "show", "table", "all");
        var list = new List<string>();
        foreach (var node in JsonNode.Parse(json)!.AsArray())
            list.Add(Normalise(node!.AsObject(), family));
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    public static string Normalise(JsonObject r, IpFamily family)
    {
        string dst = Str(r, "dst") ?? "default";
        if (dst == "default") dst = family == IpFamily.Inet6 ? "::/0" : "0.0.0.0/0";
        else if (!dst.Contains('/')) dst += family == IpFamily.Inet6 ? "/128" : "/32";
        var tableText = Str(r, "table") ?? "main";
        // Names from rt_tables only: a topology without links knows no VRF names, as iproute2 here.
        Assert.True(new VrfTopology([]).TryParseTable(tableText, out var table), $"unknown table {tableText}");
        var gateway = Str(r, "gateway") ?? (r["via"] as JsonObject)?["host"]?.GetValue<string>();
        var nexthops = (r["nexthops"] as JsonArray)?.Select(n => new
        {
            gateway = Str(n!.AsObject(), "gateway") ?? (n["via"] as JsonObject)?["host"]?.GetValue<string>(),
            dev = Str(n.AsObject(), "dev"),
            weight = n["weight"]?.GetValue<int>() ?? 1,
            flags = Flags(n.AsObject()),
        }).ToArray() ?? [];
        return Canonical(RouteNames.Family(family), table, Str(r, "type") ?? "unicast", dst, Str(r, "protocol") ?? "boot",
            Str(r, "scope") ?? "global", r["metric"]?.GetValue<ulong>(), Str(r, "pref"), Str(r, "prefsrc"), gateway,
            Str(r, "dev"), Flags(r), nexthops.Select(n => (n.gateway, n.dev, n.weight, n.flags)).ToArray(),
            r["nhid"]?.GetValue<uint>());
    }

    /// <summary>One canonical line per route, used on both sides of the comparison.</summary>
    public static string Canonical(string family, uint table, string type, string dst, string protocol, string scope,
        ulong? metric, string? pref, string? prefsrc, string? gateway, string? dev, string flags,
        IEnumerable<(string? Gateway, string? Dev, int Weight, string Flags)> nexthops, uint? nhid) =>
        $"{family} t={table} {type} {dst} proto={protocol} scope={scope} metric={metric} pref={pref} prefsrc={prefsrc} " +
        $"via={gateway} dev={dev} flags=[{flags}] nhid={nhid} " +
        $"nexthops=[{string.Join(' ', nexthops.Select(n => $"({n.Gateway} {n.Dev} w{n.Weight} {n.Flags})"))}]";

    public static string Flags(IEnumerable<string> flags) => string.Join(',', flags.Order(StringComparer.Ordinal));

    private static string Flags(JsonObject o) =>
        Flags((o["flags"] as JsonArray)?.Select(f => f!.GetValue<string>()) ?? []);

    private static string? Str(JsonObject o, string key) =>
        o[key] is JsonValue v ? (v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()) : null;
}
