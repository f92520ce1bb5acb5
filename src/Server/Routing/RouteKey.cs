namespace Dashboard.Server.Routing;

/// <summary>
/// The kernel's identity of a route: what `ip route replace` and `ip route del` address, and what an
/// add with NLM_F_EXCL collides on. IPv4: table, destination, tos and priority (fib_table_insert);
/// IPv6: table, destination, source prefix and metric (fib6_add). Routes sharing a key are told apart
/// by their paths: IPv6 siblings of one ECMP route, IPv4 aliases added with append, IPv6 device routes.
/// The one key for the live model, the planner, the clobber guard and the UI.
/// </summary>
public readonly record struct RouteKey(IpFamily Family, uint Table, IpPrefix Dst, IpPrefix Src, byte Tos, uint Metric)
{
    public static RouteKey Of(Route r) => r.Family == IpFamily.Inet6
        ? new(r.Family, r.Table, r.Dst, r.Src, 0, r.EffectiveMetric)
        : new(r.Family, r.Table, r.Dst, default, r.Tos, r.EffectiveMetric);

    public override string ToString() =>
        $"{(Family == IpFamily.Inet6 ? "inet6" : "inet")} table {Table} {Dst}{(Src.IsNone ? "" : " from " + Src)}{(Tos == 0 ? "" : $" tos {Tos}")} metric {Metric}";
}
