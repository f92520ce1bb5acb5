using Dashboard.Server.Events;
using Dashboard.Web.Data;
using Dashboard.Web.Live;
using Dashboard.Web.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace Dashboard.Web.Hosting;

public static class UiServices
{
    /// <summary>
    /// The Blazor UI and what it needs on top of the backend. The backend's own services (catalog,
    /// reader, findings, migration) are registered separately; a real live stream registered before
    /// this call wins over the polling one.
    /// </summary>
    public static IServiceCollection AddDashboardUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        // The circuit's user (from the sign-in cookie) for the role shown and the server-side check.
        services.AddCascadingAuthenticationState();
        services.TryAddSingleton<MigrationPermission>();
        services.AddMudServices();
        services.AddSingleton<DashboardData>();
        return services;
    }

    /// <summary>A node's pages rendered once at start (<see cref="PageWarmup"/>): the first page opened is not the slow one.</summary>
    public static IServiceCollection AddDashboardPageWarmup(this IServiceCollection services)
    {
        services.AddSingleton<PageWarmup>();
        services.AddHostedService(sp => sp.GetRequiredService<PageWarmup>());
        return services;
    }

    /// <summary>
    /// The pages, their circuit (/_blazor) and their assets; antiforgery is already in UseDashboardOperations.
    /// Returns the pages' and circuit's endpoints, for the read policy (Program: RequireViewer); the assets
    /// (CSS, scripts, icons) stay public: the sign-in page needs them and they hold nothing of the node.
    /// </summary>
    public static RazorComponentsEndpointConventionBuilder MapDashboardUi(this WebApplication app)
    {
        app.MapStaticAssets();
        return app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode();
    }
}
