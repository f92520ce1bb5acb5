using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;

namespace Dashboard.Web.Metrics;

public static class MetricsEndpoints
{
    public const string Path = "/metrics";

    /// <summary>The app's registry, its node series where a live stream runs, and the optional metrics-only listener.</summary>
    public static IServiceCollection AddDashboardMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(Security.DashboardOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MetricsToken>();
        services.TryAddSingleton<MetricsExporter>();
        services.AddHostedService<MetricsListener>();
        return services;
    }

    /// <summary>HTTP request metrics (by route pattern, not by raw path) into the app's registry. Call after routing.</summary>
    public static IApplicationBuilder UseDashboardMetrics(this IApplicationBuilder app)
    {
        var exporter = app.ApplicationServices.GetRequiredService<MetricsExporter>();
        app.UseHttpMetrics(options => options.SetMetricFactory(exporter.Factory));
        return app;
    }

    /// <summary>/metrics on the dashboard's listener: anonymous unless Dashboard:MetricsTokenFile is set.</summary>
    public static IEndpointRouteBuilder MapDashboardMetrics(this IEndpointRouteBuilder app)
    {
        // Resolved now, before the hosted services start: the histogram must see the live stream's first dumps.
        var exporter = app.ServiceProvider.GetRequiredService<MetricsExporter>();
        app.MapGet(Path, (RequestDelegate)exporter.WriteAsync).AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();
        return app;
    }
}
