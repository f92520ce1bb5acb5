using Dashboard.Server;
using Dashboard.Web.Api;
using Dashboard.Web.AutoRemediation;
using Dashboard.Server.Events;
using Dashboard.Web.Cluster;
using Dashboard.Web.Hosting;
using Dashboard.Web.Namespaces;
using Dashboard.Web.Security;

var builder = WebApplication.CreateBuilder(args);
var node = !builder.Configuration.IsClusterOnly(); // Dashboard:Cluster:Only: the cluster view and nothing else
builder.WebHost.UseDashboardHostDefaults();   // package assets served from the build output too
builder.AddDashboardOperations();             // listen address, logging, errors, security, audit, health, metrics, OpenAPI
builder.AddDashboardCluster();                // "All nodes" from Prometheus, when Dashboard:Cluster:PrometheusUrl is set
if (node)
{
    builder.Services.AddDashboardBackend();   // netlink: namespaces, reading, findings, migrations
    builder.Services.AddDashboardNamespaceFilter(builder.Configuration); // Dashboard:Namespaces:Include/Exclude, for all of it
    builder.Services.AddDashboardHubs();      // live netlink streams, the change feed, SignalR and its limits
    builder.Services.AddDashboardAutoRemediation(builder.Configuration); // Dashboard:AutoRemediation (off by default)
    builder.Services.AddDashboardPageWarmup(); // the pages rendered once at start: the first open is not the slow one
}
builder.Services.AddDashboardUi();            // Blazor Server + MudBlazor

var app = builder.Build();
app.UseDashboardErrors();                     // ProblemDetails for API callers, the error page for browsers
app.UseDashboardOperations();                 // start-up gate, metrics, authentication, same origin, authorization, rate limits
app.MapDashboardOperations();                 // /healthz /readyz /metrics /openapi/v1.json /auth/* /api/audit
if (node)
{
    app.MapNamespacesApi().RequireViewer();   // GET /api/namespaces…
    app.MapFindingsApi();                     // GET …/findings
    app.MapMigrationsApi();                   // POST …/migrate, /api/migrations (operator)
    app.MapDashboardHubs().RequireViewer();   // /hubs/routes
    app.MapPolicyApi();                       // GET /api/policy, POST /api/policy/reset (operator)
}
app.MapDashboardCluster();                    // GET /api/cluster (viewer)
app.MapDashboardUi().RequireViewer();         // the pages and their circuit (/_blazor)
app.Run();

public partial class Program;
