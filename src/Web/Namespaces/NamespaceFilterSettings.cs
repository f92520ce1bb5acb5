using Dashboard.Server.Namespaces;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Web.Namespaces;

/// <summary>Dashboard:Namespaces:Include / Exclude: which of the node's namespaces this dashboard watches.</summary>
public static class NamespaceFilterSettings
{
    public const string Section = "Dashboard:Namespaces";

    /// <summary>
    /// The filter from configuration: each setting is a comma-separated value
    /// (<c>Dashboard__Namespaces__Include=host,tenant-a/*</c>) or a list (<c>…__Include__0</c>, <c>__1</c>).
    /// </summary>
    public static NamespaceFilter From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        return new NamespaceFilter(Patterns(section.GetSection("Include")), Patterns(section.GetSection("Exclude")));
    }

    /// <summary>
    /// Replaces the backend's catalog with one that applies the filter. Call after AddDashboardBackend:
    /// everything that lists or finds a namespace (live stream, API, hub, metrics, migrations) asks
    /// this catalog, so all of them respect the same filter.
    /// </summary>
    public static IServiceCollection AddDashboardNamespaceFilter(this IServiceCollection services, IConfiguration configuration)
    {
        var filter = From(configuration);
        if (filter.WatchesAll) return services;
        services.Replace(ServiceDescriptor.Singleton(new NamespaceCatalog(NamespaceCatalogOptions.Default with { Filter = filter })));
        return services;
    }

    private static IEnumerable<string> Patterns(IConfigurationSection section) =>
        section.Value is { } single ? [single] : section.GetChildren().Select(c => c.Value).OfType<string>();
}
