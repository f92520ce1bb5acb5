using System.Security.Cryptography;
using System.Text;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>
/// Stable finding ids: a hash of the namespace, the route's kernel key, the attributes a migration
/// copies (protocol, IPv6 preference, IPv4 scope) and its paths by gateway, device name and weight.
/// Interface indexes, path order, state flags and the scan time are left out, so the same route gives
/// the same id on every scan; a changed route gives a new one, so `migrate --finding ID` never applies
/// a plan other than the one the operator reviewed under that id.
/// </summary>
public static class FindingId
{
    public static string For(string namespaceId, Route route)
    {
        var text = new StringBuilder()
            .Append(namespaceId).Append('|')
            .Append(route.Family.Name()).Append('|')
            .Append(route.Table).Append('|')
            .Append(RouteComparer.NormalizePrefix(route.Dst)).Append('|')
            .Append(RouteComparer.NormalizePrefix(route.Src)).Append('|')
            .Append(route.Tos).Append('|')
            .Append(RouteComparer.EffectiveMetric(route)).Append('|')
            .Append(route.Type).Append('|')
            .Append(route.NexthopId).Append('|')
            .Append(route.Protocol).Append('|')
            .Append(RouteComparer.EffectivePref(route)).Append('|')
            .Append(route.Family == IpFamily.Inet ? route.Scope : null);
        var multi = route.Paths.Count > 1;
        foreach (var sig in route.Paths.Select(p => RouteComparer.Signature(p, multi) with { Onlink = false }).Order())
            text.Append('|').Append(sig.Gateway).Append(',').Append(sig.Dev).Append(',').Append(sig.Weight);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return "f-" + Convert.ToHexStringLower(hash)[..12];
    }

    /// <summary>Whether <paramref name="id"/> has the form of a finding id ("f-" and 12 lowercase hex digits).</summary>
    public static bool IsValid(string id) =>
        id.Length == 14 && id.StartsWith("f-", StringComparison.Ordinal) && id.AsSpan(2).IndexOfAnyExcept("0123456789abcdef") < 0;
}
