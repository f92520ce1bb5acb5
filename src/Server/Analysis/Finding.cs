using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

public enum FindingKind
{
    /// <summary>A multipath route whose paths belong to more than one VRF, or all to another VRF.</summary>
    MixedVrfEcmp,
    /// <summary>A single-path route in main via a device enslaved to a VRF.</summary>
    VrfMemberRouteInDefaultVrf,
    /// <summary>A route in a VRF's table via a device outside that VRF (possibly deliberate leaking).</summary>
    InterVrfRoute,
}

public enum Severity { Information, Warning, Error }

/// <summary>A path of a route that points into a VRF other than the one owning the route's table.</summary>
public sealed record OffendingNexthop(Nexthop Nexthop, VrfRef Vrf)
{
    /// <summary>The path's device is in no VRF (the default VRF, table main).</summary>
    public bool InDefaultVrf => Vrf.IsDefault;

    /// <summary>The path goes through the VRF device itself ("dev vrf1001"): deliberate leaking.</summary>
    public bool ViaVrfDevice { get; init; }

    /// <summary>A path a fix moves into its VRF's table: via a member device of a real VRF.</summary>
    public bool Movable => !InDefaultVrf && !ViaVrfDevice;
}

/// <summary>
/// Something wrong (or worth knowing) about one route. <see cref="Id"/> is stable: the same route in
/// the same namespace gives the same id on every scan, on every node.
/// </summary>
public sealed record Finding(
    string Id,
    string NamespaceId,
    FindingKind Kind,
    Severity Severity,
    Route Route,
    IReadOnlyList<OffendingNexthop> Offending,
    string Title,
    string Explanation)
{
    /// <summary>Whether a safe automatic fix exists (the planner makes it); inter-VRF routes may be deliberate.</summary>
    public bool Fixable => Kind != FindingKind.InterVrfRoute && Offending.Any(o => o.Movable);
}
