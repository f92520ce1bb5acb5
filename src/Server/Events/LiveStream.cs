using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dashboard.Server.Events;

/// <summary>
/// The live stream of the node: the event loop over every namespace, the watcher that keeps that set
/// current, and the bus consumers subscribe to. A hosted service in the web app; the CLI runs it directly.
/// </summary>
public sealed class LiveStream : IHostedService, IDisposable
{
    private readonly EventLoop _loop;
    private readonly NamespaceWatcher? _watcher;
    private readonly IReadOnlyList<NetNamespace>? _fixed;
    private bool _started;

    /// <summary>Streams every namespace the catalog finds (or those in <see cref="EventsOptions.OnlyNamespaces"/>).</summary>
    public LiveStream(INamespaceCatalog catalog, INetlink netlink, LiveEventBus bus, EventsOptions options, ILoggerFactory? logs = null)
    {
        Bus = bus;
        _loop = new EventLoop(netlink, options, bus, bus.Counters, logs?.CreateLogger<LiveStream>());
        var dirs = (catalog as NamespaceCatalog)?.Options.NamedDirectories ?? NamespaceCatalogOptions.Default.NamedDirectories;
        _watcher = new NamespaceWatcher(catalog, dirs, options, _loop.Sync, logs?.CreateLogger<LiveStream>());
    }

    /// <summary>Streams exactly these namespaces, with no discovery (the CLI watching one namespace).</summary>
    public LiveStream(IReadOnlyList<NetNamespace> namespaces, INetlink netlink, LiveEventBus bus, EventsOptions options)
    {
        Bus = bus;
        _loop = new EventLoop(netlink, options, bus, bus.Counters);
        _fixed = namespaces;
    }

    public LiveEventBus Bus { get; }
    public EventCounters Counters => Bus.Counters;

    /// <summary>Ids of the namespaces being streamed now.</summary>
    public IReadOnlyList<string> Watched => _loop.Watched;

    /// <summary>The live model of a namespace with its open findings, or null when it is not streamed or not read yet.</summary>
    public Task<LiveView?> ViewAsync(string namespaceId) => _loop.ViewAsync(namespaceId);

    /// <summary>Every streamed namespace as its live model holds it now (counts, open findings, last resync).</summary>
    public Task<IReadOnlyList<NamespaceStatus>> StatusAsync() => _loop.StatusAsync();

    /// <summary>True once every streamed namespace is read and no re-read is pending.</summary>
    public Task<bool> IsSettledAsync() => _loop.IsSettledAsync();

    public void Start()
    {
        if (_started) return;
        _started = true;
        _loop.Start();
        if (_fixed is not null) _loop.Sync(_fixed);
        else _watcher!.Start();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _loop.Dispose();
    }
}
