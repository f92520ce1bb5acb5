using System.Security.Cryptography;
using System.Text;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>
/// Stable finding ids: a hash of the namespace and the kernel's values that make the fault what it
/// is. For a route's VRF placement: the route's kernel key, the attributes a migration copies
/// (protocol, IPv6 preference, IPv4 scope, all as the kernel's numbers) and its paths by gateway,
/// device name and weight. For the other kinds: the kind's name and its subject (a table and family,
/// a rule's selectors, a route and its paths without carrier). Interface indexes, path order, state
/// flags, the scan time and the node's /etc/iproute2 are left out, so the same fault gives the same
/// id on every scan and every node; a changed one gives a new id, so `migrate --finding ID` never
/// applies a plan other than the one the operator reviewed under that id.
/// </summary>
public static class FindingId
{
    /// <summary>A finding about a route's VRF placement (the three route kinds; ids unchanged since they were introduced).</summary>
    public static string For(string namespaceId, Route route, VrfTopology names)
    {
        var text = new StringBuilder().Append(namespaceId).Append('|');
        AppendRoute(text, route, names);
        return Hash(text);
    }

    /// <summary>
    /// A finding of any later kind: its name keeps two kinds about the same subject (a mixed route whose
    /// path is also down) apart. <paramref name="subject"/> must hold kernel values only.
    /// </summary>
    public static string For(string namespaceId, FindingKind kind, string subject) =>
        Hash(new StringBuilder().Append(namespaceId).Append('|').Append(FindingKinds.Name(kind)).Append('|').Append(subject));

    /// <summary>A route as ids see it: its key, what a plan copies, and its paths (gateway, device name, weight) in sorted order.</summary>
    public static StringBuilder AppendRoute(StringBuilder text, Route route, VrfTopology names)
    {
        var key = route.Key;
        text.Append((byte)key.Family).Append('|')
            .Append(key.Table).Append('|')
            .Append(key.Dst).Append('|')
            .Append(key.Src).Append('|')
            .Append(key.Tos).Append('|')
            .Append(key.Metric).Append('|')
            .Append((byte)route.Type).Append('|')
            .Append(route.NexthopId).Append('|')
            .Append((byte)route.Protocol).Append('|')
            .Append((byte?)RouteComparer.EffectivePref(route)).Append('|')
            .Append(route.Family == IpFamily.Inet ? (byte)route.Scope : null);
        var multi = route.PathCount > 1;
        AppendPaths(text, route.Paths, names, multi);
        return text;
    }

    /// <summary>Paths by gateway, device name and (for multipath) weight, sorted: order and indexes do not count.</summary>
    public static StringBuilder AppendPaths(StringBuilder text, IEnumerable<Nexthop> paths, VrfTopology names, bool weighted)
    {
        var sorted = paths
            .Select(p => (Gateway: p.Gateway.ToString(), Dev: names.DeviceName(p.Oif), Weight: weighted ? p.Weight : 1))
            .OrderBy(p => p.Gateway, StringComparer.Ordinal).ThenBy(p => p.Dev, StringComparer.Ordinal).ThenBy(p => p.Weight);
        foreach (var (gateway, dev, weight) in sorted)
            text.Append('|').Append(gateway).Append(',').Append(dev).Append(',').Append(weight);
        return text;
    }

    private static string Hash(StringBuilder text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return "f-" + Convert.ToHexStringLower(hash)[..12];
    }

    /// <summary>Whether <paramref name="id"/> has the form of a finding id ("f-" and 12 lowercase hex digits).</summary>
    public static bool IsValid(string id) =>
        id.Length == 14 && id.StartsWith("f-", StringComparison.Ordinal) && id.AsSpan(2).IndexOfAnyExcept("0123456789abcdef") < 0;
}
