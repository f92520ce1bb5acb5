using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Server.Namespaces;

public static class NamespaceServiceCollectionExtensions
{
    /// <summary>Registers the catalog (stateless, so one for the process) and the CLI-style resolver.</summary>
    public static IServiceCollection AddNamespaceCatalog(this IServiceCollection services, NamespaceCatalogOptions? options = null)
    {
        services.AddSingleton(new NamespaceCatalog(options));
        services.AddSingleton<INamespaceCatalog>(sp => sp.GetRequiredService<NamespaceCatalog>());
        services.AddSingleton(sp => new NamespaceResolver(sp.GetRequiredService<NamespaceCatalog>()));
        return services;
    }
}
