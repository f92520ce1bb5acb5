using System.Text.Json.Serialization;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Contracts;

/// <summary>
/// A policy rule as `routedash rules --json` and the REST API print it: the field names and values of
/// `ip -j rule show`, every field present (null when ip leaves it out), plus <c>family</c>, the table as
/// a number with its name beside it (as routes do) and <c>protocol</c> always (as `ip -d` prints it).
/// What ip prints as a bare key (<c>"not": null</c>, <c>"l3mdev": null</c>, <c>"nop": null</c>,
/// <c>"unresolved"</c>, <c>"iif_detached"</c>, <c>"oif_detached"</c>) is a boolean here, false when absent.
/// </summary>
public sealed record RuleDto(
    string Family,
    uint Priority,
    bool Not,
    /// <summary>The source address, or "all".</summary>
    string Src,
    uint? Srclen,
    string? Dst,
    uint? Dstlen,
    string? Tos,
    string? Fwmark,
    string? Fwmask,
    string? Iif,
    [property: JsonPropertyName("iif_detached")] bool IifDetached,
    string? Oif,
    [property: JsonPropertyName("oif_detached")] bool OifDetached,
    bool L3mdev,
    [property: JsonPropertyName("uid_start")] uint? UidStart,
    [property: JsonPropertyName("uid_end")] uint? UidEnd,
    string? Ipproto,
    uint? Sport,
    [property: JsonPropertyName("sport_start")] uint? SportStart,
    [property: JsonPropertyName("sport_end")] uint? SportEnd,
    uint? Dport,
    [property: JsonPropertyName("dport_start")] uint? DportStart,
    [property: JsonPropertyName("dport_end")] uint? DportEnd,
    [property: JsonPropertyName("tun_id")] ulong? TunId,
    /// <summary>The table a lookup rule uses; null for goto, nop, l3mdev and the refusing actions.</summary>
    uint? Table,
    string? TableName,
    [property: JsonPropertyName("suppress_prefixlen")] int? SuppressPrefixlen,
    [property: JsonPropertyName("suppress_ifgroup")] string? SuppressIfgroup,
    [property: JsonPropertyName("flow_from")] string? FlowFrom,
    [property: JsonPropertyName("flow_to")] string? FlowTo,
    uint? Goto,
    bool Unresolved,
    bool Nop,
    /// <summary>"blackhole", "unreachable" or "prohibit"; null for lookup, goto and nop (ip says those otherwise).</summary>
    string? Action,
    string Protocol)
{
    public static RuleDto From(Rule r)
    {
        int hostLength = r.Family == IpFamily.Inet6 ? 128 : 32;
        bool hasTable = r.Table != 0;
        uint from = (r.Realms ?? 0) >> 16;
        return new RuleDto(
            RouteNames.Family(r.Family), r.Priority, r.Invert,
            r.Src.IsNone ? "all" : r.Src.Address.ToString(), !r.Src.IsNone && r.Src.Length != hostLength ? (uint)r.Src.Length : null,
            r.Dst.IsNone ? null : r.Dst.Address.ToString(), !r.Dst.IsNone && r.Dst.Length != hostLength ? (uint)r.Dst.Length : null,
            r.Tos != 0 ? RuleNames.Tos(r.Tos) : null,
            r.Fwmark is not null || r.Fwmask is not null ? RuleText.Hex(r.Fwmark ?? 0) : null,
            r.Fwmask is uint mask && mask != uint.MaxValue ? RuleText.Hex(mask) : null,
            r.Iif, r.IifDetached, r.Oif, r.OifDetached, r.L3mdev,
            r.UidRange?.Start, r.UidRange?.End,
            r.IpProto is byte p ? RuleNames.IpProtocol(p) : null,
            Single(r.SportRange), RangeStart(r.SportRange), RangeEnd(r.SportRange),
            Single(r.DportRange), RangeStart(r.DportRange), RangeEnd(r.DportRange),
            r.TunId,
            hasTable ? r.Table : null, hasTable ? VrfTopology.TableName(r.Table) : null,
            hasTable && r.SuppressPrefixLength is uint pl ? (int)pl : null,
            hasTable && r.SuppressIfGroup is uint g ? RuleNames.Group(g) : null,
            r.Realms is not null && from != 0 ? RuleNames.Realm(from) : null,
            r.Realms is uint realms ? RuleNames.Realm(realms & 0xFFFF) : null,
            r.Action == RuleAction.Goto ? r.Goto : null,
            r.Action == RuleAction.Goto && r.Unresolved,
            r.Action == RuleAction.Nop,
            r.Action is RuleAction.ToTable or RuleAction.Goto or RuleAction.Nop ? null : RuleNames.Action(r.Action),
            RouteNames.Protocol(r.Protocol));
    }

    // ip prints "sport N" for a one-port range and sport_start/sport_end otherwise.
    private static uint? Single(RuleRange? r) => r is { } x && x.Start == x.End ? x.Start : null;
    private static uint? RangeStart(RuleRange? r) => r is { } x && x.Start != x.End ? x.Start : null;
    private static uint? RangeEnd(RuleRange? r) => r is { } x && x.Start != x.End ? x.End : null;
}
