namespace Dashboard.Server.Routing;

/// <summary>
/// Rule equality as the kernel tells rules apart (rule_exists in net/core/fib_rules.c): family,
/// priority, action and table, every selector, and "not". Who installed it (protocol) and the state
/// bits the kernel reports (unresolved goto, detached device) are not part of it. What
/// compare-and-swap and verification compare a planned rule with.
/// </summary>
public static class RuleComparer
{
    public static bool SameRule(Rule a, Rule b) => Normal(a) == Normal(b);

    private static Rule Normal(Rule r) => r with { Protocol = RouteProtocol.Unspec, Flags = r.Flags & RuleFlags.Invert };
}
