using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Server;

public static class BackendServices
{
    /// <summary>The netlink backend: namespace discovery, reading, findings and migrations.</summary>
    public static IServiceCollection AddDashboardBackend(this IServiceCollection services)
    {
        services.AddNamespaceCatalog();
        services.AddSingleton<INamespaceReader, NamespaceReader>();
        services.AddSingleton<IFindingService, FindingService>();
        services.AddSingleton(MigrationOptions.FromEnvironment());
        services.AddSingleton<IMigrationService, MigrationService>();
        return services;
    }
}
