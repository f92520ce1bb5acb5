using Dashboard.Server.Audit;
using Dashboard.Server.Events;
using Dashboard.Server.Lookup;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

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
            sp.GetService<ILogger<NamespaceViews>>()));
        services.TryAddSingleton<LookupService>();
        services.AddSingleton(MigrationOptions.FromEnvironment());
        services.TryAddSingleton(StateLocations.FromEnvironment());
        // One audit log for every process that changes routes: the one under the shared state directory.
        services.TryAddSingleton<IAuditLog>(sp => new FileAuditLog(sp.GetRequiredService<StateLocations>().Audit,
            sp.GetService<ILogger<FileAuditLog>>() ?? NullLogger<FileAuditLog>.Instance));
        services.AddSingleton<IMigrationService, MigrationService>();
        services.AddHostedService<StartupRecovery>();
        return services;
    }
}
