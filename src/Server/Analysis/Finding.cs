using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>
/// What is wrong. The first three are about one route's paths and VRFs; the others about a VRF's
/// table, the policy rules, or the links a route's paths use. Their JSON names (kebab-case) are in
/// <see cref="FindingKinds.Name"/>; docs/findings.md describes each one.
/// </summary>
public enum FindingKind
{
    /// <summary>A multipath route whose paths belong to more than one VRF, or all to another VRF.</summary>
    MixedVrfEcmp,
    /// <summary>A single-path route in main via a device enslaved to a VRF.</summary>
    VrfMemberRouteInDefaultVrf,
    /// <summary>A route in a VRF's table via a device outside that VRF (possibly deliberate leaking).</summary>
    InterVrfRoute,
    /// <summary>A VRF's table has no default route for a family its members use: lookups fall through to main.</summary>
    VrfTableNoDefault,
    /// <summary>VRFs exist but a family has no l3mdev rule (nor per-VRF iif/oif rules): their tables are never consulted.</summary>
    L3mdevRuleMissing,
    /// <summary>Two VRF devices use one table.</summary>
    DuplicateVrfTable,
    /// <summary>In a pod, a source rule looks up a table without a default: misses continue to main.</summary>
    RuleTableNoDefault,
    /// <summary>Paths of a route go through a link without carrier.</summary>
    NexthopLinkDown,
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
/// Something wrong (or worth knowing) in one namespace. <see cref="Id"/> is stable: the same fault in
/// the same namespace gives the same id on every scan, on every node. What the finding is about is
/// in the members its kind uses: a route (<see cref="Route"/>, with <see cref="Offending"/> or
/// <see cref="LinkdownPaths"/>), a VRF's table for a family (<see cref="Vrfs"/>, <see cref="Table"/>,
/// <see cref="Family"/>), a family's rules, or one rule (<see cref="Rule"/>).
/// </summary>
public sealed record Finding(
    string Id,
    string NamespaceId,
    FindingKind Kind,
    Severity Severity,
    /// <summary>The route the finding is about; null for findings about a table, a rule or the VRFs.</summary>
    Route? Route,
    IReadOnlyList<OffendingNexthop> Offending,
    string Title,
    string Explanation)
{
    /// <summary>The address family concerned; null only where the fault has none (a duplicate VRF table).</summary>
    public IpFamily? Family { get; init; }

    /// <summary>The table concerned: the VRF's table, the shared table, or the table a rule looks up.</summary>
    public uint? Table { get; init; }

    /// <summary>The VRFs concerned: the one whose table lacks a default, those without rules, those sharing a table.</summary>
    public IReadOnlyList<VrfRef> Vrfs { get; init; } = [];

    /// <summary>The policy rule concerned (rule-table-no-default).</summary>
    public Rule? Rule { get; init; }

    /// <summary>The route's paths through a link without carrier (nexthop-link-down).</summary>
    public IReadOnlyList<Nexthop> LinkdownPaths { get; init; } = [];

    /// <summary>What the finding is about in one line, for logs and errors: the route as `ip route` takes it, else the title.</summary>
    public string Subject(VrfTopology names) => Route is { } route ? RouteText.Arguments(route, names) : Title;

    /// <summary>
    /// Whether a safe automatic fix exists (the planner makes it). Inter-VRF routes may be deliberate;
    /// a shared VRF table, a source rule's table and a dead link need a decision only an operator can make.
    /// </summary>
    public bool Fixable => Kind switch
    {
        FindingKind.MixedVrfEcmp or FindingKind.VrfMemberRouteInDefaultVrf => Offending.Any(o => o.Movable),
        FindingKind.VrfTableNoDefault or FindingKind.L3mdevRuleMissing => true,
        _ => false,
    };
}
