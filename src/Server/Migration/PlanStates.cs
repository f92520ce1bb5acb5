using Dashboard.Server.Routing;

namespace Dashboard.Server.Migration;

/// <summary>
/// The route slots a plan touches (the original's key and every target's), as they are before the
/// first step and after each step: what the journal records, so that recovery can tell from a fresh
/// read how far a migration got. The steps are played on a <see cref="RouteSlots"/>, which follows
/// the kernel's add/replace/delete rules, with each added route in the form the kernel shows it.
/// </summary>
internal static class PlanStates
{
    public static HashSet<RouteKey> Keys(MigrationPlan plan) =>
        [plan.Original.Key, .. plan.ExpectedAdded.Select(r => r.Key), .. plan.Steps.Select(s => s.Route.Key)];

    public static List<Route> Touched(NamespaceSnapshot snapshot, IReadOnlySet<RouteKey> keys) =>
        snapshot.Routes.Where(r => keys.Contains(r.Key)).ToList();

    /// <summary>Index 0: before; index k: after the first k of <paramref name="steps"/>.</summary>
    public static List<IReadOnlyList<Route>> Of(MigrationPlan plan, IReadOnlyList<RouteOperation> steps, IReadOnlyList<Route> before)
    {
        var slots = new RouteSlots();
        slots.Load(before);
        var states = new List<IReadOnlyList<Route>> { slots.All.ToArray() };
        int add = 0;
        foreach (var step in plan.Steps)
        {
            var shown = step.Kind == RouteChange.Add ? plan.ExpectedAdded[add++] : null;
            if (!steps.Contains(step)) continue;
            switch (step.Kind)
            {
                case RouteChange.Add:
                    slots.Add(shown!, replace: false, append: false);
                    break;
                case RouteChange.Replace:
                    slots.Add(plan.ExpectedRemaining ?? step.Route, replace: true, append: false);
                    break;
                case RouteChange.Delete when step.Route.NexthopId is not null:
                    // A group route is deleted by its nhid: the route the kernel shows is the original.
                    slots.Remove(plan.Original);
                    break;
                default:
                    slots.Remove(step.Route);
                    break;
            }
            states.Add(slots.All.ToArray());
        }
        return states;
    }

    /// <summary>Whether two states hold the same routes (as <see cref="RouteComparer"/> sees them), in any order.</summary>
    public static bool Same(IReadOnlyList<Route> a, IReadOnlyList<Route> b)
    {
        if (a.Count != b.Count) return false;
        var left = b.ToList();
        foreach (var r in a)
        {
            int i = left.FindIndex(x => RouteComparer.SameRoute(x, r));
            if (i < 0) return false;
            left.RemoveAt(i);
        }
        return true;
    }
}
