using Dashboard.Server.Events;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Server;

public static class BackendServices
{
    /// <summary>The netlink backend: namespace discovery, reading, findings and migrations.</summary>
    public static IServiceCollection AddDashboardBackend(this IServiceCollection services)
    {
        services.AddNamespaceCatalog();
        services.TryAddSingleton<INetlink>(KernelNetlink.Instance);
        // The live stream is optional (AddDashboardEvents): without it, views are fresh reads.
        services.TryAddSingleton(sp => new NamespaceViews(sp.GetRequiredService<INetlink>(), sp.GetService<LiveStream>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<NamespaceViews>>()));
        services.AddSingleton(MigrationOptions.FromEnvironment());
        services.AddSingleton<IMigrationService, MigrationService>();
        return services;
    }
}
