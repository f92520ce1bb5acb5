using Dashboard.Server.Analysis;
using Dashboard.Server.Contracts;
using Dashboard.Server.Namespaces;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Dashboard.Web.Api;

/// <summary>Findings, per namespace and for the whole node.</summary>
public static class FindingsApi
{
    public static IEndpointRouteBuilder MapFindingsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/namespaces/{id}/findings", ForNamespace).WithTags("Findings").RequireViewer()
            .WithSummary("Mixed-VRF routes and other findings of one namespace, with their plans");
        app.MapGet("/api/findings", ForNode).WithTags("Findings").RequireViewer()
            .WithSummary("Findings of every namespace on the node");
        return app;
    }

    private static async Task<Results<Ok<FindingDto[]>, ProblemHttpResult>> ForNamespace(
        string id, INamespaceCatalog catalog, IFindingService findings, CancellationToken ct)
    {
        var (ns, problem) = Problems.FindNamespace(catalog, id);
        if (ns is null) return problem!;
        try { return TypedResults.Ok((await Task.Run(() => findings.Scan(ns, ct), ct)).Select(FindingDto.From).ToArray()); }
        catch (Exception e) when (Problems.TryMap(e, out var p)) { return p; }
    }

    private static async Task<Ok<FindingDto[]>> ForNode(INamespaceCatalog catalog, IFindingService findings, CancellationToken ct)
    {
        var all = await Task.Run(() => catalog.List().SelectMany(ns =>
        {
            try { return findings.Scan(ns, ct); }
            catch (NamespaceNotFoundException) { return []; } // vanished since the listing
        }).Select(FindingDto.From).ToArray(), ct);
        return TypedResults.Ok(all);
    }
}
