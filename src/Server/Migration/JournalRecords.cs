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
    public const int CurrentVersion = 1;

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

    // step
    public int Index { get; set; }

    // closed
    public string? Outcome { get; set; }
}

internal sealed class JournalStep
{
    public string Kind { get; set; } = "";
    public string Command { get; set; } = "";
    public JournalRoute Route { get; set; } = new();
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
