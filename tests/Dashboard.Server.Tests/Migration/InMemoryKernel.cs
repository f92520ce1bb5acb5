using Dashboard.Server.Lookup;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Migration;

/// <summary>
/// One namespace's kernel in memory, for what additive plans send: route add (EEXIST when the same
/// route is there) and delete, rule add (EEXIST) and delete (ENOENT). <see cref="Refuse"/> makes the
/// kernel answer one request with an error, as a real kernel refuses one. Every request is recorded.
/// </summary>
internal sealed class InMemoryKernel(NamespaceSnapshot initial) : INetlinkHandle
{
    public NamespaceSnapshot State { get; set; } = initial;

    public List<string> Requests { get; } = [];

    /// <summary>Asked before each request; a non-zero errno is what the kernel answers instead.</summary>
    public Func<RouteChange, object, int>? Refuse { get; set; }

    public NetNamespace Namespace => State.Namespace;

    public NamespaceSnapshot Read(CancellationToken cancellationToken = default) => State;

    public IReadOnlyList<Rule> ReadRules(CancellationToken cancellationToken = default) => State.Rules;

    // Plans never ask the kernel for a lookup.
    public KernelLookup Lookup(LookupRequest request) => throw new NotSupportedException("additive plans do not look routes up");

    public void Change(RouteChange change, Route route)
    {
        Requests.Add(RouteText.Command(change, route, State.Topology));
        if (Refuse?.Invoke(change, route) is int errno and not 0) throw new NetlinkException(errno, $"{change} route", null);
        var routes = State.Routes.ToList();
        int at = routes.FindIndex(r => RouteComparer.SameRoute(r, route));
        if (change == RouteChange.Add)
        {
            if (at >= 0) throw new NetlinkException(17, "add route", null);
            routes.Add(route);
        }
        else if (change == RouteChange.Delete)
        {
            if (at < 0) throw new NetlinkException(3, "delete route", null);
            routes.RemoveAt(at);
        }
        else throw new NotSupportedException($"{change}: additive plans only add and undo by deleting");
        State = State with { Routes = routes };
    }

    public void Change(RouteChange change, Rule rule)
    {
        Requests.Add(RuleText.Command(change, rule));
        if (Refuse?.Invoke(change, rule) is int errno and not 0) throw new NetlinkException(errno, $"{change} rule", null);
        var rules = State.Rules.ToList();
        int at = rules.FindIndex(r => Rule.SameRule(r, rule));
        if (change == RouteChange.Add)
        {
            if (at >= 0) throw new NetlinkException(17, "add rule", null);
            rules.Add(rule);
        }
        else
        {
            if (at < 0) throw new NetlinkException(2, "delete rule", null);
            rules.RemoveAt(at);
        }
        State = State with { Rules = rules };
    }

    public void Dispose() { }
}
