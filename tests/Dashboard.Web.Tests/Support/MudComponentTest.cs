using Bunit;
using Dashboard.Server.Analysis;
using Dashboard.Server.Events;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Routing;
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
/// </summary>
public abstract class MudComponentTest : BunitContext
{
    protected InCodeBackend Backend { get; } = SampleNode.Backend();

    /// <summary>The real change feed; a test publishes the notice the event loop would send.</summary>
    protected LiveEventBus Events { get; } = new(new EventsOptions(), new EventCounters());

    protected void Publish(string namespaceId, RouteChangeKind kind, string summary) =>
        Events.Publish([new LiveEvent(new RouteChangeNotice(namespaceId, kind, DateTimeOffset.UtcNow, 1, summary))]);

    protected MudComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<INamespaceCatalog>(Backend);
        Services.AddSingleton<INamespaceReader>(Backend);
        Services.AddSingleton<IFindingService>(Backend);
        Services.AddSingleton<IMigrationService>(Backend);
        Services.AddSingleton<DashboardData>();
        Services.AddSingleton<IRouteEventSource>(Events);
    }

    protected static NamespaceView PodView(IReadOnlyList<Route>? routes = null) =>
        new(SampleNode.PodSnapshot(routes), [SampleNode.MixedFinding]);
}
