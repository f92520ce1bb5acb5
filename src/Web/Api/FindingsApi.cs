using Dashboard.Server.Events;
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
        string id, INamespaceCatalog catalog, NamespaceViews views, CancellationToken ct)
    {
        var (view, problem) = await Problems.CurrentViewAsync(catalog, views, id, ct);
        return view is null ? problem! : TypedResults.Ok(Dtos(view));
    }

    private static async Task<Ok<FindingDto[]>> ForNode(INamespaceCatalog catalog, NamespaceViews views, CancellationToken ct)
    {
        var all = new List<FindingDto>();
        foreach (var ns in catalog.List())
        {
            try { all.AddRange(Dtos(await views.CurrentAsync(ns, ct))); }
            catch (NamespaceNotFoundException) { } // vanished since the listing
        }
        return TypedResults.Ok(all.ToArray());
    }

    private static FindingDto[] Dtos(LiveView view) =>
        view.Diagnoses.Select(d => FindingDto.From(d, view.Snapshot.Topology)).ToArray();
}
