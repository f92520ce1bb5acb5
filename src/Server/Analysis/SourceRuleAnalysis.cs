using System.Globalization;
using System.Text;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>
/// rule-table-no-default: in a pod, a source rule (`from PREFIX lookup T`, nothing else narrowing the
/// destination) whose table has no default. Packets from that source to a destination T does not
/// know continue with the later rules and leave by main's default, from the wrong interface: the
/// source-based-routing fault behind containernetworking/plugins#654 and #542. Only in pods: on the
/// host and in other namespaces such rules are usually deliberate (falling through is how policy
/// routing adds exceptions), and reporting them there would be noise.
/// </summary>
internal static class SourceRuleAnalysis
{
    /// <param name="accounted">(table, family) pairs whose missing default another finding reports already.</param>
    public static void Analyze(IRoutingState state, IReadOnlySet<(uint Table, IpFamily Family)> accounted, List<Finding> into)
    {
        if (state.Namespace.Pod is null) return;
        foreach (var rule in state.Rules)
        {
            if (!IsSourceRule(rule)) continue;
            if (accounted.Contains((rule.Table, rule.Family))) continue;
            if (TableDefaults.Has(state, rule.Table, rule.Family)) continue;
            into.Add(Finding(state, rule));
        }
    }

    /// <summary>
    /// A plain source rule into a table of its own. Rules with a destination or a suppressor are meant
    /// to fall through; main, local and default are where lookups end up anyway.
    /// </summary>
    private static bool IsSourceRule(Rule r) =>
        r.Action == RuleAction.ToTable && !r.L3mdev && !r.Invert
        && !r.Src.IsNone && r.Src.Length > 0 && (r.Dst.IsNone || r.Dst.Length == 0)
        && r.SuppressPrefixLength is null && r.SuppressIfGroup is null
        && r.Table is not (RoutingTable.Unspec or RoutingTable.Main or RoutingTable.Local or RoutingTable.Default);

    private static Finding Finding(IRoutingState state, Rule rule)
    {
        var ns = state.Namespace;
        var fam = rule.Family == IpFamily.Inet6 ? "IPv6" : "IPv4";
        var args = RuleText.Arguments(rule);
        var source = RouteText.Destination(rule.Src);
        var title = $"Rule `{args}`: traffic from {source} that table {rule.Table} has no route for falls through to main";
        var explanation =
            $"In namespace {FindingText.DescribeNamespace(ns)}, the {fam} rule `{args}` sends traffic from {source} to table {rule.Table}, "
            + $"which has no {fam} default route (neither a real one nor an unreachable one). A packet from {source} to a destination table "
            + $"{rule.Table} has no route for is not stopped there: the kernel goes on with the next rules, normally to table main, and the "
            + $"packet leaves by main's default{VrfDefaultAnalysis.LeakPath(state, rule.Family)} with a source address that belongs to another "
            + "interface; the upstream network's anti-spoofing or reverse-path filter, or the asymmetric return path, drops it. This is the "
            + "source-based-routing fault behind containernetworking/plugins#654 and #542. Nothing is changed automatically, because only the "
            + $"operator knows the right gateway: add a default to table {rule.Table} through the interface that owns {source} "
            + $"(ip {(rule.Family == IpFamily.Inet6 ? "-6 " : "")}route add default via GATEWAY dev DEVICE table {rule.Table}), or an "
            + $"unreachable default if such traffic must be refused.";
        return new Finding(FindingId.For(ns.Id, FindingKind.RuleTableNoDefault, Subject(rule)), ns.Id, FindingKind.RuleTableNoDefault,
            Severity.Warning, null, [], title, explanation)
        { Family = rule.Family, Table = rule.Table, Rule = rule };
    }

    /// <summary>The rule's kernel values that select and direct traffic (not its protocol or state flags).</summary>
    private static string Subject(Rule r) => new StringBuilder()
        .Append((byte)r.Family).Append('|').Append(r.Priority).Append('|').Append(r.Table).Append('|')
        .Append(r.Src).Append('|').Append(r.Tos).Append('|').Append(r.Iif).Append('|').Append(r.Oif).Append('|')
        .Append(r.Fwmark?.ToString(CultureInfo.InvariantCulture)).Append('/').Append(r.Fwmask?.ToString(CultureInfo.InvariantCulture)).Append('|')
        .Append(r.IpProto).Append('|').Append(r.SportRange).Append('|').Append(r.DportRange).Append('|').Append(r.UidRange)
        .ToString();
}
