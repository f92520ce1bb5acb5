using Dashboard.Server.Routing;

namespace Dashboard.Server.Migration;

/// <summary>What a fresh read says about the route a plan was made against.</summary>
public enum OriginalState
{
    /// <summary>The route is still there exactly as planned against: the plan may be applied.</summary>
    Unchanged,
    /// <summary>A route sits in the same slot but differs (paths, weights, protocol…): apply nothing.</summary>
    Changed,
    /// <summary>No route in that slot any more: someone removed or fixed it; nothing to do.</summary>
    Gone,
}

/// <summary>The compare half of compare-and-swap: is the planned-against route still what the kernel holds?</summary>
public static class PlanFreshness
{
    public static (OriginalState State, IReadOnlyList<Route> Current) Check(MigrationPlan plan, NamespaceSnapshot fresh)
    {
        var key = plan.Original.Key;
        var current = fresh.Routes.Where(r => r.Key == key && r.Type == plan.Original.Type).ToArray();
        if (current.Length == 0) return (OriginalState.Gone, current);
        return current.Any(r => RouteComparer.SameRoute(r, plan.Original))
            ? (OriginalState.Unchanged, current)
            : (OriginalState.Changed, current);
    }
}
