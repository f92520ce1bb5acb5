using Dashboard.Server.Lookup;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// The node's kernels in code, for component and browser tests where a VRF kernel is not at hand:
/// namespaces as stored snapshots, read and changed through <see cref="INetlink"/> as the real
/// services read and change a kernel. Everything above it is the product's own: findings and plans
/// from the real analyzer and planner, migrations through the real MigrationService (lock, journal,
/// compare-and-swap, verify, rollback, audit). A change request is applied to the stored routes with
/// the kernel's rules for the cases the planner uses; <see cref="FailChange"/> makes the kernel refuse
/// one. Snapshots can be replaced while a page is open, as a kernel would change. The real netlink and
/// catalog are used by RealNamespaceTests, ApiFunctionalTests and LiveModelDataTests.
/// </summary>
public sealed class InCodeBackend : INamespaceCatalog, INetlink
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NamespaceSnapshot> _state = new();

    /// <summary>Every route request the in-code kernels received, in order.</summary>
    public List<(string NamespaceId, RouteChange Kind, Route Route)> Changes { get; } = [];

    /// <summary>Every rule request the in-code kernels received, in order.</summary>
    public List<(string NamespaceId, RouteChange Kind, Rule Rule)> RuleChanges { get; } = [];

    /// <summary>When set, asked before each change: an exception returned is what the kernel answers instead.</summary>
    public Func<RouteChange, Route, Exception?>? FailChange { get; set; }

    /// <summary>Netlink reads so far (what the pages cost a node).</summary>
    public int Reads;

    public void Put(NamespaceSnapshot snapshot)
    {
        lock (_gate) _state[snapshot.Namespace.Id] = snapshot;
    }

    public void Remove(string id)
    {
        lock (_gate) _state.Remove(id);
    }

    public IReadOnlyList<NetNamespace> List()
    {
        lock (_gate) return _state.Values.Select(s => s.Namespace).ToList();
    }

    public NetNamespace? Find(string id)
    {
        lock (_gate) return _state.TryGetValue(id, out var s) ? s.Namespace : null;
    }

    public NamespaceSnapshot Read(NetNamespace ns, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Reads);
        return Stored(ns.Id) with { TakenAt = DateTimeOffset.UtcNow };
    }

    public INetlinkHandle Open(NetNamespace ns)
    {
        Stored(ns.Id);
        return new Handle(this, ns);
    }

    public NetlinkHandle Subscribe(NetNamespace ns, int receiveBufferBytes) => throw new NotSupportedException(
        $"InCodeBackend has no kernel to subscribe to in {ns.Id}: stream no in-code namespace (UseInCodeBackend sets EventsOptions.OnlyNamespaces to none).");

    private NamespaceSnapshot Stored(string id)
    {
        lock (_gate)
            return _state.TryGetValue(id, out var s) ? s : throw new NamespaceNotFoundException($"no network namespace with id '{id}' (in code)");
    }

    /// <summary>
    /// The kernel's answer to one request, for what plans send: add (EEXIST when the route is there),
    /// replace (the first route of the key), append (an IPv6 gateway route joins the key's multipath
    /// route), delete (IPv6 names one sibling by its path; otherwise the route whose paths match).
    /// </summary>
    private void Change(string id, RouteChange kind, Route route)
    {
        lock (_gate)
        {
            Changes.Add((id, kind, route));
            if (FailChange?.Invoke(kind, route) is { } refusal) throw refusal;
            var snapshot = _state[id];
            var routes = snapshot.Routes.ToList();
            var key = route.Key;
            switch (kind)
            {
                case RouteChange.Add:
                    if (routes.Any(r => RouteComparer.SameRoute(r, route)))
                        throw new NetlinkException(17, $"add route {route.Dst} table {route.Table}", null);
                    routes.Add(route);
                    break;
                case RouteChange.Replace:
                    int at = routes.FindIndex(r => r.Key == key);
                    if (at >= 0) routes[at] = route; else routes.Add(route);
                    break;
                case RouteChange.Append when route.Family == IpFamily.Inet6 && route.Gateway is { IsNone: false }
                                             && routes.FindIndex(r => r.Key == key && r.Paths.All(p => p.HasGateway)) is var ecmp and >= 0:
                    routes[ecmp] = routes[ecmp].WithPaths(route.Table, [.. routes[ecmp].Paths, .. route.Paths]);
                    break;
                case RouteChange.Append:
                    routes.Add(route);
                    break;
                case RouteChange.Delete:
                    Delete(routes, route, id);
                    break;
            }
            _state[id] = snapshot with { Routes = routes };
        }
    }

    /// <summary>The kernel's answer to a rule request: add (EEXIST when the same rule is there), delete (ESRCH when it is not).</summary>
    private void Change(string id, RouteChange kind, Rule rule)
    {
        lock (_gate)
        {
            RuleChanges.Add((id, kind, rule));
            var snapshot = _state[id];
            var rules = snapshot.Rules.ToList();
            int at = rules.FindIndex(r => Rule.SameRule(r, rule));
            if (kind == RouteChange.Add)
            {
                if (at >= 0) throw new NetlinkException(17, $"add rule {RuleText.Arguments(rule)} in {id}", null); // EEXIST
                rules.Add(rule);
            }
            else
            {
                if (at < 0) throw new NetlinkException(2, $"delete rule {RuleText.Arguments(rule)} in {id}", null); // ENOENT
                rules.RemoveAt(at);
            }
            _state[id] = snapshot with { Rules = rules };
        }
    }

    private static void Delete(List<Route> routes, Route route, string id)
    {
        var key = route.Key;
        int same = routes.FindIndex(r => RouteComparer.SameRoute(r, route));
        if (same >= 0) { routes.RemoveAt(same); return; }
        if (route.Family == IpFamily.Inet6 && route.PathCount == 1)
        {
            var path = RouteComparer.Signature(route.Paths[0], false).Unweighted;
            int owner = routes.FindIndex(r => r.Key == key && r.Paths.Any(p => RouteComparer.Signature(p, false).Unweighted == path));
            if (owner >= 0)
            {
                var rest = routes[owner].Paths.Where(p => RouteComparer.Signature(p, false).Unweighted != path).ToArray();
                if (rest.Length == 0) routes.RemoveAt(owner);
                else routes[owner] = routes[owner].WithPaths(route.Table, rest);
                return;
            }
        }
        throw new NetlinkException(3, $"delete route {route.Dst} table {route.Table} in {id}", null); // ESRCH
    }

    /// <summary>
    /// The in-code kernel answers a lookup with the product's own evaluation of its rules and tables
    /// (<see cref="RuleEvaluator"/>): what the pages do with an answer is tested here; that the answers
    /// are the kernel's is tested against the real VRF kernel (Dashboard.Vm.Tests, LookupScenarioTests).
    /// </summary>
    private KernelLookup Lookup(string id, LookupRequest q)
    {
        var s = Stored(id);
        var walk = RuleEvaluator.Evaluate(s, LookupFlow.Of(q, s.Topology));
        if (walk.Decision is not { Outcome: StepOutcome.Route, Route: { } route, Table: uint table })
        {
            var refusal = new KernelRefusal(walk.Errno, null);
            return new KernelLookup(null, refusal, null, refusal);
        }
        var path = route.Paths.First(p => (p.Flags & RouteFlags.Dead) == 0);
        var source = s.Addresses.FirstOrDefault(a => a.LinkIndex == path.Oif && a.Family == q.Family && a.Scope == RouteScope.Universe);
        var answer = new RouteAnswer
        {
            Route = new Route
            {
                Family = q.Family, Table = table, Type = route.Type, Dst = IpPrefix.Host(q.Dst),
                // The kernel echoes a given source (RTA_SRC), as `ip route get … from S` prints it.
                Src = q.Src.IsNone ? default : IpPrefix.Host(q.Src), Gateway = path.Gateway, Oif = path.Oif,
                PrefSrc = source?.Local ?? default, Flags = RouteFlags.Cloned,
            },
            Uid = 0,
        };
        return new KernelLookup(answer, null, route, null);
    }

    private sealed class Handle(InCodeBackend backend, NetNamespace ns) : INetlinkHandle
    {
        public NetNamespace Namespace => ns;
        public NamespaceSnapshot Read(CancellationToken cancellationToken = default) => backend.Read(ns, cancellationToken);
        public IReadOnlyList<Rule> ReadRules(CancellationToken cancellationToken = default) => backend.Stored(ns.Id).Rules;
        public KernelLookup Lookup(LookupRequest request) => backend.Lookup(ns.Id, request);
        public void Change(RouteChange change, Route route) => backend.Change(ns.Id, change, route);
        public void Change(RouteChange change, Rule rule) => backend.Change(ns.Id, change, rule);
        public void Dispose() { }
    }
}
