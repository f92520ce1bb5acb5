using Dashboard.Server.Contracts;
using Dashboard.Server.Lookup;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Dashboard.Server.Events;

namespace Dashboard.Web.Api;

/// <summary>The REST read API: namespaces, their links and addresses, their routes and rules, route lookups.</summary>
public static class NamespacesApi
{
    public static RouteGroupBuilder MapNamespacesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/namespaces").WithTags("Namespaces");
        group.MapGet("/", List).WithSummary("Every network namespace on the node");
        group.MapGet("/{id}", Get).WithSummary("One namespace with its links (and VRF membership) and addresses");
        group.MapGet("/{id}/routes", Routes).WithSummary("Routes of every table (ip route show table all), optionally one table or family");
        group.MapGet("/{id}/rules", Rules).WithSummary("Policy routing rules of both families (ip rule show; ip -6 rule show), optionally one family");
        group.MapGet("/{id}/lookup", Lookup).WithSummary("Where a packet goes (ip route get) and why: the rule, the table and the route that matched");
        return group;
    }

    private static Ok<NamespaceDto[]> List(INamespaceCatalog catalog) =>
        TypedResults.Ok(catalog.List().Select(NamespaceDto.From).ToArray());

    private static async Task<Results<Ok<NamespaceDetailDto>, ProblemHttpResult>> Get(
        string id, INamespaceCatalog catalog, NamespaceViews views, CancellationToken ct)
    {
        var (view, problem) = await Problems.CurrentViewAsync(catalog, views, id, ct);
        return view is null ? problem! : TypedResults.Ok(NamespaceDetailDto.From(view.Snapshot));
    }

    private static async Task<Results<Ok<RouteDto[]>, ProblemHttpResult>> Routes(
        string id, string? table, string? family, INamespaceCatalog catalog, NamespaceViews views, CancellationToken ct)
    {
        var (fam, badFamily) = Problems.ParseFamily(family);
        if (badFamily is not null) return badFamily;
        var (view, problem) = await Problems.CurrentViewAsync(catalog, views, id, ct);
        if (view is null) return problem!;
        var snapshot = view.Snapshot;
        IEnumerable<Route> routes = snapshot.Routes;
        if (fam is IpFamily f) routes = routes.Where(r => r.Family == f);
        if (table is not null && table != "all")
        {
            if (!snapshot.Topology.TryParseTable(table, out var t))
                return Problems.BadRequest($"unknown table '{table}': give a number, a name from rt_tables, or a VRF name");
            routes = routes.Where(r => r.Table == t);
        }
        return TypedResults.Ok(routes.Select(r => RouteDto.From(r, snapshot.Topology)).ToArray());
    }

    private static async Task<Results<Ok<RuleDto[]>, ProblemHttpResult>> Rules(
        string id, string? family, INamespaceCatalog catalog, NamespaceViews views, CancellationToken ct)
    {
        var (fam, badFamily) = Problems.ParseFamily(family);
        if (badFamily is not null) return badFamily;
        var (view, problem) = await Problems.CurrentViewAsync(catalog, views, id, ct);
        if (view is null) return problem!;
        // The kernel's order within a family; IPv4 first, as the CLI prints them.
        return TypedResults.Ok(view.Snapshot.Rules.Where(r => fam is null || r.Family == fam)
            .OrderBy(r => r.Family == IpFamily.Inet6).Select(RuleDto.From).ToArray());
    }

    /// <summary>A refused lookup ("Network is unreachable") is an answer, 200 with routed false; bad input is 400.</summary>
    private static async Task<Results<Ok<LookupDto>, ProblemHttpResult>> Lookup(
        string id, string? dst, string? vrf, string? src, string? iif, string? oif, string? mark, string? ipproto, string? sport,
        string? dport, INamespaceCatalog catalog, LookupService lookups, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(dst)) return Problems.BadRequest("dst is required: the destination address to look up");
        var (ns, problem) = Problems.FindNamespace(catalog, id);
        if (ns is null) return problem!;
        try
        {
            var (result, state) = await lookups.LookupAsync(ns,
                names => LookupNames.Parse(names, dst, vrf, src, iif, oif, mark, ipproto, sport, dport), ct);
            return TypedResults.Ok(LookupDto.From(result, state.Topology));
        }
        catch (Exception e) when (Problems.TryMap(e, out var p)) { return p; }
    }
}
