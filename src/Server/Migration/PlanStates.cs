using Dashboard.Server.Routing;

namespace Dashboard.Server.Migration;

/// <summary>
/// What a plan touches, before the first step and after each step: the route slots (the original's
/// key and every target's) and the rules at the preferences its rule steps use. The journal records
/// them, so that recovery can tell from a fresh read how far a migration got. Route steps are played
/// on a <see cref="RouteSlots"/>, which follows the kernel's add/replace/delete rules, with each added
/// route in the form the kernel shows it; rule steps add or remove the rule.
/// </summary>
internal static class PlanStates
{
    public static HashSet<RouteKey> Keys(MigrationPlan plan)
    {
        var keys = new HashSet<RouteKey>();
        if (plan.Original is { } original) keys.Add(original.Key);
        foreach (var r in plan.ExpectedAdded) keys.Add(r.Key);
        foreach (var s in plan.Steps) if (s.Route is { } route) keys.Add(route.Key);
        return keys;
    }

    /// <summary>Where a plan's rules go: the family and preference of each rule step.</summary>
    public static HashSet<(IpFamily Family, uint Priority)> RuleKeys(MigrationPlan plan) =>
        plan.Steps.Where(s => s.Rule is not null).Select(s => (s.Rule!.Family, s.Rule.Priority)).ToHashSet();

    public static List<Route> Touched(NamespaceSnapshot snapshot, IReadOnlySet<RouteKey> keys) =>
        snapshot.Routes.Where(r => keys.Contains(r.Key)).ToList();

    public static List<Rule> TouchedRules(NamespaceSnapshot snapshot, IReadOnlySet<(IpFamily, uint)> keys) =>
        keys.Count == 0 ? [] : snapshot.Rules.Where(r => keys.Contains((r.Family, r.Priority))).ToList();

    /// <summary>The routes: index 0 before; index k after the first k of <paramref name="steps"/> (rule steps leave them as they are).</summary>
    public static List<IReadOnlyList<Route>> Of(MigrationPlan plan, IReadOnlyList<PlanStep> steps, IReadOnlyList<Route> before)
    {
        var slots = new RouteSlots();
        slots.Load(before);
        var states = new List<IReadOnlyList<Route>> { slots.All.ToArray() };
        int add = 0;
        foreach (var step in plan.Steps)
        {
            if (step.Route is null)
            {
                if (steps.Contains(step)) states.Add(slots.All.ToArray());
                continue;
            }
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
                    slots.Remove(plan.Original!);
                    break;
                default:
                    slots.Remove(step.Route);
                    break;
            }
            states.Add(slots.All.ToArray());
        }
        return states;
    }

    /// <summary>The rules, as <see cref="Of"/> gives the routes: index 0 before, index k after the first k steps.</summary>
    public static List<IReadOnlyList<Rule>> RulesOf(IReadOnlyList<PlanStep> steps, IReadOnlyList<Rule> before)
    {
        var rules = before.ToList();
        var states = new List<IReadOnlyList<Rule>> { rules.ToArray() };
        foreach (var step in steps)
        {
            if (step.Rule is { } rule)
            {
                if (step.Kind == RouteChange.Add) rules.Add(rule);
                else if (rules.FindIndex(r => Rule.SameRule(r, rule)) is var at and >= 0) rules.RemoveAt(at);
            }
            states.Add(rules.ToArray());
        }
        return states;
    }

    /// <summary>Whether two states hold the same routes (as <see cref="RouteComparer"/> sees them), in any order.</summary>
    public static bool Same(IReadOnlyList<Route> a, IReadOnlyList<Route> b) => SameMultiset(a, b, RouteComparer.SameRoute);

    /// <summary>Whether two states hold the same rules (as <see cref="Rule.SameRule"/> sees them), in any order.</summary>
    public static bool Same(IReadOnlyList<Rule> a, IReadOnlyList<Rule> b) => SameMultiset(a, b, Rule.SameRule);

    private static bool SameMultiset<T>(IReadOnlyList<T> a, IReadOnlyList<T> b, Func<T, T, bool> same)
    {
        if (a.Count != b.Count) return false;
        var left = b.ToList();
        foreach (var r in a)
        {
            int i = left.FindIndex(x => same(x, r));
            if (i < 0) return false;
            left.RemoveAt(i);
        }
        return true;
    }
}
