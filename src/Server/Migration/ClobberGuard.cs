using Dashboard.Server.Analysis;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Migration;

public enum TargetState
{
    /// <summary>The VRF table has no route in that slot: the add can go ahead.</summary>
    Free,
    /// <summary>The VRF table already holds exactly the route to add: that add is done, skip it.</summary>
    AlreadyPresent,
    /// <summary>The VRF table holds a different route with the same dst and metric: refuse the plan.</summary>
    Conflict,
}

/// <summary>
/// What an add step would land on in its target: a route add's slot (<see cref="Expected"/>, with the
/// routes already there), or a rule add's (<see cref="ExpectedRule"/>).
/// </summary>
public sealed record TargetCheck(PlanStep Step, Route? Expected, TargetState State, IReadOnlyList<Route> Existing, string Message)
{
    public Rule? ExpectedRule { get; init; }
}

/// <summary>The verdict on all add steps of a plan against a fresh snapshot.</summary>
public sealed record ClobberReport(IReadOnlyList<TargetCheck> Targets)
{
    public bool Refused => Targets.Any(t => t.State == TargetState.Conflict);

    /// <summary>Why the plan is refused (every conflict), or null when it is not.</summary>
    public string? RefusalMessage => Refused
        ? string.Join(" ", Targets.Where(t => t.State == TargetState.Conflict).Select(t => t.Message))
        : null;

    /// <summary>The plan's steps minus the adds that are already in place.</summary>
    public IReadOnlyList<PlanStep> StepsToRun(MigrationPlan plan) =>
        plan.Steps.Where(s => !Targets.Any(t => t.State == TargetState.AlreadyPresent && ReferenceEquals(t.Step, s))).ToArray();
}

/// <summary>
/// "Never clobber": before anything is added to a VRF table, look at what the table already holds in
/// the same slot (family, dst, source prefix, tos, metric). An IPv6 add there would not fail — the
/// kernel would merge it into the existing route as another ECMP sibling, which is exactly how the
/// mixed route came about — and an IPv4 one would fail or shadow it, so a different route in that
/// slot stops the plan. A rule add cannot clobber (rules of one preference coexist); it is only
/// skipped when the same rule is there already.
/// </summary>
public static class ClobberGuard
{
    public static ClobberReport Check(MigrationPlan plan, NamespaceSnapshot snapshot)
    {
        var adds = plan.Steps.Where(s => s.Kind == RouteChange.Add && s.Route is not null).ToArray();
        if (adds.Length != plan.ExpectedAdded.Count)
            throw new ArgumentException("the plan's ExpectedAdded does not match its route add steps", nameof(plan));
        var ruleAdds = plan.Steps.Where(s => s.Kind == RouteChange.Add && s.Rule is not null).ToArray();
        if (ruleAdds.Length != plan.ExpectedRules.Count)
            throw new ArgumentException("the plan's ExpectedRules does not match its rule add steps", nameof(plan));
        var checks = new List<TargetCheck>(adds.Length + ruleAdds.Length);
        for (var i = 0; i < adds.Length; i++)
            checks.Add(Check(adds[i], plan.ExpectedAdded[i], snapshot));
        for (var i = 0; i < ruleAdds.Length; i++)
            checks.Add(Check(ruleAdds[i], plan.ExpectedRules[i], snapshot));
        return new ClobberReport(checks);
    }

    public static TargetCheck Check(PlanStep add, Route expected, NamespaceSnapshot snapshot)
    {
        var key = expected.Key;
        var existing = snapshot.Routes.Where(r => r.Key == key).ToArray();
        var names = snapshot.Topology;
        var where = $"table {names.DescribeTable(expected.Table)}";
        if (existing.Length == 0)
            return new TargetCheck(add, expected, TargetState.Free, existing, $"{where} has no route for {expected.Dst} metric {key.Metric} yet.");
        if (existing.Length == 1 && RouteComparer.SameRoute(existing[0], expected))
            return new TargetCheck(add, expected, TargetState.AlreadyPresent, existing,
                $"{where} already holds {RouteText.Arguments(existing[0], names)}: that step is already done.");
        return new TargetCheck(add, expected, TargetState.Conflict, existing,
            $"Refusing to add {RouteText.Arguments(expected, names)}: {where} already has a different route for {expected.Dst} "
            + $"metric {key.Metric} ({string.Join("; ", existing.Select(r => RouteText.Arguments(r, names)))}). "
            + "Adding would merge with or replace it; resolve that route first.");
    }

    public static TargetCheck Check(PlanStep add, Rule expected, NamespaceSnapshot snapshot) =>
        snapshot.Rules.Any(r => Rule.SameRule(r, expected))
            ? new TargetCheck(add, null, TargetState.AlreadyPresent, [], $"The rule {RuleText.Arguments(expected)} is there already: that step is already done.") { ExpectedRule = expected }
            : new TargetCheck(add, null, TargetState.Free, [], $"No rule {RuleText.Arguments(expected)} yet.") { ExpectedRule = expected };
}
