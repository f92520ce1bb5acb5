using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Dashboard.Server.State;

namespace Dashboard.Server.Migration;

/// <summary>
/// Applies one plan inside one namespace: compare-and-swap against a fresh read, adds before removals,
/// a verifying re-read, and on any failure the exact original state restored.
/// </summary>
public sealed class MigrationExecutor(MigrationOptions options, MigrationJournal journal)
{
    /// <summary>
    /// Applies <paramref name="plan"/>. <paramref name="ct"/> only counts until the first step is sent:
    /// from then on the migration runs to applied, rolled back or failed whatever the caller does,
    /// because a route moved and never verified, rolled back or journaled is the worst outcome of all.
    /// </summary>
    public MigrationResult Apply(INetlinkHandle session, MigrationPlan plan, Caller caller, CancellationToken ct = default)
    {
        var before = session.Read(ct);
        var names = before.Topology;
        var (state, currentList) = PlanFreshness.Check(plan, before);
        // What the plan was made against, as the result's "before": the original route, or the (empty) slots an additive plan fills.
        var current = plan.Original is null ? Touched(plan, before) : currentList.ToArray();
        if (state != OriginalState.Unchanged)
            return Result(plan, MigrationOutcome.Refused, plan.Original is { } original
                ? $"The route changed since the plan was made: {RouteText.Arguments(original, names)} is no longer there "
                  + (state == OriginalState.Gone ? "(it is gone)." : $"(now: {string.Join("; ", current.Select(r => RouteText.Arguments(r, names)))}).")
                  + " Nothing was applied; scan again."
                : $"Finding {plan.FindingId} is no longer there: the namespace changed since the plan was made. Nothing was applied; scan again.",
                current, current, null);

        var clobber = ClobberGuard.Check(plan, before);
        if (clobber.Refused)
            return Result(plan, MigrationOutcome.Refused, clobber.RefusalMessage! + " Nothing was applied.", current, current, null);

        var steps = clobber.StepsToRun(plan);
        if (steps.Count == 0)
            // Only an additive plan can get here: everything it adds arrived since the finding was read.
            return Result(plan, MigrationOutcome.NothingToDo, $"Nothing to do: {Summary(plan, names)} is in place already.", current, current, null);
        var keys = PlanStates.Keys(plan);
        var ruleKeys = PlanStates.RuleKeys(plan);
        var entry = journal.Begin(session.Namespace, plan, steps, PlanStates.Of(plan, steps, PlanStates.Touched(before, keys)), keys,
            PlanStates.RulesOf(steps, PlanStates.TouchedRules(before, ruleKeys)), ruleKeys, caller.Actor, caller.Who);
        var result = Run(session, plan, steps, entry, before, current);
        entry.Close(MigrationResultOutcome(result.Outcome));
        return result;
    }

    private MigrationResult Run(INetlinkHandle session, MigrationPlan plan, IReadOnlyList<PlanStep> steps, JournalEntry entry,
        NamespaceSnapshot before, Route[] current)
    {
        var names = before.Topology;
        var applied = new List<PlanStep>();
        string? failure = null;
        string? kernelError = null;
        foreach (var step in steps)
        {
            try
            {
                Send(session, step);
                applied.Add(step);
                entry.MarkStep(applied.Count);
                if (options.CrashAfterStep == applied.Count)
                    Posix.Kill(Environment.ProcessId, 9); // SIGKILL: no finally, no flush, as a real crash
                if (options.FailAfterStep == applied.Count)
                    throw new InjectedFailureException($"failure injected after step {applied.Count} (ROUTEDASH_INJECT_FAILURE_AFTER_STEP)");
            }
            catch (Exception e) when (e is NetlinkException or InjectedFailureException or ArgumentException)
            {
                kernelError = (e as NetlinkException)?.KernelMessage;
                // An injected failure comes after its step succeeded: name that step, not a "step N+1".
                failure = e is InjectedFailureException
                    ? $"Step {applied.Count} (`{step.IpCommand}`) was applied, then: {e.Message}."
                    : $"Step {applied.Count + 1} failed: `{step.IpCommand}`: {Explain(e, step, names)}";
                break;
            }
        }

        if (failure is null)
        {
            var after = session.Read(CancellationToken.None);
            var problem = Verify(plan, after);
            if (problem is null)
                return Result(plan, MigrationOutcome.Applied, "Applied and verified: " + Summary(plan, names), current, Touched(plan, after), null);
            failure = $"Verification after applying failed: {problem}";
        }
        return RollBack(session, plan, before, current, applied, failure, kernelError);
    }

