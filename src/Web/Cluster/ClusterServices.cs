using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashboard.Web.Cluster;

public static class ClusterServices
{
    /// <summary>Whether Dashboard:Cluster:Only asks for a cluster view and nothing else.</summary>
    public static bool IsClusterOnly(this IConfiguration configuration) => ClusterOptions.From(configuration).Only;

    /// <summary>
    /// The cluster view when Dashboard:Cluster:PrometheusUrl is set (the options are registered in any
    /// case, so pages can ask whether it is on). Cluster-only drops the netlink readiness check: that
    /// process never touches netlink, and its readiness must not depend on Prometheus either (the page
    /// reports Prometheus's state itself).
    /// </summary>
    public static WebApplicationBuilder AddDashboardCluster(this WebApplicationBuilder builder)
    {
        var options = ClusterOptions.From(builder.Configuration);
        builder.Services.AddOptions<ClusterOptions>().Bind(builder.Configuration.GetSection(ClusterOptions.Section));
        if (options.Only && !options.Enabled)
            throw new InvalidOperationException("Dashboard:Cluster:Only is set but Dashboard:Cluster:PrometheusUrl is not: a cluster-only dashboard needs Prometheus.");
        if (options.Only)
            builder.Services.Configure<HealthCheckServiceOptions>(o =>
            {
                foreach (var netlink in o.Registrations.Where(r => r.Name == "netlink").ToList()) o.Registrations.Remove(netlink);
            });
        if (!options.Enabled) return builder;
        if (!Uri.TryCreate(options.PrometheusUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"Dashboard:Cluster:PrometheusUrl '{options.PrometheusUrl}' is not an http(s) URL.");
        // Its per-request log lines would repeat every few seconds; failures reach the page, the API and the log below.
        builder.Services.AddHttpClient(nameof(PrometheusClient)).RemoveAllLoggers();
        builder.Services.AddSingleton<PrometheusClient>();
        builder.Services.AddSingleton<ClusterService>();
        return builder;
    }

    /// <summary>GET /api/cluster, and /cluster answering 404 when the view is off (the page is absent then).</summary>
    public static WebApplication MapDashboardCluster(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterOptions>>().Value.Enabled)
        {
            app.MapClusterApi();
            return app;
        }
        // Ahead of the page's own endpoint (order -1), which exists in the assembly either way.
        app.MapGet("/cluster", () => Results.NotFound()).WithOrder(-1).ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}
