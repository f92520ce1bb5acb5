using System.Security.Cryptography;
using System.Text;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>
/// Stable finding ids: a hash of the namespace, the kind, the route's kernel key, the attributes a
/// migration copies (protocol, IPv6 preference, IPv4 scope, all as the kernel's numbers) and its paths
/// by gateway, device name and weight. Interface indexes, path order, state flags, the scan time and
/// the node's /etc/iproute2 are left out, so the same route gives the same id on every scan and every
/// node; a changed route gives a new one, so `migrate --finding ID` never applies a plan other than
/// the one the operator reviewed under that id.
/// </summary>
public static class FindingId
{
    public static string For(string namespaceId, Route route, VrfTopology names)
    {
        var key = route.Key;
        var text = new StringBuilder()
            .Append(namespaceId).Append('|')
            .Append((byte)key.Family).Append('|')
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
        var paths = route.Paths
            .Select(p => (Gateway: p.Gateway.ToString(), Dev: names.DeviceName(p.Oif), Weight: multi ? p.Weight : 1))
            .OrderBy(p => p.Gateway, StringComparer.Ordinal).ThenBy(p => p.Dev, StringComparer.Ordinal).ThenBy(p => p.Weight);
        foreach (var (gateway, dev, weight) in paths)
            text.Append('|').Append(gateway).Append(',').Append(dev).Append(',').Append(weight);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return "f-" + Convert.ToHexStringLower(hash)[..12];
    }

    /// <summary>Whether <paramref name="id"/> has the form of a finding id ("f-" and 12 lowercase hex digits).</summary>
    public static bool IsValid(string id) =>
        id.Length == 14 && id.StartsWith("f-", StringComparison.Ordinal) && id.AsSpan(2).IndexOfAnyExcept("0123456789abcdef") < 0;
}
