using Bunit;
using Dashboard.Server.Events;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Dashboard.Server.Audit;
using Dashboard.Web.Audit;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Configuration;
using Dashboard.Web.Data;
using Dashboard.Web.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// Base of the component tests: MudBlazor's services with loose JS interop (MudBlazor calls into its
/// own script, which bUnit does not run), and the dashboard's services over <see cref="InCodeBackend"/>.
/// Authorization and the audit trail are the real ones, configured as a node with an operator token;
/// the circuit's user is <see cref="User"/> (operator unless a test says otherwise).
/// </summary>
public abstract class MudComponentTest : BunitContext
{
    protected InCodeBackend Backend { get; } = SampleNode.Backend();
    protected OperatorSetup Node { get; } = new();
    protected TestUser User { get; } = new() { User = TestUser.WithRole(DashboardRoles.Operator) };
    protected TestClock Clock { get; } = new();
    /// <summary>The app's configuration: change Dashboard:* keys before the first render.</summary>
    protected IConfigurationRoot Settings { get; }

    /// <summary>The real change feed; a test publishes the notice the event loop would send.</summary>
    protected LiveEventBus Events { get; } = new(new EventsOptions(), new EventCounters());

    protected void Publish(string namespaceId, RouteChangeKind kind, string summary) =>
        Events.Publish([new LiveEvent(new RouteChangeNotice(namespaceId, kind, DateTimeOffset.UtcNow, 1, summary))]);

    protected MudComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Settings = new ConfigurationBuilder().AddInMemoryCollection(Node.Settings()).Build();
        // bUnit puts placeholders for authorization in place; this test base uses the real ones.
        foreach (var placeholder in Services.Where(d => d.ImplementationType?.Namespace == "Bunit.TestDoubles"
                     && d.ServiceType.Namespace!.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal)).ToList())
            Services.Remove(placeholder);
        // The prerendered pages ask for the state their prerender left; in a test there is none.
        Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<Microsoft.AspNetCore.Components.Infrastructure.ComponentStatePersistenceManager>(sp));
        Services.AddSingleton(sp => sp.GetRequiredService<Microsoft.AspNetCore.Components.Infrastructure.ComponentStatePersistenceManager>().State);
        Services.AddSingleton<IConfiguration>(Settings);
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddLogging();
        Services.AddDashboardSecurity(Settings);
        Services.AddDashboardAudit();
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AuthenticationStateProvider>(User);
        Services.AddSingleton<MigrationPermission>();
        Services.AddMudServices();
        Services.AddSingleton<INamespaceCatalog>(Backend);
        Services.AddSingleton<INetlink>(Backend);
        // As the app registers it without a live stream: every view is a fresh read and diagnosis.
        Services.AddSingleton(new NamespaceViews(Backend));
        // The real migration service over the in-code kernel: lock, journal and audit under the node's state directory.
        Services.AddSingleton<IMigrationService>(sp => new MigrationService(Backend, Backend, new MigrationOptions(),
            sp.GetRequiredService<Dashboard.Server.State.StateLocations>(), sp.GetRequiredService<IAuditLog>()));
        Services.AddSingleton<Dashboard.Server.Lookup.LookupService>();
        Services.AddSingleton<DashboardData>();
        Services.AddSingleton<IRouteEventSource>(Events);
    }

    /// <summary>The audit trail as GET /api/audit reads it.</summary>
    protected Task<AuditPage> AuditAsync() => Services.GetRequiredService<IAuditLog>().ReadAsync(0, 100);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Node.Dispose();
    }

    /// <summary>The pod namespace as the page gets it: the snapshot with the analyzer's and planner's diagnoses.</summary>
    protected static NamespaceView PodView(IReadOnlyList<Route>? routes = null)
    {
        var snapshot = SampleNode.PodSnapshot(routes);
        return new(snapshot, Doctor.Diagnose(snapshot));
    }

    /// <summary>
    /// Renders as the live circuit does (the pages follow changes only once interactive). Setting that
    /// builds bUnit's renderer and with it the service provider, so it waits for the first render:
    /// tests add their own services until then.
    /// </summary>
    public new IRenderedComponent<TComponent> Render<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : Microsoft.AspNetCore.Components.IComponent
    {
        if (!_interactive)
        {
            SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
            _interactive = true;
        }
        return base.Render(parameters);
    }

    private bool _interactive;
}
