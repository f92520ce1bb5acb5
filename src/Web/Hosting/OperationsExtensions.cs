using Dashboard.Web.Api;
using Dashboard.Server.Audit;
using Dashboard.Web.Health;
using Dashboard.Web.Metrics;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

using Dashboard.Web.Audit;

namespace Dashboard.Web.Hosting;

/// <summary>
/// The production plumbing in three calls for Program.cs: listen address and its exposure check,
/// logging, errors, security, audit, health, metrics and OpenAPI. Each piece also has its own
/// extension for hosts that want only some.
/// </summary>
public static class OperationsExtensions
{
    public static WebApplicationBuilder AddDashboardOperations(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseDashboardListenAddress(builder.Configuration);
        builder.AddDashboardLogging();
        builder.Services.AddExposureCheck();
        builder.Services.AddDashboardErrors();
        builder.Services.AddDashboardSecurity(builder.Configuration);
        builder.Services.AddDashboardAudit();
        builder.Services.AddDashboardHealthChecks();
        builder.Services.AddDashboardMetrics(builder.Configuration);
        builder.Services.AddDashboardOpenApi();
        return builder;
    }

    /// <summary>
    /// The exposure gate (503 until the start-up check passed), metrics, authentication, the
    /// same-origin check, authorization, rate limiting, antiforgery: before any Map call.
    /// </summary>
    public static WebApplication UseDashboardOperations(this WebApplication app)
    {
        app.UseExposureGate();
        app.UseRouting();
        app.UseDashboardMetrics();
        app.UseDashboardSecurity();
        return app;
    }

    /// <summary>/healthz, /readyz, /metrics, /openapi/v1.json, /auth/*, GET /api/audit.</summary>
    public static IEndpointRouteBuilder MapDashboardOperations(this IEndpointRouteBuilder app)
    {
        app.MapDashboardHealthChecks();
        app.MapDashboardMetrics();
        app.MapDashboardOpenApi();
        app.MapDashboardAccountEndpoints();
        app.MapAuditApi();
        return app;
    }
}
