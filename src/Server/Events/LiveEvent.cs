using Dashboard.Server.Analysis;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Events;

/// <summary>
/// A notice with the object it is about, for consumers that show more than the summary line (the hub
/// sends these as <see cref="Api.Contracts.RouteEventDto"/>). Only the members that fit the kind are set.
/// </summary>
public sealed record LiveEvent(RouteChangeNotice Notice)
{
    /// <summary>The route after the change, or the removed route for RouteRemoved.</summary>
    public Route? Route { get; init; }
    /// <summary>The route before a RouteChanged.</summary>
    public Route? Previous { get; init; }
    public Link? Link { get; init; }
    /// <summary>The master of <see cref="Link"/> (its VRF, bridge or bond) as the namespace held it.</summary>
    public Link? Master { get; init; }
    public Address? Address { get; init; }
    /// <summary>The name of <see cref="Address"/>'s device ("if{index}" when the namespace does not list it).</summary>
    public string? Device { get; init; }
    /// <summary>True when <see cref="Link"/> or <see cref="Address"/> was deleted.</summary>
    public bool Removed { get; init; }
    public Finding? Finding { get; init; }
    public NetNamespace? Namespace { get; init; }
    /// <summary>Stopwatch timestamp of when the kernel's message was read, for latency figures.</summary>
    public long ReadAt { get; init; }
}
