using System.Diagnostics;
using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Netlink;
using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Events;

/// <summary>
/// One namespace's links, addresses, nexthop objects, routes and open findings (with their plans),
/// kept current by the kernel's notices. Owned by the event loop's thread: nothing here is safe for
/// concurrent use. Every notice it emits carries the next sequence number of this namespace. It is
/// the routing state analysis reads, so a finding it opens says what the namespace holds now.
/// </summary>
internal sealed class LiveModel(NetNamespace ns) : IRoutingState
{
    private const byte AfBridge = 7;

    private readonly Dictionary<int, Link> _links = [];
    private readonly List<Address> _addresses = [];
    private readonly List<Rule> _rules = [];
    private readonly Dictionary<uint, NexthopObject> _nexthops = [];
    private readonly RouteSlots _routes = new();
    private readonly Dictionary<Route, Diagnosis> _diagnosisOf = new(ReferenceEqualityComparer.Instance);
    private VrfTopology _topology = VrfTopology.Empty;

    public NetNamespace Namespace { get; } = ns;
    public VrfTopology Topology => _topology;
    public IReadOnlyList<Address> Addresses => _addresses;
    public IReadOnlyList<Rule> Rules => _rules;
    public long Sequence { get; private set; }
    public bool Loaded { get; private set; }
    public int RouteCount => _routes.Count;
    public int OpenFindings => _diagnosisOf.Count;

    public IEnumerable<Route> RoutesTo(uint table, IpPrefix dst) => _routes.To(table, dst);

    /// <summary>The model as a snapshot with its open findings: what pages and the hub's Routes(id) show.</summary>
    public LiveView View() => new(
        new NamespaceSnapshot(Namespace, DateTimeOffset.UtcNow, _links.Values.OrderBy(l => l.Index).ToArray(),
            _addresses.ToArray(), _nexthops.Values.OrderBy(n => n.Id).ToArray(), _routes.All.ToArray(), false) { Rules = _rules.ToArray() },
        _diagnosisOf.Values.ToArray()) { Sequence = Sequence };

    public IReadOnlyCollection<Diagnosis> Diagnoses => _diagnosisOf.Values;

    /// <summary>Counts and open findings for metrics; O(routes), called per scrape, not per notice.</summary>
    public NamespaceStatus Status(DateTimeOffset? lastResync)
    {
        Span<int> counts = stackalloc int[8];
        foreach (var r in _routes.All)
            counts[(r.Family == IpFamily.Inet6 ? 4 : 0) + (int)_topology.KindOf(r.Table)]++;
        var byTable = new List<RouteCount>(8);
        foreach (var family in (IpFamily[])[IpFamily.Inet, IpFamily.Inet6])
            foreach (var kind in Enum.GetValues<TableKind>())
                byTable.Add(new RouteCount(family, kind, counts[(family == IpFamily.Inet6 ? 4 : 0) + (int)kind]));
        return new NamespaceStatus(Namespace, Loaded, _links.Count, _routes.Count, byTable,
            _diagnosisOf.Values.Select(d => d.Finding).ToArray(), lastResync);
    }

    /// <summary>A notice of this namespace with the next sequence number.</summary>
    public LiveEvent Stamp(RouteChangeKind kind, string summary, long readAt) =>
        new(new RouteChangeNotice(Namespace.Id, kind, DateTimeOffset.UtcNow, ++Sequence, summary)) { ReadAt = readAt, Names = _topology };

    /// <summary>
    /// Takes a full dump as the new truth. With <paramref name="announce"/> the differences from what
    /// the model held go out as notices, so consumers converge without re-reading.
    /// </summary>
    public void Load(NamespaceSnapshot s, bool announce, List<LiveEvent> output)
    {
        var before = announce && Loaded ? _routes.All.ToArray() : null;
        // A re-read after lost notices, or one that ran while notices queued, may be the only word of a
        // link or address change: the queued notice then matches what the dump already holds.
        var linksBefore = before is not null ? _links.Values.ToArray() : null;
        var addressesBefore = before is not null ? _addresses.ToArray() : null;
        _links.Clear();
        foreach (var l in s.Links) _links[l.Index] = l;
        _addresses.Clear();
        _addresses.AddRange(s.Addresses);
        _rules.Clear();
        _rules.AddRange(s.Rules);
        _nexthops.Clear();
        foreach (var n in s.NexthopObjects) _nexthops[n.Id] = n;
        _routes.Load(s.Routes);
        _topology = new VrfTopology(_links.Values);
        if (before is not null)
        {
            AnnounceLinkAndAddressDifferences(linksBefore!, addressesBefore!, output);
            AnnounceDifferences(before, output);
        }
        Loaded = true;
        Reanalyse(output, announce);
    }

