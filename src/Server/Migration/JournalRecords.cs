using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Migration;

// The migration journal's records on disk: versioned types of their own, never the model, so that a
// record written by one release is read by the next (a crash does not wait for an upgrade). Routes are
// kept as the kernel's values, enough to send them again.

/// <summary>One line of a journal file: the intent (first line), a step the kernel acknowledged, or the end.</summary>
internal sealed class JournalLine
{
    /// <summary>2: steps may be rule requests (a step has a route or a rule), and the intent has the rule states. Version 1 records read as before.</summary>
    public const int CurrentVersion = 2;

    [JsonPropertyName("v")] public int Version { get; set; } = CurrentVersion;
    /// <summary>"intent", "step" or "closed".</summary>
    public string Type { get; set; } = "";

    // intent
    public string? Id { get; set; }
    public DateTimeOffset Created { get; set; }
    public string? Actor { get; set; }
    public string? Who { get; set; }
    public string? NamespaceId { get; set; }
    public string? NamespacePath { get; set; }
    public ulong Inode { get; set; }
    public string? BootId { get; set; }
    public string? FindingId { get; set; }
    /// <summary>The route the plan changes, as it was: what undoing a replace or a delete puts back.</summary>
    public JournalRoute? Original { get; set; }
    public JournalStep[]? Steps { get; set; }
    /// <summary>The route slots the plan touches: before the first step (index 0), then after each step.</summary>
    public JournalRoute[][]? States { get; set; }
    public JournalKey[]? Keys { get; set; }
    /// <summary>The rules at the preferences the plan's rule steps use: before the first step, then after each step (version 2).</summary>
    public JournalRule[][]? RuleStates { get; set; }
    public JournalRuleKey[]? RuleKeys { get; set; }

    // step
    public int Index { get; set; }

    // closed
    public string? Outcome { get; set; }
}

internal sealed class JournalStep
{
    public string Kind { get; set; } = "";
    public string Command { get; set; } = "";
    /// <summary>The route request; null for a rule request (version 2).</summary>
    public JournalRoute? Route { get; set; }
    public JournalRule? Rule { get; set; }

    public static JournalStep From(PlanStep s) => new()
    {
        Kind = s.Kind.ToString(), Command = s.IpCommand,
        Route = s.Route is { } route ? JournalRoute.From(route) : null, Rule = s.Rule is { } rule ? JournalRule.From(rule) : null,
    };

    public PlanStep ToStep()
    {
        var kind = Enum.Parse<RouteChange>(Kind);
        if (Rule is { } rule) return new PlanStep(kind, null, rule.ToRule(), Command);
        return new PlanStep(kind, (Route ?? throw new JsonException("a journal step has neither a route nor a rule")).ToRoute(), null, Command);
    }
}

internal sealed class JournalRuleKey
{
    public byte Family { get; set; }
    public uint Priority { get; set; }
}

/// <summary>A rule as the kernel's values: every field the rule request carries.</summary>
internal sealed class JournalRule
{
    public byte Family { get; set; }
    public uint Priority { get; set; }
    public byte Action { get; set; }
    public uint Table { get; set; }
    public uint Flags { get; set; }
    public string? Src { get; set; }
    public string? Dst { get; set; }
    public byte Tos { get; set; }
    public string? Iif { get; set; }
    public string? Oif { get; set; }
    public uint? Fwmark { get; set; }
    public uint? Fwmask { get; set; }
    public byte? IpProto { get; set; }
    public uint[]? Sport { get; set; }
    public uint[]? Dport { get; set; }
    public uint[]? Uid { get; set; }
    public bool L3mdev { get; set; }
    public uint? Goto { get; set; }
    public uint? SuppressPrefixLength { get; set; }
    public uint? SuppressIfGroup { get; set; }
    public byte Protocol { get; set; }

    public static JournalRule From(Rule r) => new()
    {
        Family = (byte)r.Family, Priority = r.Priority, Action = (byte)r.Action, Table = r.Table, Flags = r.Flags,
        Src = r.Src.IsNone ? null : r.Src.ToString(), Dst = r.Dst.IsNone ? null : r.Dst.ToString(), Tos = r.Tos, Iif = r.Iif, Oif = r.Oif,
        Fwmark = r.Fwmark, Fwmask = r.Fwmask, IpProto = r.IpProto, Sport = Range(r.SportRange), Dport = Range(r.DportRange), Uid = Range(r.UidRange),
        L3mdev = r.L3mdev, Goto = r.Goto, SuppressPrefixLength = r.SuppressPrefixLength, SuppressIfGroup = r.SuppressIfGroup, Protocol = (byte)r.Protocol,
    };