    private static string MigrationResultOutcome(MigrationOutcome o) => Contracts.MigrationResultDto.OutcomeName(o);

    /// <summary>What the kernel should show once the plan is in: every added route and rule, the remainder, no original.</summary>
    public static string? Verify(MigrationPlan plan, NamespaceSnapshot after)
    {
        var names = after.Topology;
        foreach (var expected in plan.ExpectedAdded)
            if (!after.Routes.Any(r => RouteComparer.SameRoute(r, expected)))
                return $"{RouteText.Arguments(expected, names)} is not in the table.";
        foreach (var expected in plan.ExpectedRules)
            if (!after.Rules.Any(r => Rule.SameRule(r, expected)))
                return $"the rule {RuleText.Arguments(expected)} is not there.";
        if (plan.Original is not { } original) return null;
        if (plan.ExpectedRemaining is Route rest && !after.Routes.Any(r => RouteComparer.SameRoute(r, rest)))
            return $"the remaining route {RouteText.Arguments(rest, names)} is not there.";
        if (plan.ExpectedRemaining is null || !RouteComparer.SameRoute(plan.ExpectedRemaining, original))
            if (after.Routes.Any(r => RouteComparer.SameRoute(r, original)))
                return $"the original route {RouteText.Arguments(original, names)} is still there.";
        return null;
    }

    private MigrationResult RollBack(INetlinkHandle session, MigrationPlan plan, NamespaceSnapshot before, Route[] current,
        List<PlanStep> applied, string failure, string? kernelError)
    {
        var names = before.Topology;
        var undoErrors = new List<string>();
        for (int i = applied.Count - 1; i >= 0; i--)
        {
            var step = applied[i];
            try { Undo(session, step, plan.Original); }
            catch (Exception e) when (e is NetlinkException or ArgumentException)
            {
                undoErrors.Add($"undoing `{step.IpCommand}`: {e.Message}");
            }
        }
        var restored = session.Read(CancellationToken.None);
        var ruleKeys = PlanStates.RuleKeys(plan);
        bool exact = PlanStates.Same(Touched(plan, before), Touched(plan, restored))
                     && PlanStates.Same(PlanStates.TouchedRules(before, ruleKeys), PlanStates.TouchedRules(restored, ruleKeys));
        if (exact && undoErrors.Count == 0)
            return Result(plan, MigrationOutcome.RolledBack,
                $"{failure} The original state was restored{(applied.Count == 0 ? " (nothing had been changed)" : $" ({applied.Count} step(s) undone)")}.",
                current, Touched(plan, restored), kernelError);
        return Result(plan, MigrationOutcome.Failed,
            $"{failure} Restoring the original state FAILED: {string.Join("; ", undoErrors.DefaultIfEmpty("the original state is not back"))}. "
            + $"Check by hand; {(plan.Original is { } original ? $"the original route was: {RouteText.Arguments(original, names)}" : $"undo what was applied: {string.Join("; ", applied.Select(s => s.IpCommand))}")}.",
            current, Touched(plan, restored), kernelError);
    }

    /// <summary>Sends one step: a route request or a rule request.</summary>
    internal static void Send(INetlinkHandle session, PlanStep step)
    {
        if (step.Rule is { } rule) session.Change(step.Kind, rule);
        else session.Change(step.Kind, step.Route ?? throw new ArgumentException("a plan step has neither a route nor a rule"));
    }