    /// <summary>Applies one kernel notice. Returns true when the routes may have changed without notices of their own.</summary>
    public bool Apply(ushort type, ushort flags, ReadOnlySpan<byte> payload, long readAt, List<LiveEvent> output)
    {
        switch (type)
        {
            case Rtm.NEWROUTE or Rtm.DELROUTE:
                ApplyRoute(type == Rtm.NEWROUTE, flags, payload, readAt, output);
                return false;
            case Rtm.NEWLINK or Rtm.DELLINK:
                // Bridge port notices (family AF_BRIDGE) describe a port's bridge state, not the link itself.
                if (payload.Length > 0 && payload[0] == AfBridge) return false;
                return ApplyLink(type == Rtm.NEWLINK, payload, readAt, output);
            case Rtm.NEWADDR or Rtm.DELADDR:
                return ApplyAddress(type == Rtm.NEWADDR, payload, readAt, output);
            case Rtm.NEWNEXTHOP or Rtm.DELNEXTHOP:
                var nh = NexthopDecoder.Decode(payload);
                if (type == Rtm.NEWNEXTHOP) _nexthops[nh.Id] = nh; else _nexthops.Remove(nh.Id);
                // Routes using the object change their paths, or vanish, without a route notice.
                return true;
            case Rtm.NEWRULE or Rtm.DELRULE:
                // A policy change is picked up by the refresh it asks for (rules are few; a re-read is cheap).
                return true;
            default:
                return false;
        }
    }

    private void ApplyRoute(bool add, ushort flags, ReadOnlySpan<byte> payload, long readAt, List<LiveEvent> output)
    {
        if (payload.Length > 0 && payload[0] is not (2 or 10)) return;
        if (RouteDecoder.IsClone(payload)) return;
        var route = RouteDecoder.Decode(payload);
        if (route.NexthopId is not null && _nexthops.Count > 0) route = NamespaceDump.Expand(route, _nexthops);
        var edit = add
            ? _routes.Add(route, (flags & Nl.NLM_F_REPLACE) != 0, (flags & Nl.NLM_F_APPEND) != 0)
            : _routes.Remove(route);
        if (ReferenceEquals(edit.Before, edit.After)) return; // nothing the model did not already hold
        if (edit.Before is null)
            output.Add(Stamp(RouteChangeKind.RouteAdded, RouteText.Show(edit.After!, _topology), readAt) with { Route = edit.After });
        else if (edit.After is null)
            output.Add(Stamp(RouteChangeKind.RouteRemoved, RouteText.Show(edit.Before, _topology), readAt) with { Route = edit.Before });
        else
            output.Add(Stamp(RouteChangeKind.RouteChanged, RouteText.Show(edit.After, _topology), readAt) with { Route = edit.After, Previous = edit.Before });
        Reanalyse(edit.Before, edit.After, readAt, output);
        RefreshTextsAbout(edit.Before ?? edit.After!);
    }

    private bool ApplyLink(bool add, ReadOnlySpan<byte> payload, long readAt, List<LiveEvent> output)
    {
        var link = LinkDecoder.Decode(payload);
        _links.TryGetValue(link.Index, out var old);
        if (add)
        {
            if (old == link) return false;
            _links[link.Index] = link;
        }
        else if (!_links.Remove(link.Index)) return false;
        _topology = new VrfTopology(_links.Values);
        output.Add(LinkNotice(link, old, removed: !add, readAt));
        // A device going away or down takes its routes with it silently; a new master moves routes between VRFs.
        return true;
    }