    public Rule ToRule() => new()
    {
        Family = (IpFamily)Family, Priority = Priority, Action = (RuleAction)Action, Table = Table, Flags = Flags,
        Src = Src is null ? default : IpPrefix.Parse(Src), Dst = Dst is null ? default : IpPrefix.Parse(Dst), Tos = Tos, Iif = Iif, Oif = Oif,
        Fwmark = Fwmark, Fwmask = Fwmask, IpProto = IpProto, SportRange = Range(Sport), DportRange = Range(Dport), UidRange = Range(Uid),
        L3mdev = L3mdev, Goto = Goto, SuppressPrefixLength = SuppressPrefixLength, SuppressIfGroup = SuppressIfGroup, Protocol = (RouteProtocol)Protocol,
    };

    private static uint[]? Range(RuleRange? r) => r is { } v ? [v.Start, v.End] : null;
    private static RuleRange? Range(uint[]? r) => r is [var start, var end] ? new RuleRange(start, end) : null;
}

internal sealed class JournalKey
{
    public byte Family { get; set; }
    public uint Table { get; set; }
    public string Dst { get; set; } = "";
    public string? Src { get; set; }
    public byte Tos { get; set; }
    public uint Metric { get; set; }

    public static JournalKey From(RouteKey k) => new()
    {
        Family = (byte)k.Family, Table = k.Table, Dst = k.Dst.ToString(), Src = k.Src.IsNone ? null : k.Src.ToString(), Tos = k.Tos, Metric = k.Metric,
    };

    public RouteKey ToKey() => new((IpFamily)Family, Table, IpPrefix.Parse(Dst), Src is null ? default : IpPrefix.Parse(Src), Tos, Metric);
}

internal sealed class JournalRoute
{
    public byte Family { get; set; }
    public uint Table { get; set; }
    public byte Type { get; set; }
    public string Dst { get; set; } = "";
    public string? Src { get; set; }
    public byte Tos { get; set; }
    public byte Protocol { get; set; }
    public byte Scope { get; set; }
    public uint? Metric { get; set; }
    public byte? Pref { get; set; }
    public string? Prefsrc { get; set; }
    public string? Gateway { get; set; }
    public int Oif { get; set; }
    public uint Flags { get; set; }
    public JournalNexthop[]? Nexthops { get; set; }
    public uint? Nhid { get; set; }

    public static JournalRoute From(Route r) => new()
    {
        Family = (byte)r.Family, Table = r.Table, Type = (byte)r.Type, Dst = r.Dst.ToString(), Src = r.Src.IsNone ? null : r.Src.ToString(),
        Tos = r.Tos, Protocol = (byte)r.Protocol, Scope = (byte)r.Scope, Metric = r.Metric, Pref = (byte?)r.Pref,
        Prefsrc = r.PrefSrc.IsNone ? null : r.PrefSrc.ToString(), Gateway = r.Gateway.IsNone ? null : r.Gateway.ToString(),
        Oif = r.Oif, Flags = r.Flags, Nhid = r.NexthopId,
        Nexthops = r.IsMultipath
            ? r.Nexthops.Select(n => new JournalNexthop { Gateway = n.Gateway.IsNone ? null : n.Gateway.ToString(), Oif = n.Oif, Weight = n.Weight, Flags = n.Flags, Nhid = n.NexthopId }).ToArray()
            : null,
    };

    public Route ToRoute() => new()
    {
        Family = (IpFamily)Family, Table = Table, Type = (RouteType)Type, Dst = IpPrefix.Parse(Dst), Src = Src is null ? default : IpPrefix.Parse(Src),
        Tos = Tos, Protocol = (RouteProtocol)Protocol, Scope = (RouteScope)Scope, Metric = Metric, Pref = (RoutePref?)Pref,
        PrefSrc = Prefsrc is null ? default : IpAddr.Parse(Prefsrc), Gateway = Gateway is null ? default : IpAddr.Parse(Gateway),
        Oif = Oif, Flags = Flags, NexthopId = Nhid,
        Nexthops = Nexthops is null ? [] : Nexthops.Select(n => new Nexthop(n.Gateway is null ? default : IpAddr.Parse(n.Gateway), n.Oif, n.Weight, n.Flags) { NexthopId = n.Nhid }).ToArray(),
    };
}

internal sealed class JournalNexthop
{
    public string? Gateway { get; set; }
    public int Oif { get; set; }
    public int Weight { get; set; } = 1;
    public uint Flags { get; set; }
    public uint Nhid { get; set; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JournalLine))]
internal sealed partial class JournalJson : JsonSerializerContext;
