using System.Text.Json.Serialization;
using Dashboard.Server.Lookup;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Contracts;

/// <summary>
/// `routedash lookup --json` and GET /api/namespaces/{id}/lookup: the kernel's answer with the field
/// names of `ip -j route get` (every field present, the table as a number with its name beside it),
/// the refusal when there was one, and the explanation. <c>dst</c> is the looked-up address as ip
/// prints it (a bare address); <c>type</c> is always written, as in the route contract.
/// </summary>
public sealed record LookupDto(
    string Family,
    string? Type,
    string Dst,
    /// <summary>ip's "from": the source the answer was computed for.</summary>
    [property: JsonPropertyName("from")] string? FromAddress,
    string? Gateway,
    string? ViaFamily,
    string? Dev,
    uint? Table,
    string? TableName,
    string? Prefsrc,
    uint? Metric,
    string? Pref,
    IReadOnlyList<string> Flags,
    uint? Mark,
    uint? Uid,
    /// <summary>The IPv4 route cache flags ip prints as "cache" ("local", "brd", "mc"…); null for IPv6.</summary>
    IReadOnlyList<string>? Cache,
    /// <summary>Seconds until a cached exception expires (rta_cacheinfo), as ip prints "expires".</summary>
    uint? Expires,
    /// <summary>rta_cacheinfo's error (ip's "error"): a negative errno on a cached reject entry.</summary>
    int? Error,
    string? Iif,
    /// <summary>True when the packet has a route; false when the kernel refused (see <see cref="Refusal"/>).</summary>
    bool Routed,
    LookupRefusalDto? Refusal,
    LookupExplanationDto Explanation)
{
    public static LookupDto From(LookupResult result, VrfTopology names)
    {
        var q = result.Request;
        var a = result.Answer;
        var r = a?.Route;
        var cache = a is null || r!.Family != IpFamily.Inet ? null : CacheFlags.Names(r.Flags);
        return new LookupDto(
            RouteNames.Family(q.Family),
            r is null ? null : RouteNames.Type(r.Type),
            q.Dst.ToString(),
            r is null || r.Src.IsNone ? null : RuleText.Prefix(r.Src),
            r is null || r.Gateway.IsNone ? null : r.Gateway.ToString(),
            r is not null && !r.Gateway.IsNone && r.Gateway.Family != r.Family ? RouteNames.Family(r.Gateway.Family) : null,
            r is null || r.Oif == 0 ? null : names.DeviceName(r.Oif),
            r?.Table is uint t and not 0 ? t : null,
            r?.Table is uint tn and not 0 ? VrfTopology.TableName(tn) : null,
            r is null || r.PrefSrc.IsNone ? null : r.PrefSrc.ToString(),
            r?.Metric,
            r?.Pref is { } pref ? RouteNames.Pref(pref) : null,
            r is null ? [] : RouteNames.Flags(r.Flags & ~CacheFlags.Mask),
            a is { Mark: not 0 } ? a.Mark : null,
            a?.Uid,
            cache,
            a is { Expires: not 0 } ? a.Expires / 100 : null,
            a is { Error: not 0 } ? a.Error : null,
            a is { Iif: not 0 } ? names.DeviceName(a.Iif) : null,
            result.Routed,
            result.Routed ? null : new LookupRefusalDto(
                result.Refusal?.Errno ?? (a is { Error: < 0 } ? -a.Error : 0), result.Error ?? "", result.Refusal?.ExtAck),
            LookupExplanationDto.From(result, names));
    }
}

public sealed record LookupRefusalDto(int Errno, string Message, string? ExtAck);

/// <summary>
/// Why: the rule that decided (ip -j rule's fields), its table, the VRF owning that table, the route
/// that matched (with every path of an ECMP route), where table and route come from ("kernel": its
/// fibmatch answer; "rules": the rules and tables as read, when the kernel refused), every rule the
/// lookup matched on its way, and a note where the kernel and the rules as read disagree.
/// </summary>
public sealed record LookupExplanationDto(
    RuleDto? Rule,
    uint? Table,
    string? TableName,
    string? Vrf,
    RouteDto? Route,
    string Source,
    IReadOnlyList<LookupStepDto> Steps,
    string? Note)
{
    public static LookupExplanationDto From(LookupResult result, VrfTopology names) => new(
        result.Rule is { } rule ? RuleDto.From(rule) : null,
        result.Table,
        result.Table is uint t ? VrfTopology.TableName(t) : null,
        result.Table is uint v ? names.VrfOfTable(v)?.Name : null,
        result.Route is { } route ? RouteDto.From(route, names) : null,
        result.Source == ExplanationSource.Kernel ? "kernel" : "rules",
        result.Steps.Select(s => LookupStepDto.From(s, names)).ToArray(),
        result.Note);
}

/// <summary>One rule the lookup matched: its priority, its `ip rule` line, what came of it, the table and route it reached.</summary>
public sealed record LookupStepDto(uint Priority, string Rule, string Outcome, uint? Table, string? Route)
{
    public static LookupStepDto From(RuleStep s, VrfTopology names) => new(
        s.Rule.Priority, RuleText.Show(s.Rule), OutcomeName(s.Outcome), s.Table,
        s.Route is { } r ? RouteText.Show(r, names) : null);

    /// <summary>"no-route", "reject-route", …: the outcome in the API's kebab case.</summary>
    public static string OutcomeName(StepOutcome o) => o switch
    {
        StepOutcome.Goto => "goto",
        StepOutcome.Unresolved => "unresolved",
        StepOutcome.Nop => "nop",
        StepOutcome.NoRoute => "no-route",
        StepOutcome.Throw => "throw",
        StepOutcome.Suppressed => "suppressed",
        StepOutcome.Route => "route",
        StepOutcome.RejectRoute => "reject-route",
        _ => "refused",
    };
}

/// <summary>RTCF_* bits in the upper half of an IPv4 answer's rtm_flags, named as iproute2's print_cache_flags names them.</summary>
public static class CacheFlags
{
    public const uint Mask = 0xFFFF0000;

    private static readonly (uint Bit, string Name)[] Bits =
    [
        (0x80000000, "local"), (0x40000000, "reject"), (0x20000000, "mc"), (0x10000000, "brd"), (0x08000000, "dst-nat"),
        (0x00800000, "src-nat"), (0x00400000, "masq"), (0x00020000, "dst-direct"), (0x04000000, "src-direct"),
        (0x00040000, "redirected"), (0x01000000, "redirect"), (0x00200000, "fastroute"), (0x00010000, "notify"),
        (0x00080000, "proxy"),
    ];

    public static IReadOnlyList<string> Names(uint flags)
    {
        var list = new List<string>();
        foreach (var (bit, name) in Bits) if ((flags & bit) != 0) list.Add(name);
        return list;
    }
}
