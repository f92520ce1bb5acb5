using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Dashboard.Web.Metrics;

public static class MetricsEndpoints
{
    public const string Path = "/metrics";

    /// <summary>HTTP request metrics (by route pattern, not by raw path). Call after routing.</summary>
    public static IApplicationBuilder UseDashboardMetrics(this IApplicationBuilder app)
    {
        DashboardMetrics.Initialize();
        app.UseHttpMetrics();
        return app;
    }

    /// <summary>The Prometheus text at /metrics, anonymous: scrapers carry no credential.</summary>
    public static IEndpointRouteBuilder MapDashboardMetrics(this IEndpointRouteBuilder app)
    {
        DashboardMetrics.Initialize();
        app.MapMetrics(Path).AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();
        return app;
    }
}
