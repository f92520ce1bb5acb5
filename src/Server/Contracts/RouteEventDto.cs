using Dashboard.Server.Events;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Contracts;

/// <summary>
/// One notice of the live stream as hub clients and `routedash watch --json` receive it. The summary is
/// the line `ip monitor` would print; the member that fits the kind carries the object itself.
/// </summary>
public sealed record RouteEventDto(
    string NamespaceId,
    string Kind,
    DateTimeOffset Timestamp,
    /// <summary>Per namespace, +1 per notice: a gap means something was missed and the client should re-read.</summary>
    long Sequence,
    string Summary,
    RouteDto? Route,
    RouteDto? Previous,
    LinkDto? Link,
    AddressDto? Address,
    /// <summary>The rule of a RuleAdded or RuleRemoved, with `ip -j rule`'s fields.</summary>
    RuleDto? Rule,
    FindingDto? Finding,
    NamespaceDto? Namespace,
    bool Removed)
{
    public static RouteEventDto From(LiveEvent e)
    {
        var n = e.Notice;
        return new RouteEventDto(n.NamespaceId, n.Kind.ToString(), n.Timestamp, n.Sequence, n.Summary,
            e.Route is { } r ? RouteDto.From(r, e.Names) : null,
            e.Previous is { } p ? RouteDto.From(p, e.Names) : null,
            e.Link is { } l ? LinkDto.From(l, e.Names) : null,
            e.Address is { } a ? AddressDto.From(a, e.Names) : null,
            e.Rule is { } rule ? RuleDto.From(rule) : null,
            e.Diagnosis is { } f ? FindingDto.From(f, e.Names) : null,
            e.Namespace is { } ns ? NamespaceDto.From(ns) : null,
            e.Removed);
    }
}
