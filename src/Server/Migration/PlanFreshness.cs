using Dashboard.Server.Analysis;
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

/// <summary>
/// The compare half of compare-and-swap: is the planned-against route still what the kernel holds? A
/// plan that only adds has no route to compare: the fault itself must still be there, which a fresh
/// analysis says (the finding's id is made of the kernel values the fault consists of); that the
/// slots it fills are still empty is the clobber guard's part.
/// </summary>
public static class PlanFreshness
{
    public static (OriginalState State, IReadOnlyList<Route> Current) Check(MigrationPlan plan, NamespaceSnapshot fresh)
    {
        if (plan.Original is not { } original)
            return (FindingAnalyzer.Analyze(fresh).Any(f => f.Id == plan.FindingId) ? OriginalState.Unchanged : OriginalState.Gone, []);
        var key = original.Key;
        var current = fresh.Routes.Where(r => r.Key == key && r.Type == original.Type).ToArray();
        if (current.Length == 0) return (OriginalState.Gone, current);
        return current.Any(r => RouteComparer.SameRoute(r, original))
            ? (OriginalState.Unchanged, current)
            : (OriginalState.Changed, current);
    }
}
