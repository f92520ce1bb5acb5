using Dashboard.Server.Routing;

namespace Dashboard.Server.Lookup;

/// <summary>Where a lookup's explanation (table and route) comes from.</summary>
public enum ExplanationSource
{
    /// <summary>The kernel's fibmatch answer: the table entry that matched, and its table.</summary>
    Kernel,
    /// <summary>The rules and tables as read: the kernel refused the lookup, so it named no entry.</summary>
    Rules,
}

/// <summary>
/// A lookup's answer and why: the kernel's route (or refusal) and the explanation — the rule that
/// decided (by priority), its table and the route that matched (for ECMP, with every path). The table
/// and route come from the kernel's fibmatch answer whenever there is one; the rule from evaluating
/// the namespace's rules, checked against that answer. <see cref="Note"/> says where the two disagree
/// or what the kernel did that the rules do not show.
/// </summary>
public sealed record LookupResult(
    LookupRequest Request,
    RouteAnswer? Answer,
    KernelRefusal? Refusal,
    Rule? Rule,
    uint? Table,
    Route? Route,
    ExplanationSource Source,
    IReadOnlyList<RuleStep> Steps,
    string? Note)
{
    /// <summary>The packet has a route: the kernel answered with one that is not a reject route.</summary>
    public bool Routed => Answer is { } a && Refusal is null && a.Route.Type is not (RouteType.Unreachable or RouteType.Prohibit or RouteType.Blackhole or RouteType.Throw);

    /// <summary>Why the packet has no route, as the kernel said it ("Network is unreachable"), or null when it has one.</summary>
    public string? Error => Refusal?.Message ?? (Routed ? null
        : Answer is { Error: < 0 } a ? new KernelRefusal(-a.Error, null).Message : "the kernel answered with a " + RouteNames.Type(Answer!.Route.Type) + " route");
}
