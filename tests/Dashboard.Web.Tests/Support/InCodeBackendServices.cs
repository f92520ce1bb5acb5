using Dashboard.Server.Events;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Web.Tests.Support;

public static class InCodeBackendServices
{
    /// <summary>
    /// Puts <paramref name="backend"/> in place of the app's catalog and netlink (its migration service, lock, journal and audit stay the real ones). The
    /// pages read through <see cref="NamespaceViews"/> without a live stream (fresh reads of the stored
    /// snapshots), and the app's live stream streams none of the in-code namespaces: there is no kernel
    /// behind them to subscribe to, and a stream retrying that every second would only fill the log.
    /// </summary>
    public static IServiceCollection UseInCodeBackend(this IServiceCollection services, InCodeBackend backend)
    {
        services.RemoveAll<INamespaceCatalog>().AddSingleton<INamespaceCatalog>(backend);
        services.RemoveAll<INetlink>().AddSingleton<INetlink>(backend);
        services.RemoveAll<NamespaceViews>().AddSingleton(new NamespaceViews(backend));
        services.RemoveAll<EventsOptions>().AddSingleton(new EventsOptions { OnlyNamespaces = [] });
        return services;
    }
}
