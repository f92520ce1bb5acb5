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
    // A route's findings (at most one per kind), and the namespace's own (VRF tables, rules): see FindingAnalyzer.
    private readonly Dictionary<Route, Diagnosis[]> _diagnosisOf = new(ReferenceEqualityComparer.Instance);
    private Diagnosis[] _namespaceDiagnoses = [];
    private VrfTopology _topology = VrfTopology.Empty;

    public NetNamespace Namespace { get; } = ns;
    public VrfTopology Topology => _topology;
    public IReadOnlyList<Address> Addresses => _addresses;
    public IReadOnlyList<Rule> Rules => _rules;
    public long Sequence { get; private set; }
    public bool Loaded { get; private set; }
    public int RouteCount => _routes.Count;
    public int OpenFindings => _diagnosisOf.Values.Sum(d => d.Length) + _namespaceDiagnoses.Length;

    public IEnumerable<Route> RoutesTo(uint table, IpPrefix dst) => _routes.To(table, dst);

    /// <summary>The model as a snapshot with its open findings: what pages and the hub's Routes(id) show.</summary>
    public LiveView View() => new(
        new NamespaceSnapshot(Namespace, DateTimeOffset.UtcNow, _links.Values.OrderBy(l => l.Index).ToArray(),
            _addresses.ToArray(), _nexthops.Values.OrderBy(n => n.Id).ToArray(), _routes.All.ToArray(), false) { Rules = _rules.ToArray() },
        Diagnoses.ToArray()) { Sequence = Sequence };

    public IEnumerable<Diagnosis> Diagnoses => _diagnosisOf.Values.SelectMany(d => d).Concat(_namespaceDiagnoses);

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
            Diagnoses.Select(d => d.Finding).ToArray(), lastResync);
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
        var rulesBefore = before is not null ? _rules.ToArray() : null;
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
            AnnounceRuleDifferences(rulesBefore!, output);
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
                ApplyRule(type == Rtm.NEWRULE, payload, readAt, output);
                return false;
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
        bool routeFindingsChanged = Reanalyse(edit.Before, edit.After, readAt, output);
        RefreshTextsAbout(edit.Before ?? edit.After!);
        // A default (or half of one) decides whether a table has a default; a route finding opening or
        // closing decides whether a missing VRF default is the route fix's business or a finding of its own.
        if (routeFindingsChanged || FindingAnalyzer.TouchesTableDefaults(edit.Before ?? edit.After!))
            ReanalyseNamespace(readAt, output);
    }

    /// <summary>
    /// A rule notice: the rule goes in after the family's last rule of its priority or lower (where the
    /// kernel inserts it), or the first rule the kernel would call the same comes out. A notice for a
    /// rule the model already holds (a dump saw it first) changes nothing.
    /// </summary>
    private void ApplyRule(bool add, ReadOnlySpan<byte> payload, long readAt, List<LiveEvent> output)
    {
        var rule = RuleDecoder.Decode(payload);
        int at = _rules.FindIndex(r => Rule.SameRule(r, rule));
        if (add)
        {
            if (at >= 0) return;
            int insert = _rules.FindLastIndex(r => r.Family == rule.Family && r.Priority <= rule.Priority);
            if (insert < 0) insert = _rules.FindIndex(r => r.Family == rule.Family) is var first and >= 0 ? first - 1 : _rules.Count - 1;
            _rules.Insert(insert + 1, rule);
        }
        else
        {
            if (at < 0) return;
            rule = _rules[at];
            _rules.RemoveAt(at);
        }
        ResolveGotos(rule.Family);
        output.Add(Stamp(add ? RouteChangeKind.RuleAdded : RouteChangeKind.RuleRemoved, RuleText.Show(rule), readAt) with { Rule = rule });
        // Analysis reads the rules too: what a namespace's findings say may depend on them.
        Reanalyse(output, announce: true);
    }

    /// <summary>
    /// A goto's target comes and goes with the rules of its priority, and the kernel says so only in
    /// the goto rule's flags, without a notice: keep [unresolved] as the kernel would print it now.
    /// </summary>
    private void ResolveGotos(IpFamily family)
    {
        for (int i = 0; i < _rules.Count; i++)
        {
            var r = _rules[i];
            if (r.Family != family || r.Action != RuleAction.Goto) continue;
            bool unresolved = r.Goto is not uint target || !_rules.Exists(t => t.Family == family && t.Priority == target);
            uint flags = unresolved ? r.Flags | RuleFlags.Unresolved : r.Flags & ~RuleFlags.Unresolved;
            if (flags != r.Flags) _rules[i] = r with { Flags = flags };
        }
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
        // Removing an address flushes the routes that used it as their source, without route notices:
        // the refresh that asks for analyses everything. An added one may give a VRF a family to route
        // (vrf-table-no-default), which only the namespace pass can tell.
        if (add) ReanalyseNamespace(readAt, output);
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

    /// <summary>The rules a dump shows differently from the model, as the notices that would have said so.</summary>
    private void AnnounceRuleDifferences(Rule[] rulesBefore, List<LiveEvent> output)
    {
        long now = Stopwatch.GetTimestamp();
        var old = rulesBefore.ToList();
        var added = new List<Rule>();
        foreach (var r in _rules)
        {
            int at = old.FindIndex(o => Rule.SameRule(o, r));
            if (at >= 0) old.RemoveAt(at); else added.Add(r);
        }
        foreach (var gone in old) output.Add(Stamp(RouteChangeKind.RuleRemoved, RuleText.Show(gone), now) with { Rule = gone });
        foreach (var r in added) output.Add(Stamp(RouteChangeKind.RuleAdded, RuleText.Show(r), now) with { Rule = r });
    }

    private Diagnosis[] Diagnose(Route route)
    {
        var findings = FindingAnalyzer.AnalyzeRoute(this, route);
        if (findings.Count == 0) return [];
        var diagnoses = new Diagnosis[findings.Count];
        for (int i = 0; i < diagnoses.Length; i++) diagnoses[i] = Doctor.Diagnose(this, findings[i]);
        return diagnoses;
    }

    /// <summary>The route's findings after an edit; returns whether the set of open route findings changed.</summary>
    private bool Reanalyse(Route? before, Route? after, long readAt, List<LiveEvent> output)
    {
        Diagnosis[] old = [];
        if (before is not null && _diagnosisOf.Remove(before, out var d)) old = d;
        Diagnosis[] now = [];
        if (after is not null)
        {
            now = Diagnose(after);
            if (now.Length > 0) _diagnosisOf[after] = now;
        }
        return Announce(old, now, readAt, output);
    }

    /// <summary>Notices for the findings that closed and opened between two sets; true when any did.</summary>
    private bool Announce(IReadOnlyList<Diagnosis> old, IReadOnlyList<Diagnosis> now, long readAt, List<LiveEvent> output)
    {
        if (old.Count == 0 && now.Count == 0) return false;
        bool changed = false;
        var nowIds = now.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var oldIds = old.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in old)
        {
            if (nowIds.Contains(gone.Id)) continue;
            output.Add(Stamp(RouteChangeKind.FindingResolved, gone.Finding.Title, readAt) with { Diagnosis = gone, Route = gone.Finding.Route });
            changed = true;
        }
        foreach (var opened in now)
        {
            if (oldIds.Contains(opened.Id)) continue;
            output.Add(Stamp(RouteChangeKind.FindingOpened, opened.Finding.Title, readAt) with { Diagnosis = opened, Route = opened.Finding.Route });
            changed = true;
        }
        return changed;
    }

    /// <summary>
    /// The namespace's own findings (VRF tables, duplicate tables, l3mdev and source rules), again: after
    /// a link, address or default changed, or a route finding opened or closed. A pass over links,
    /// addresses and rules with a few slot lookups; never over all routes.
    /// </summary>
    internal void ReanalyseNamespace(long readAt, List<LiveEvent> output)
    {
        if (!Loaded) return;
        var routeFindings = _diagnosisOf.Values.SelectMany(d => d).Select(d => d.Finding).ToArray();
        var now = FindingAnalyzer.AnalyzeNamespace(this, routeFindings).Select(f => Doctor.Diagnose(this, f)).ToArray();
        var old = _namespaceDiagnoses;
        _namespaceDiagnoses = now;
        Announce(old, now, readAt, output);
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
        foreach (var (route, diagnoses) in _diagnosisOf)
        {
            if (!ReferenceEquals(route, changed) && diagnoses.Any(d => d.Finding.Offending.Any(o => o.Vrf.Table == changed.Table))
                && (route.Dst == changed.Dst || (route.IsDefault && changed.Dst.Length == 1 && changed.Family == route.Family)))
                (stale ??= []).Add(route);
        }
        if (stale is null) return;
        foreach (var route in stale)
        {
            var fresh = Diagnose(route);
            if (fresh.Length > 0) _diagnosisOf[route] = fresh;
            else _diagnosisOf.Remove(route);
        }
    }

    /// <summary>Analyses every route and the namespace again (after a dump, or when VRF membership changed).</summary>
    public void Reanalyse(List<LiveEvent> output, bool announce)
    {
        var previous = Diagnoses.ToArray();
        _diagnosisOf.Clear();
        foreach (var r in _routes.All)
        {
            var d = Diagnose(r);
            if (d.Length > 0) _diagnosisOf[r] = d;
        }
        var routeFindings = _diagnosisOf.Values.SelectMany(d => d).Select(d => d.Finding).ToArray();
        _namespaceDiagnoses = FindingAnalyzer.AnalyzeNamespace(this, routeFindings).Select(f => Doctor.Diagnose(this, f)).ToArray();
        if (!announce) return;
        Announce(previous, Diagnoses.ToArray(), Stopwatch.GetTimestamp(), output);
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
