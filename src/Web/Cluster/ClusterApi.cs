using Dashboard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Cluster;

/// <summary>GET /api/cluster: the cluster view as JSON, for scripts and for the page's own data.</summary>
public static class ClusterApi
{
    public const string Path = "/api/cluster";

    public static RouteHandlerBuilder MapClusterApi(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, GetAsync).WithTags("Cluster").WithSummary("Every node's dashboard as Prometheus last scraped it").RequireViewer();

    private static async Task<Results<Ok<ClusterView>, ProblemHttpResult>> GetAsync(ClusterService cluster, CancellationToken ct)
    {
        try { return TypedResults.Ok(await cluster.GetAsync(ct)); }
        catch (PrometheusException e)
        {
            // 503: the source is down (try later); 502: it answered, but not with something usable.
            return TypedResults.Problem(e.Message,
                statusCode: e.Unreachable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway,
                title: e.Unreachable ? "Prometheus unreachable" : "Bad answer from Prometheus");
        }
    }
}
