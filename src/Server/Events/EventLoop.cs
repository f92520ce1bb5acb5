using System.Collections.Concurrent;
using System.Diagnostics;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Server.Events;

/// <summary>
/// One thread that waits in epoll_wait on every namespace's subscription socket at once and owns all
/// live models. A thread per namespace would sit idle in the kernel too, but hundreds of them cost
/// stacks and scheduler work for nothing; one waiter scales to any number of sockets, and a single
/// core decodes far more notices per second than the kernel produces for a node.
/// Opening sockets (setns needs a thread of its own) and dumps run on the thread pool and hand their
/// results back through the inbox, so the loop never blocks on a slow namespace.
/// </summary>
/// <remarks>
/// Split by concern: this file is the loop itself (wait, inbox, timers, flush); Streams opens and
/// closes a namespace's subscription, Dumps reads namespaces whole, Notices applies what the kernel
/// multicasts, Queries answers other threads from the loop's state.
/// </remarks>
internal sealed partial class EventLoop : IDisposable
{
    private const int DatagramsPerTurn = 64;

    private readonly INetlink _netlink;
    private readonly EventsOptions _options;
    private readonly LiveEventBus _bus;
    private readonly EventCounters _counters;
    private readonly ILogger _log;
    private readonly Epoll _epoll = new();
    private readonly ConcurrentQueue<Action> _inbox = new();
    private readonly Dictionary<ulong, NamespaceStream> _byToken = [];
    private readonly Dictionary<string, NamespaceStream> _byId = new(StringComparer.Ordinal);
    private readonly List<LiveEvent> _output = new(256);
    private readonly Thread _thread;
    private volatile bool _stopping;
    private ulong _nextToken;
    private volatile string[] _watched = [];

    public EventLoop(INetlink netlink, EventsOptions options, LiveEventBus bus, EventCounters counters, ILogger? log = null)
    {
        _netlink = netlink;
        _options = options;
        _bus = bus;
        _counters = counters;
        _log = log ?? NullLogger.Instance;
        _thread = new Thread(Run) { IsBackground = true, Name = "netlink-events" };
    }

    public void Start() => _thread.Start();

    /// <summary>Ids of the namespaces being streamed.</summary>
    public IReadOnlyList<string> Watched => _watched;

    private void Post(Action action)
    {
        _inbox.Enqueue(action);
        _epoll.Wake();
    }

    private void Run()
    {
        Span<ulong> ready = stackalloc ulong[64];
        while (!_stopping)
        {
            int n;
            try { n = _epoll.Wait(ready, TimeoutMs()); }
            catch (IOException e)
            {
                _log.LogError(e, "epoll_wait failed");
                Thread.Sleep(100);
                continue;
            }
            // This thread is the node's only view of changes, and an exception escaping it would end the
            // process: a fault in one round is logged and the loop goes on (the next resync repairs state).
            try
            {
                for (int i = 0; i < n; i++)
                {
                    if (ready[i] == Epoll.WakeToken) _epoll.ClearWake();
                    else if (_byToken.TryGetValue(ready[i], out var stream)) Read(stream);
                }
                while (_inbox.TryDequeue(out var action))
                {
                    try { action(); }
                    catch (Exception e) { _log.LogError(e, "event loop action failed"); }
                }
                RunTimers();
                Flush();
            }
            catch (Exception e)
            {
                _log.LogError(e, "event loop round failed; continuing");
            }
        }
        foreach (var s in _byId.Values.ToArray()) Close(s, announce: false);
    }

    private void Flush()
    {
        if (_output.Count == 0) return;
        Interlocked.Add(ref _counters.notices, _output.Count);
        _bus.Publish(_output);
        _output.Clear();
    }

    private int TimeoutMs()
    {
        if (!_inbox.IsEmpty) return 0;
        long next = long.MaxValue;
        foreach (var s in _byId.Values)
        {
            if (s.RefreshDue != 0) next = Math.Min(next, s.RefreshDue);
            if (s.RetryDue != 0) next = Math.Min(next, s.RetryDue);
        }
        if (next == long.MaxValue) return -1;
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
        return wait <= TimeSpan.Zero ? 0 : (int)Math.Ceiling(wait.TotalMilliseconds);
    }

    private void RunTimers()
    {
        long now = Stopwatch.GetTimestamp();
        // A copy: starting a dump can close a namespace that has gone, which changes _byId.
        foreach (var s in _byId.Values.ToArray())
        {
            if (s.RetryDue != 0 && s.RetryDue <= now)
            {
                s.RetryDue = 0;
                StartDump(s, s.RetryReason);
            }
            if (s.RefreshDue != 0 && s.RefreshDue <= now && s.Dumping is null)
            {
                s.RefreshDue = 0;
                Interlocked.Increment(ref _counters.refreshes);
                StartDump(s, DumpReason.Refresh);
            }
        }
    }

    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        _epoll.Wake();
        if (_thread.IsAlive) _thread.Join();
        else foreach (var s in _byId.Values.ToArray()) Close(s, announce: false);
        Flush();
        _epoll.Dispose();
    }
}
