using System.Diagnostics;
using Dashboard.Server.Analysis;
using Dashboard.Server.Netlink;
using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Events;

/// <summary>
/// One namespace's links, addresses, nexthop objects, routes and open findings, kept current by the
/// kernel's notices. Owned by the event loop's thread: nothing here is safe for concurrent use.
/// Every notice it emits carries the next sequence number of this namespace.
/// </summary>
internal sealed class LiveModel(NetNamespace ns)
{
    private const byte AfBridge = 7;

    private readonly Dictionary<int, Link> _links = [];
    private readonly List<Address> _addresses = [];
    private readonly Dictionary<uint, NexthopObject> _nexthops = [];
    private readonly RouteSlots _routes = new();
    private readonly Dictionary<Route, Finding> _findingOf = new(ReferenceEqualityComparer.Instance);
    private DecodeContext _context = new([]);
    private NamespaceSnapshot? _analysisBase;
    private VrfTopology? _topology;

    public NetNamespace Namespace { get; } = ns;
    public long Sequence { get; private set; }
    public bool Loaded { get; private set; }
    public int RouteCount => _routes.Count;
    public int OpenFindings => _findingOf.Count;

    public NamespaceSnapshot Snapshot() => new(Namespace, DateTimeOffset.UtcNow, _links.Values.OrderBy(l => l.Index).ToArray(),
        _addresses.ToArray(), _nexthops.Values.OrderBy(n => n.Id).ToArray(), _routes.All.ToArray(), false);

    public IReadOnlyCollection<Finding> Findings => _findingOf.Values;

    /// <summary>Counts and open findings for metrics; O(routes), called per scrape, not per notice.</summary>
    public NamespaceStatus Status(DateTimeOffset? lastResync)
    {
        var vrfTables = new HashSet<uint>();
        foreach (var l in _links.Values) if (l.IsVrf && l.VrfTable is uint t) vrfTables.Add(t);
        Span<int> counts = stackalloc int[8];
        foreach (var r in _routes.All)
        {
            var kind = r.Table switch
            {
                RoutingTable.Main => TableKind.Main,
                RoutingTable.Local => TableKind.Local,
                _ when vrfTables.Contains(r.Table) => TableKind.Vrf,
                _ => TableKind.Other,
            };
            counts[(r.Family == IpFamily.Inet6 ? 4 : 0) + (int)kind]++;
        }
        var byTable = new List<RouteCount>(8);
        foreach (var family in (IpFamily[])[IpFamily.Inet, IpFamily.Inet6])
            foreach (var kind in Enum.GetValues<TableKind>())
                byTable.Add(new RouteCount(family, kind, counts[(family == IpFamily.Inet6 ? 4 : 0) + (int)kind]));
        return new NamespaceStatus(Namespace, Loaded, _links.Count, _routes.Count, byTable, _findingOf.Values.ToArray(), lastResync);
    }

    /// <summary>A notice of this namespace with the next sequence number.</summary>
    public LiveEvent Stamp(RouteChangeKind kind, string summary, long readAt) =>
        new(new RouteChangeNotice(Namespace.Id, kind, DateTimeOffset.UtcNow, ++Sequence, summary)) { ReadAt = readAt };