    private bool ApplyAddress(bool add, ReadOnlySpan<byte> payload, long readAt, List<LiveEvent> output)
    {
        var a = AddressDecoder.Decode(payload);
        int at = _addresses.FindIndex(x => x.LinkIndex == a.LinkIndex && x.Local == a.Local && x.PrefixLength == a.PrefixLength);
        if (add)
        {
            if (at >= 0 && _addresses[at] == a) return false;
            if (at >= 0) _addresses[at] = a; else _addresses.Add(a);
        }
        else if (at >= 0) _addresses.RemoveAt(at);
        else return false;
        output.Add(AddressNotice(a, add, readAt));
        // Removing an address flushes the routes that used it as their source, without route notices.
        return !add;
    }

    private LiveEvent LinkNotice(Link link, Link? old, bool removed, long readAt)
    {
        var what = removed ? "deleted" : old is null ? "new" : "changed";
        var master = link.MasterIndex is int m ? _links.GetValueOrDefault(m) : null;
        return Stamp(RouteChangeKind.LinkChanged, $"{what} link {link.Index}: {link.Name} {RouteNames.OperState(link.OperState)}" +
            (link.Kind is null ? "" : $" {link.Kind}") + (master is null ? "" : $" master {master.Name}"), readAt)
            with { Link = link, Removed = removed };
    }

    private LiveEvent AddressNotice(Address a, bool add, long readAt) =>
        Stamp(RouteChangeKind.AddressChanged,
            $"{(add ? "" : "Deleted ")}{RouteNames.Family(a.Family)} {a.Prefix} dev {_topology.DeviceName(a.LinkIndex)} scope {RouteNames.Scope(a.Scope)}", readAt)
            with { Address = a, Removed = !add };

    /// <summary>The links and addresses a dump shows differently from the model, as the notices that would have said so.</summary>
    private void AnnounceLinkAndAddressDifferences(Link[] linksBefore, Address[] addressesBefore, List<LiveEvent> output)
    {
        long now = Stopwatch.GetTimestamp();
        var oldLinks = linksBefore.ToDictionary(l => l.Index);
        foreach (var link in _links.Values.OrderBy(l => l.Index))
            if (!oldLinks.Remove(link.Index, out var old) || old != link) output.Add(LinkNotice(link, old, removed: false, now));
        foreach (var gone in oldLinks.Values) output.Add(LinkNotice(gone, gone, removed: true, now));

        static (int, IpAddr, byte) Key(Address a) => (a.LinkIndex, a.Local, a.PrefixLength);
        var oldAddresses = new Dictionary<(int, IpAddr, byte), Address>();
        foreach (var a in addressesBefore) oldAddresses[Key(a)] = a;
        foreach (var a in _addresses)
            if (!oldAddresses.Remove(Key(a), out var old) || old != a) output.Add(AddressNotice(a, add: true, now));
        foreach (var gone in oldAddresses.Values) output.Add(AddressNotice(gone, add: false, now));
    }

    private Diagnosis? Diagnose(Route route) =>
        FindingAnalyzer.AnalyzeRoute(this, route) is { } finding ? Doctor.Diagnose(this, finding) : null;

    private void Reanalyse(Route? before, Route? after, long readAt, List<LiveEvent> output)
    {
        Diagnosis? old = null;
        if (before is not null && _diagnosisOf.Remove(before, out var d)) old = d;
        Diagnosis? now = null;
        if (after is not null)
        {
            now = Diagnose(after);
            if (now is not null) _diagnosisOf[after] = now;
        }
        if (old is not null && old.Id != now?.Id)
            output.Add(Stamp(RouteChangeKind.FindingResolved, old.Finding.Title, readAt) with { Diagnosis = old, Route = old.Finding.Route });
        if (now is not null && now.Id != old?.Id)
            output.Add(Stamp(RouteChangeKind.FindingOpened, now.Finding.Title, readAt) with { Diagnosis = now, Route = now.Finding.Route });
    }

