using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Events;

/// <summary>
/// A notice with the object it is about, for consumers that show more than the summary line (the hub
/// sends these as <see cref="Contracts.RouteEventDto"/>). Only the members that fit the kind are set.
/// </summary>
public sealed record LiveEvent(RouteChangeNotice Notice)
{
    /// <summary>The route after the change, or the removed route for RouteRemoved.</summary>
    public Route? Route { get; init; }
    /// <summary>The route before a RouteChanged.</summary>
    public Route? Previous { get; init; }
    public Link? Link { get; init; }
    public Address? Address { get; init; }
    /// <summary>The rule a RuleAdded or RuleRemoved is about.</summary>
    public Rule? Rule { get; init; }
    /// <summary>True when <see cref="Link"/> or <see cref="Address"/> was deleted.</summary>
    public bool Removed { get; init; }
    /// <summary>The finding (with its plan) a FindingOpened or FindingResolved is about.</summary>
    public Diagnosis? Diagnosis { get; init; }
    public NetNamespace? Namespace { get; init; }
    /// <summary>The namespace's devices and VRFs when the notice was made: names for printing its objects.</summary>
    public VrfTopology Names { get; init; } = VrfTopology.Empty;
    /// <summary>Stopwatch timestamp of when the kernel's message was read, for latency figures.</summary>
    public long ReadAt { get; init; }
}
