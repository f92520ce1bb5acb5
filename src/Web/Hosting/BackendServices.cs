using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Web.Hosting;

public static class BackendServices
{
    /// <summary>
    /// The node's real namespaces and rtnetlink reader. TryAdd: whatever was registered first (an
    /// analyzer, migration, a live stream, or test doubles) is kept.
    /// </summary>
    public static IServiceCollection AddNodeBackend(this IServiceCollection services)
    {
        services.TryAddSingleton<INamespaceCatalog>(_ => new NamespaceCatalog());
        services.TryAddSingleton<INamespaceReader, NamespaceReader>();
        return services;
    }
}
