using Dashboard.Server.Events;
using Prometheus;

namespace Dashboard.Web.Metrics;

/// <summary>
/// The app's own registry and what serves it: one instance per host, so every series belongs to the
/// app that exports it. On a node (a live stream is registered) the node's series are read from the
/// live model and the audit trail before each scrape; a cluster-only dashboard exports only the HTTP
/// and runtime series, so it is never mistaken for a node.
/// </summary>
public sealed class MetricsExporter
{
    public MetricsExporter(IServiceProvider services, MetricsToken token)
    {
        Token = token;
        Registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        Factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        // A node has a live stream (or, in tests, a node built in code); a cluster-only dashboard has neither.
        var source = services.GetService<INodeStatusSource>()
            ?? (services.GetService<LiveStream>() is { } live ? new LiveStreamStatusSource(live) : null);
        if (source is null) return;
        var series = new DashboardMetrics(Factory);
        var node = new NodeMetrics(series, source, services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value);
        Registry.AddBeforeCollectCallback(node.CollectAsync);
        if (services.GetService<Dashboard.Server.Audit.IAuditLog>() is { } audit)
        {
            var trail = new AuditTrailMetrics(series, audit, services.GetRequiredService<ILogger<AuditTrailMetrics>>());
            Registry.AddBeforeCollectCallback(trail.CollectAsync);
        }
    }

    public CollectorRegistry Registry { get; }
    public IMetricFactory Factory { get; }
    public MetricsToken Token { get; }

    /// <summary>GET /metrics on either listener: the token check, then the text exposition format.</summary>
    public async Task WriteAsync(HttpContext context)
    {
        if (!Token.Admits(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
            return;
        }
        // Collected into memory first: a failed collection must become a 503, not a 200 cut short.
        using var buffer = new MemoryStream();
        try { await Registry.CollectAndExportAsTextAsync(buffer, context.RequestAborted); }
        catch (ScrapeFailedException e)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"scrape failed: {e.Message}\n", context.RequestAborted);
            return;
        }
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        buffer.Position = 0;
        await buffer.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