    /// <summary>
    /// A finding's explanation (and its plan's clobber check) read the target VRF's table for the same
    /// destination: when that table changes, the open findings about it are analysed again so that
    /// they say what the table holds now. Their ids do not change, so no notice goes out.
    /// </summary>
    private void RefreshTextsAbout(Route changed)
    {
        if (_diagnosisOf.Count == 0) return;
        List<Route>? stale = null;
        foreach (var (route, d) in _diagnosisOf)
        {
            if (!ReferenceEquals(route, changed) && d.Finding.Offending.Any(o => o.Vrf.Table == changed.Table)
                && (route.Dst == changed.Dst || (route.IsDefault && changed.Dst.Length == 1 && changed.Family == route.Family)))
                (stale ??= []).Add(route);
        }
        if (stale is null) return;
        foreach (var route in stale)
        {
            if (Diagnose(route) is { } fresh) _diagnosisOf[route] = fresh;
            else _diagnosisOf.Remove(route);
        }
    }

    /// <summary>Analyses every route again (after a dump, or when VRF membership changed).</summary>
    public void Reanalyse(List<LiveEvent> output, bool announce)
    {
        var previous = _diagnosisOf.Values.ToDictionary(f => f.Id);
        _diagnosisOf.Clear();
        foreach (var r in _routes.All)
            if (Diagnose(r) is { } d) _diagnosisOf[r] = d;
        if (!announce) return;
        long now = Stopwatch.GetTimestamp();
        var current = _diagnosisOf.Values.Select(f => f.Id).ToHashSet();
        foreach (var gone in previous.Values.Where(f => !current.Contains(f.Id)))
            output.Add(Stamp(RouteChangeKind.FindingResolved, gone.Finding.Title, now) with { Diagnosis = gone, Route = gone.Finding.Route });
        foreach (var opened in _diagnosisOf.Values.Where(f => !previous.ContainsKey(f.Id)))
            output.Add(Stamp(RouteChangeKind.FindingOpened, opened.Finding.Title, now) with { Diagnosis = opened, Route = opened.Finding.Route });
    }

    private void AnnounceDifferences(Route[] before, List<LiveEvent> output)
    {
        long now = Stopwatch.GetTimestamp();
        var after = _routes.All.ToArray();
        var removed = Subtract(before, after);
        var added = Subtract(after, before);
        var addedByKey = added.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => new Queue<Route>(g));
        foreach (var r in removed)
        {
            if (addedByKey.TryGetValue(r.Key, out var q) && q.TryDequeue(out var replacement))
                output.Add(Stamp(RouteChangeKind.RouteChanged, RouteText.Show(replacement, _topology), now) with { Route = replacement, Previous = r });
            else
                output.Add(Stamp(RouteChangeKind.RouteRemoved, RouteText.Show(r, _topology), now) with { Route = r });
        }
        foreach (var r in addedByKey.Values.SelectMany(q => q))
            output.Add(Stamp(RouteChangeKind.RouteAdded, RouteText.Show(r, _topology), now) with { Route = r });
    }

    private static List<Route> Subtract(Route[] from, Route[] what)
    {
        var counts = new Dictionary<Route, int>(RouteComparer.Instance);
        foreach (var r in what) counts[r] = counts.GetValueOrDefault(r) + 1;
        var rest = new List<Route>();
        foreach (var r in from)
        {
            if (counts.TryGetValue(r, out var n) && n > 0) counts[r] = n - 1;
            else rest.Add(r);
        }
        return rest;
    }
}

/// <summary>Where a <see cref="LiveView"/> came from.</summary>
public enum ViewSource { LiveModel, NetlinkRead }

/// <summary>A namespace's state at one moment: the snapshot and the findings open in it, with their plans.</summary>
public sealed record LiveView(NamespaceSnapshot Snapshot, IReadOnlyList<Diagnosis> Diagnoses, ViewSource Source = ViewSource.LiveModel)
{
    /// <summary>
    /// The live model's sequence number when the view was taken: two views of one namespace with the
    /// same sequence hold the same state (every change bumps it). 0 for a netlink read.
    /// </summary>
    public long Sequence { get; init; }
}