    /// <summary>
    /// Takes a full dump as the new truth. With <paramref name="announce"/> the differences from what
    /// the model held go out as notices, so consumers converge without re-reading.
    /// </summary>
    public void Load(NamespaceSnapshot s, bool announce, List<LiveEvent> output)
    {
        var before = announce && Loaded ? _routes.All.ToArray() : null;
        _links.Clear();
        foreach (var l in s.Links) _links[l.Index] = l;
        _addresses.Clear();
        _addresses.AddRange(s.Addresses);
        _nexthops.Clear();
        foreach (var n in s.NexthopObjects) _nexthops[n.Id] = n;
        _routes.Load(s.Routes);
        LinksChanged();
        if (before is not null) AnnounceDifferences(before, output);
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
                var nh = NexthopDecoder.Decode(payload, _context);
                if (type == Rtm.NEWNEXTHOP) _nexthops[nh.Id] = nh; else _nexthops.Remove(nh.Id);
                // Routes using the object change their paths, or vanish, without a route notice.
                return true;
            default:
                return false; // rules: subscribed so the socket sees policy changes, not modelled
        }
    }

    private void ApplyRoute(bool add, ushort flags, ReadOnlySpan<byte> payload, long readAt, List<LiveEvent> output)
    {
        var rtm = HeaderReader.Read<RtMsg>(payload, "rtmsg", out _);
        // Cached clones (PMTU exceptions) are not routes `ip route show` lists.
        if ((rtm.Flags & RtmFlags.CLONED) != 0) return;
        if (rtm.Family is not (2 or 10)) return;
        var route = RouteDecoder.Decode(payload, _context);
        if (route.NexthopId is not null && _nexthops.Count > 0)
        {
            var one = new List<Route>(1) { route };
            NamespaceReader.ExpandNexthopGroups(one, _nexthops.Values.ToArray());
            route = one[0];
        }
        var edit = add
            ? _routes.Add(route, (flags & Nl.NLM_F_REPLACE) != 0, (flags & Nl.NLM_F_APPEND) != 0)
            : _routes.Remove(route);
        if (ReferenceEquals(edit.Before, edit.After)) return; // nothing the model did not already hold
        if (edit.Before is null)
            output.Add(Stamp(RouteChangeKind.RouteAdded, RouteText.Format(edit.After!), readAt) with { Route = edit.After });
        else if (edit.After is null)
            output.Add(Stamp(RouteChangeKind.RouteRemoved, RouteText.Format(edit.Before), readAt) with { Route = edit.Before });
        else
            output.Add(Stamp(RouteChangeKind.RouteChanged, RouteText.Format(edit.After), readAt) with { Route = edit.After, Previous = edit.Before });
        Reanalyse(edit.Before, edit.After, readAt, output);
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
        LinksChanged();
        var what = add ? (old is null ? "new" : "changed") : "deleted";
        var master = link.MasterIndex is int m ? _links.GetValueOrDefault(m) : null;
        output.Add(Stamp(RouteChangeKind.LinkChanged, $"{what} link {link.Index}: {link.Name} {link.OperState}" +
            (link.Kind is null ? "" : $" {link.Kind}") + (master is null ? "" : $" master {master.Name}"), readAt)
            with { Link = link, Master = master, Removed = !add });
        // A device going away or down takes its routes with it silently; a new master moves routes between VRFs.
        return true;
    }

    private bool ApplyAddress(bool add, ReadOnlySpan<byte> payload, long readAt, List<LiveEvent> output)
    {
        var a = AddressDecoder.Decode(payload);
        int at = _addresses.FindIndex(x => x.Family == a.Family && x.LinkIndex == a.LinkIndex && x.Local == a.Local && x.PrefixLength == a.PrefixLength);
        if (add)
        {
            if (at >= 0 && _addresses[at] == a) return false;
            if (at >= 0) _addresses[at] = a; else _addresses.Add(a);
        }
        else if (at >= 0) _addresses.RemoveAt(at);
        else return false;
        _analysisBase = null; // plans pick a prefsrc from the addresses
        var dev = _context.LinkName(a.LinkIndex);
        output.Add(Stamp(RouteChangeKind.AddressChanged, $"{(add ? "" : "Deleted ")}{a.Family.Name()} {a.Cidr} dev {dev} scope {a.Scope}", readAt)
            with { Address = a, Device = dev, Removed = !add });
        // Removing an address flushes the routes that used it as their source, without route notices.
        return !add;
    }

    private void LinksChanged()
    {
        _context = new DecodeContext(_links.Values.ToArray());
        _analysisBase = null;
    }

    private (NamespaceSnapshot, VrfTopology) AnalysisBase()
    {
        if (_analysisBase is null || _topology is null)
        {
            // The analyzer and planner read links and addresses; routes are given one at a time.
            _analysisBase = new NamespaceSnapshot(Namespace, DateTimeOffset.UtcNow, _links.Values.ToArray(), _addresses.ToArray(),
                _nexthops.Values.ToArray(), [], false);
            _topology = new VrfTopology(_analysisBase);
        }
        return (_analysisBase, _topology);
    }

    private void Reanalyse(Route? before, Route? after, long readAt, List<LiveEvent> output)
    {
        Finding? old = null;
        if (before is not null && _findingOf.Remove(before, out var f)) old = f;
        Finding? now = null;
        if (after is not null)
        {
            var (snapshot, topology) = AnalysisBase();
            now = FindingAnalyzer.AnalyzeRoute(snapshot, topology, after);
            if (now is not null) _findingOf[after] = now;
        }
        if (old is not null && old.Id != now?.Id)
            output.Add(Stamp(RouteChangeKind.FindingResolved, old.Title, readAt) with { Finding = old, Route = old.Route });
        if (now is not null && now.Id != old?.Id)
            output.Add(Stamp(RouteChangeKind.FindingOpened, now.Title, readAt) with { Finding = now, Route = now.Route });
    }

    /// <summary>Analyses every route again (after a dump, or when VRF membership changed).</summary>
    public void Reanalyse(List<LiveEvent> output, bool announce)
    {
        var previous = _findingOf.Values.ToDictionary(f => f.Id);
        _findingOf.Clear();
        var (snapshot, topology) = AnalysisBase();
        foreach (var r in _routes.All)
            if (FindingAnalyzer.AnalyzeRoute(snapshot, topology, r) is { } f) _findingOf[r] = f;
        if (!announce) return;
        long now = Stopwatch.GetTimestamp();
        var current = _findingOf.Values.Select(f => f.Id).ToHashSet();
        foreach (var gone in previous.Values.Where(f => !current.Contains(f.Id)))
            output.Add(Stamp(RouteChangeKind.FindingResolved, gone.Title, now) with { Finding = gone, Route = gone.Route });
        foreach (var opened in _findingOf.Values.Where(f => !previous.ContainsKey(f.Id)))
            output.Add(Stamp(RouteChangeKind.FindingOpened, opened.Title, now) with { Finding = opened, Route = opened.Route });
    }

    private void AnnounceDifferences(Route[] before, List<LiveEvent> output)
    {
        long now = Stopwatch.GetTimestamp();
        var after = _routes.All.ToArray();
        var removed = Subtract(before, after);
        var added = Subtract(after, before);
        var addedBySlot = added.GroupBy(SlotKey.Of).ToDictionary(g => g.Key, g => new Queue<Route>(g));
        foreach (var r in removed)
        {
            if (addedBySlot.TryGetValue(SlotKey.Of(r), out var q) && q.TryDequeue(out var replacement))
                output.Add(Stamp(RouteChangeKind.RouteChanged, RouteText.Format(replacement), now) with { Route = replacement, Previous = r });
            else
                output.Add(Stamp(RouteChangeKind.RouteRemoved, RouteText.Format(r), now) with { Route = r });
        }
        foreach (var r in addedBySlot.Values.SelectMany(q => q))
            output.Add(Stamp(RouteChangeKind.RouteAdded, RouteText.Format(r), now) with { Route = r });
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
