using Dashboard.Server.Routing;

namespace Dashboard.Server.Lookup;

/// <summary>What happened at one rule the flow matched.</summary>
public enum StepOutcome
{
    /// <summary>A goto rule: evaluation continues at its target.</summary>
    Goto,
    /// <summary>A goto whose target does not exist: skipped.</summary>
    Unresolved,
    Nop,
    /// <summary>The rule's table has no route for the flow: the next rule is tried.</summary>
    NoRoute,
    /// <summary>A throw route in the rule's table: the next rule is tried.</summary>
    Throw,
    /// <summary>The table had a route, but suppress_prefixlength or suppress_ifgroup rejected it.</summary>
    Suppressed,
    /// <summary>The packet takes this route.</summary>
    Route,
    /// <summary>An unreachable, prohibit or blackhole route in the rule's table refuses the packet.</summary>
    RejectRoute,
    /// <summary>An unreachable, prohibit or blackhole rule refuses the packet.</summary>
    Refused,
}

/// <summary>One rule the flow matched, and what came of it.</summary>
public sealed record RuleStep(Rule Rule, StepOutcome Outcome, uint? Table = null, Route? Route = null)
{
    public bool Decides => Outcome is StepOutcome.Route or StepOutcome.RejectRoute or StepOutcome.Refused;
}

/// <summary>
/// The rules a flow went through, in order, and the one that decided (null when none did: the kernel
/// then answers "Network is unreachable"). <see cref="Errno"/> is the error the kernel gives for a
/// refusal (0 when a route was found).
/// </summary>
public sealed record RuleWalk(IReadOnlyList<RuleStep> Steps, RuleStep? Decision, int Errno);

/// <summary>
/// Policy routing as the kernel does it (fib_rules_lookup): the family's rules in priority order, each
/// matched against the flow (fib_rule_match with the family's match); a goto jumps to the first rule of
/// its target priority, a nop does nothing, an unreachable/prohibit/blackhole rule refuses, a lookup
/// rule (its table, or the VRF's for l3mdev) decides when the table has a route that its suppressors
/// do not reject, and otherwise the next rule is tried. A pure function of the snapshot and the flow.
/// </summary>
public static class RuleEvaluator
{
    // errno values the kernel returns for the refusals (asm-generic/errno.h).
    public const int EACCES = 13, EINVAL = 22, ENETUNREACH = 101, EHOSTUNREACH = 113;

    public static RuleWalk Evaluate(NamespaceSnapshot snapshot, LookupFlow flow)
    {
        var rules = snapshot.Rules.Where(r => r.Family == flow.Family).ToList();
        var tables = new TableLookup(snapshot, flow.Family);
        var steps = new List<RuleStep>();
        for (int i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (!Matches(rule, flow, snapshot.Topology, out var l3mdevTable)) continue;
            switch (rule.Action)
            {
                case RuleAction.Goto:
                    int target = rule.Goto is uint g ? rules.FindIndex(r => r.Priority == g) : -1;
                    // The kernel only accepts forward gotos, so the jump cannot loop.
                    if (target <= i)
                    {
                        steps.Add(new RuleStep(rule, StepOutcome.Unresolved));
                        continue;
                    }
                    steps.Add(new RuleStep(rule, StepOutcome.Goto));
                    i = target - 1;
                    continue;
                case RuleAction.Nop:
                    steps.Add(new RuleStep(rule, StepOutcome.Nop));
                    continue;
                case RuleAction.ToTable:
                    break;
                default:
                    var refused = new RuleStep(rule, StepOutcome.Refused);
                    steps.Add(refused);
                    return new RuleWalk(steps, refused, rule.Action switch
                    {
                        RuleAction.Unreachable => ENETUNREACH,
                        RuleAction.Prohibit => EACCES,
                        _ => EINVAL,
                    });
            }
            uint table = rule.L3mdev ? l3mdevTable : rule.Table;
            var (result, route) = tables.Find(table, flow);
            switch (result)
            {
                case TableResult.NoRoute:
                    steps.Add(new RuleStep(rule, StepOutcome.NoRoute, table));
                    continue;
                case TableResult.Throw:
                    steps.Add(new RuleStep(rule, StepOutcome.Throw, table, route));
                    continue;
                case TableResult.Reject:
                    var reject = new RuleStep(rule, StepOutcome.RejectRoute, table, route);
                    steps.Add(reject);
                    return new RuleWalk(steps, reject, route!.Type switch
                    {
                        RouteType.Unreachable => EHOSTUNREACH,
                        RouteType.Prohibit => EACCES,
                        _ => EINVAL,
                    });
            }
            if (Suppressed(rule, route!, tables))
            {
                steps.Add(new RuleStep(rule, StepOutcome.Suppressed, table, route));
                continue;
            }
            var decided = new RuleStep(rule, StepOutcome.Route, table, route);
            steps.Add(decided);
            return new RuleWalk(steps, decided, 0);
        }
        return new RuleWalk(steps, null, ENETUNREACH);
    }

