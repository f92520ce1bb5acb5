using System.Text;
using Dashboard.Server.Contracts;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Lookup;

/// <summary>
/// A lookup as `routedash lookup` prints it: the answer as `ip route get` prints it (print_route's
/// order, one line, then IPv4's "cache" line), then the explanation, one line per part:
/// <c>rule 1000:	from all lookup [l3mdev-table]</c>, <c>table 1001 (vrf1001)</c>, <c>route …</c> (with
/// its nexthop lines), and a <c>note</c> where the kernel and the rules as read disagree.
/// </summary>
public static class LookupText
{
    public static string Show(LookupResult result, VrfTopology names)
    {
        var b = new StringBuilder(256);
        if (result.Answer is { } answer) b.Append(Answer(answer, names)).Append('\n');
        if (result.Rule is { } rule) b.Append("rule ").Append(RuleText.Show(rule)).Append('\n');
        if (result.Table is uint table) b.Append("table ").Append(names.DescribeTable(table)).Append('\n');
        if (result.Route is { } route) b.Append("route ").Append(RouteText.Show(route, names)).Append('\n');
        if (result.Rule is null && result.Route is null && result.Answer is null) b.Append("no rule or route explains it\n");
        if (result.Note is { } note) b.Append("note: ").Append(note).Append('\n');
        return b.ToString();
    }

    /// <summary>The kernel's answer as `ip route get` prints it.</summary>
    public static string Answer(RouteAnswer a, VrfTopology names)
    {
        var r = a.Route;
        var b = new StringBuilder(128);
        if (r.Type != RouteType.Unicast) b.Append(RouteNames.Type(r.Type)).Append(' ');
        b.Append(r.Dst.IsHost ? r.Dst.Address.ToString() : r.Dst.ToString());
        if (!r.Src.IsNone) b.Append(" from ").Append(RuleText.Prefix(r.Src));
        if (!r.Gateway.IsNone) b.Append(" via ").Append(RouteText.Via(r.Gateway, r.Family));
        if (r.Oif != 0) b.Append(" dev ").Append(names.DeviceName(r.Oif));
        if (r.Table is not (0 or RoutingTable.Main)) b.Append(" table ").Append(VrfTopology.TableName(r.Table));
        if (!r.PrefSrc.IsNone) b.Append(" src ").Append(r.PrefSrc);
        if (r.Metric is uint metric) b.Append(" metric ").Append(metric);
        foreach (var f in RouteNames.Flags(r.Flags & ~CacheFlags.Mask)) b.Append(' ').Append(f);
        if (a.Mark != 0) b.Append(a.Mark >= 16 ? $" mark 0x{a.Mark:x}" : $" mark {a.Mark}");
        if (a.Uid is uint uid) b.Append(" uid ").Append(uid);
        if (r.Family == IpFamily.Inet)
        {
            b.Append("\n    cache");
            var cache = CacheFlags.Names(r.Flags);
            if (cache.Count > 0) b.Append(" <").Append(string.Join(',', cache)).Append('>');
        }
        if (a.Expires != 0) b.Append(" expires ").Append(a.Expires / 100).Append("sec");
        if (a.Error != 0) b.Append(" error ").Append(a.Error);
        if (a.Iif != 0) b.Append(" iif ").Append(names.DeviceName(a.Iif));
        if (r.Pref is { } pref) b.Append(" pref ").Append(RouteNames.Pref(pref));
        return b.ToString();
    }
}