    /// <summary>The inverse of one applied step.</summary>
    internal static void Undo(INetlinkHandle session, PlanStep step, Route? original)
    {
        if (step.Rule is { } rule)
        {
            session.Change(step.Kind == RouteChange.Add ? RouteChange.Delete : RouteChange.Add, rule);
            return;
        }
        var route = step.Route ?? throw new ArgumentException("a plan step has neither a route nor a rule");
        switch (step.Kind)
        {
            case RouteChange.Add:
                session.Change(RouteChange.Delete, route);
                break;
            case RouteChange.Replace:
                session.Change(RouteChange.Replace, Request(original ?? throw NoOriginal(step)));
                break;
            case RouteChange.Delete when original is { NexthopId: null } && original.Family == IpFamily.Inet6
                                         && route.PathCount < original.PathCount:
                // An IPv6 sibling was deleted: appending it again merges it back into the multipath route.
                session.Change(RouteChange.Append, route);
                break;
            case RouteChange.Delete:
                session.Change(RouteChange.Add, Request(original ?? throw NoOriginal(step)));
                break;
        }
    }

    private static ArgumentException NoOriginal(PlanStep step) => new($"`{step.IpCommand}` cannot be undone: the plan has no original route");

    /// <summary>A route as a request: a group route carries its nhid only (the kernel refuses both).</summary>
    private static Route Request(Route r) => r.NexthopId is null ? r : r with { Nexthops = [], Gateway = default, Oif = 0 };

    /// <summary>The kernel's words, plus the likely cause where we know it.</summary>
    private static string Explain(Exception e, PlanStep step, VrfTopology names)
    {
        if (e is not NetlinkException n) return e.Message;
        if (step.Rule is not null)
            return n.Errno == 17 ? $"{n.Message}. The rule is there already." : n.Message; // EEXIST
        var route = step.Route!;
        var gateway = route.Paths.FirstOrDefault(p => p.HasGateway);
        var dev = names.DeviceName(gateway.Oif);
        if (!gateway.Gateway.IsNone && (n.Errno is 113 or 101 || (n.ExtAck?.Contains("gateway", StringComparison.OrdinalIgnoreCase) ?? false))) // EHOSTUNREACH, ENETUNREACH
            return $"{n.Message}. The gateway {gateway.Gateway} is not reachable in table {route.Table}: "
                + $"{dev} has no connected route there. A VRF member loses its global IPv6 addresses when it is "
                + "enslaved; re-add its address (ip addr add … dev " + dev + ") and try again.";
        if (n.Errno == 17) return $"{n.Message}. The target table already holds that route."; // EEXIST
        if (n.Errno == 3) return $"{n.Message}. The route to remove is no longer there."; // ESRCH
        return n.Message;
    }

    private static string Summary(MigrationPlan plan, VrfTopology names)
    {
        var added = plan.ExpectedAdded.Select(r => RouteText.Arguments(r, names)).Concat(plan.ExpectedRules.Select(r => "rule " + RuleText.Arguments(r)));
        var text = string.Join("; ", added);
        if (plan.Original is null) return text;
        return text + (plan.ExpectedRemaining is Route rest ? $"; kept {RouteText.Arguments(rest, names)}" : "; original removed");
    }

    /// <summary>The routes a plan touches (original slot and targets), as they are now.</summary>
    private static Route[] Touched(MigrationPlan plan, NamespaceSnapshot s) => PlanStates.Touched(s, PlanStates.Keys(plan)).ToArray();

    private static MigrationResult Result(MigrationPlan plan, MigrationOutcome outcome, string message,
        IReadOnlyList<Route> before, IReadOnlyList<Route> after, string? kernelError) =>
        new(plan.NamespaceId, plan.FindingId, outcome, plan, message, before, after, kernelError, plan.Names);
}

/// <summary>A failure the operator asked for, to prove rollback (ROUTEDASH_INJECT_FAILURE_AFTER_STEP).</summary>
public sealed class InjectedFailureException(string message) : Exception(message);