    /// <summary>fib_rule_match and the family's match (fib4_rule_match / fib6_rule_match), "not" applied last.</summary>
    public static bool Matches(Rule rule, LookupFlow flow, VrfTopology topology, out uint l3mdevTable)
    {
        l3mdevTable = 0;
        bool match = MatchesUninverted(rule, flow, topology, ref l3mdevTable);
        return rule.Invert ? !match : match;
    }

    private static bool MatchesUninverted(Rule rule, LookupFlow flow, VrfTopology topology, ref uint l3mdevTable)
    {
        // The kernel resolves a rule's device name to an index; a name no device has (detached) matches nothing.
        if (rule.Iif is not null && DeviceIndex(rule.Iif, topology) != flow.Iif) return false;
        if (rule.Oif is not null && DeviceIndex(rule.Oif, topology) != flow.Oif) return false;
        uint mask = rule.Fwmask ?? (rule.Fwmark is null ? 0 : uint.MaxValue);
        if ((((rule.Fwmark ?? 0) ^ flow.Mark) & mask) != 0) return false;
        // A lookup carries no tunnel metadata (tun_id 0).
        if (rule.TunId is ulong tunId && tunId != 0) return false;
        if (rule.L3mdev)
        {
            if (flow.L3mdev == 0 || topology.LinkByIndex(flow.L3mdev) is not { IsVrf: true, VrfTable: uint vrfTable }) return false;
            l3mdevTable = vrfTable;
        }
        if (rule.UidRange is { } uid && (flow.Uid < uid.Start || flow.Uid > uid.End)) return false;
        if (!rule.Dst.IsNone && !rule.Dst.Contains(flow.Dst)) return false;
        if (!rule.Src.IsNone)
        {
            // IPv4 compares the flow's source, 0.0.0.0 when the lookup has none; IPv6 needs a source.
            if (flow.Family == IpFamily.Inet6 && flow.Src.IsNone) return false;
            if (!rule.Src.Contains(flow.Src.IsNone ? IpAddr.Any(flow.Family) : flow.Src)) return false;
        }
        // A lookup's TOS (IPv6: traffic class) is 0.
        if (rule.Tos != 0) return false;
        if (rule.IpProto is byte proto && proto != flow.IpProto) return false;
        if (rule.SportRange is { } sport && (flow.Sport < sport.Start || flow.Sport > sport.End)) return false;
        if (rule.DportRange is { } dport && (flow.Dport < dport.Start || flow.Dport > dport.End)) return false;
        return true;
    }

    private static int DeviceIndex(string name, VrfTopology topology) => topology.LinkByName(name)?.Index ?? -1;

    /// <summary>fib4_rule_suppress / fib6_rule_suppress: a result too unspecific, or via a device of the suppressed group.</summary>
    private static bool Suppressed(Rule rule, Route route, TableLookup tables)
    {
        if (rule.SuppressPrefixLength is uint length && route.Dst.Length <= (int)length) return true;
        return rule.SuppressIfGroup is uint group && tables.GroupOf(route) == group;
    }
}
