using Dashboard.Server.Events;
using Dashboard.Server.Routing;
using Dashboard.Web.Data;

namespace Dashboard.Web.Live;

/// <summary>
/// The parts of a snapshot that changes are reported for, as text keyed by identity: routes by the
/// kernel's route key, links by index, addresses by family and CIDR. Comparing two gives the changes.
/// </summary>
public sealed class SnapshotFingerprint
{
    private readonly Dictionary<RouteKey, string> _routes = new();
    private readonly Dictionary<int, string> _links = new();
    private readonly Dictionary<string, string> _addresses = new(StringComparer.Ordinal);

    public SnapshotFingerprint(NamespaceSnapshot snapshot)
    {
        // IPv6 multipath routes can come as siblings with one key: keep them together in one text.
        foreach (var r in snapshot.Routes)
            _routes[r.Key] = _routes.TryGetValue(r.Key, out var prev) ? prev + " | " + RouteText.Format(r) : RouteText.Format(r);
        foreach (var l in snapshot.Links) _links[l.Index] = RouteCells.Link(l);
        foreach (var a in snapshot.Addresses)
        {
            var dev = snapshot.LinkByIndex(a.LinkIndex)?.Name;
            _addresses[$"{a.Family.Name()} {a.Cidr} {a.LinkIndex}"] = RouteCells.Address(a, dev);
        }
    }

    /// <summary>What changed from <paramref name="before"/> to this, as (kind, summary) pairs.</summary>
    public IEnumerable<(RouteChangeKind Kind, string Summary)> ChangesSince(SnapshotFingerprint before)
    {
        foreach (var change in Diff(before._links, _links, RouteChangeKind.LinkChanged, RouteChangeKind.LinkChanged, RouteChangeKind.LinkChanged))
            yield return change;
        foreach (var change in Diff(before._addresses, _addresses, RouteChangeKind.AddressChanged, RouteChangeKind.AddressChanged, RouteChangeKind.AddressChanged))
            yield return change;
        foreach (var change in Diff(before._routes, _routes, RouteChangeKind.RouteAdded, RouteChangeKind.RouteRemoved, RouteChangeKind.RouteChanged))
            yield return change;
    }

    private static IEnumerable<(RouteChangeKind, string)> Diff<TKey>(
        Dictionary<TKey, string> before, Dictionary<TKey, string> after,
        RouteChangeKind added, RouteChangeKind removed, RouteChangeKind changed) where TKey : notnull
    {
        foreach (var (key, text) in after)
        {
            if (!before.TryGetValue(key, out var old)) yield return (added, (added == changed ? "added: " : "") + text);
            else if (old != text) yield return (changed, text);
        }
        foreach (var (key, text) in before)
            if (!after.ContainsKey(key)) yield return (removed, (removed == changed ? "removed: " : "") + text);
    }
}
