using System.Collections.Concurrent;
using System.Diagnostics;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Netlink.Transport;
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
internal sealed class EventLoop : IDisposable
{
    private static readonly int[] Groups =
    [
        RtnlGroup.LINK, RtnlGroup.IPV4_IFADDR, RtnlGroup.IPV6_IFADDR, RtnlGroup.IPV4_ROUTE, RtnlGroup.IPV6_ROUTE,
        RtnlGroup.NEXTHOP, RtnlGroup.IPV4_RULE, RtnlGroup.IPV6_RULE,
    ];
    private const int DatagramsPerTurn = 64;

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

    public EventLoop(EventsOptions options, LiveEventBus bus, EventCounters counters, ILogger? log = null)
    {
        _options = options;
        _bus = bus;
        _counters = counters;
        _log = log ?? NullLogger.Instance;
        _thread = new Thread(Run) { IsBackground = true, Name = "netlink-events" };
    }

    public void Start() => _thread.Start();

    /// <summary>Ids of the namespaces being streamed.</summary>
    public IReadOnlyList<string> Watched => _watched;

    /// <summary>Makes the streamed set equal to <paramref name="namespaces"/>: opens new ones, closes vanished ones.</summary>
    public void Sync(IReadOnlyList<NetNamespace> namespaces) => Post(() =>
    {
        var wanted = namespaces.ToDictionary(n => n.Id, StringComparer.Ordinal);
        foreach (var stream in _byId.Values.ToArray())
        {
            // A name reused for a new namespace is a different namespace: close the old one first.
            if (!wanted.TryGetValue(stream.Namespace.Id, out var now) || now.Inode != stream.Namespace.Inode)
                Close(stream);
        }
        foreach (var ns in namespaces)
            if (!_byId.ContainsKey(ns.Id)) Open(ns);
    });

    /// <summary>The live model of a namespace as a snapshot, or null when it is not streamed (yet).</summary>
    public Task<NamespaceSnapshot?> SnapshotAsync(string namespaceId)
    {
        var done = new TaskCompletionSource<NamespaceSnapshot?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() => done.SetResult(_byId.TryGetValue(namespaceId, out var s) && s.Model.Loaded ? s.Model.Snapshot() : null));
        return done.Task;
    }

    /// <summary>Every streamed namespace as its live model holds it now, for metrics and the cluster view.</summary>
    public Task<IReadOnlyList<NamespaceStatus>> StatusAsync()
    {
        var done = new TaskCompletionSource<IReadOnlyList<NamespaceStatus>>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() => done.SetResult(_byId.Values.Select(s => s.Model.Status(s.LastResync)).ToArray()));
        return done.Task;
    }

    /// <summary>Completes once every namespace streamed has been read and no dump or refresh is pending.</summary>
    public Task<bool> IsSettledAsync()
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() => done.SetResult(_byId.Values.All(s => s.Model.Loaded && s.Dumping is null && s.RefreshDue == 0 && s.RetryDue == 0)));
        return done.Task;
    }

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

    private void Open(NetNamespace ns)
    {
        var stream = new NamespaceStream(ns, ++_nextToken);
        _byId[ns.Id] = stream;
        _byToken[stream.Token] = stream;
        _watched = _byId.Keys.ToArray();
        int rcvbuf = _options.ReceiveBufferBytes;
        stream.Dumping = DumpReason.Initial;
        Task.Run(() =>
        {
            NetlinkSocket? socket = null;
            try
            {
                socket = NetlinkSocket.OpenIn(ns.Path, rcvbuf);
                foreach (var g in Groups) socket.Join(g);
            }
            catch (Exception e)
            {
                socket?.Dispose();
                Post(() => DumpFailed(stream, stream.Generation, DumpReason.Initial, e));
                return;
            }
            Post(() =>
            {
                if (stream.Closed)
                {
                    socket.Dispose();
                    return;
                }
                stream.Socket = socket;
                _epoll.Add(socket.FileDescriptor, stream.Token);
                // Subscribed first, dumped second: whatever changes in between is queued on the socket.
                stream.Dumping = null;
                StartDump(stream, DumpReason.Initial);
            });
        });
    }

    private void StartDump(NamespaceStream stream, DumpReason reason)
    {
        if (stream.Closed) return;
        if (stream.Socket is null)
        {
            // The subscription itself failed: start over from opening it.
            _byId.Remove(stream.Namespace.Id);
            _byToken.Remove(stream.Token);
            stream.Closed = true;
            Open(stream.Namespace);
            return;
        }
        int generation = ++stream.Generation;
        stream.Dumping = reason;
        stream.Pending.Clear();
        var ns = stream.Namespace;
        Task.Run(() =>
        {
            try
            {
                long started = Stopwatch.GetTimestamp();
                var snapshot = new NamespaceReader().Read(ns);
                _counters.DumpObserved?.Invoke(reason, Stopwatch.GetElapsedTime(started));
                Post(() => DumpDone(stream, generation, reason, snapshot));
            }
            catch (Exception e)
            {
                Post(() => DumpFailed(stream, generation, reason, e));
            }
        });
    }

    private void DumpDone(NamespaceStream stream, int generation, DumpReason reason, NamespaceSnapshot snapshot)
    {
        if (stream.Closed || generation != stream.Generation) return;
        if (snapshot.MayBeInconsistent)
        {
            // The kernel kept interrupting the dump (NLM_F_DUMP_INTR): a model built on it could be wrong for good.
            StartDump(stream, reason);
            return;
        }
        bool first = !stream.Model.Loaded;
        long now = Stopwatch.GetTimestamp();
        if (first)
        {
            Interlocked.Increment(ref _counters.namespacesAdded);
            _output.Add(stream.Model.Stamp(RouteChangeKind.NamespaceAdded, $"namespace {stream.Namespace.DisplayName} ({stream.Namespace.Kind.ToString().ToLowerInvariant()})", now)
                with { Namespace = stream.Namespace });
        }
        stream.Model.Load(snapshot, announce: !first, _output);
        stream.Dumping = null;
        // What arrived during the dump goes on top; what the dump already shows changes nothing.
        var pending = stream.Pending.ToArray();
        stream.Pending.Clear();
        foreach (var m in pending)
            if (!Apply(stream, m.Type, m.Flags, m.Payload, m.ReadAt)) break;
        if (reason == DumpReason.Resync)
        {
            Interlocked.Increment(ref _counters.resyncs);
            stream.LastResync = DateTimeOffset.UtcNow;
            _output.Add(stream.Model.Stamp(RouteChangeKind.Resynced,
                $"re-read after {stream.ResyncCause ?? "lost notices"}: {stream.Model.RouteCount} routes, {stream.Model.OpenFindings} findings", now));
            stream.ResyncCause = null;
        }
    }

    private void DumpFailed(NamespaceStream stream, int generation, DumpReason reason, Exception e)
    {
        if (stream.Closed || generation != stream.Generation) return;
        Interlocked.Increment(ref _counters.dumpFailures);
        stream.Dumping = null;
        // A namespace that vanished is closed by the next rescan; anything else is tried again.
        _log.LogWarning("reading namespace {Namespace} failed ({Reason}): {Error}", stream.Namespace.Id, reason, e.Message);
        stream.RetryReason = reason == DumpReason.Refresh ? DumpReason.Resync : reason;
        stream.RetryDue = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
    }

    private void Read(NamespaceStream stream)
    {
        var socket = stream.Socket;
        if (socket is null || stream.Closed) return;
        for (int d = 0; d < DatagramsPerTurn; d++)
        {
            ReadOnlySpan<byte> datagram;
            try { datagram = socket.ReceiveNow("subscription"); }
            catch (NetlinkOverrunException)
            {
                Interlocked.Increment(ref _counters.overruns);
                Resync(stream, "the kernel dropped notices (ENOBUFS)");
                continue; // the socket stays subscribed: keep reading what came after
            }
            catch (NetlinkTruncatedException e)
            {
                Interlocked.Increment(ref _counters.readErrors);
                Resync(stream, e.Message);
                continue; // as after ENOBUFS: one notice lost, the socket is fine
            }
            catch (IOException e)
            {
                Interlocked.Increment(ref _counters.readErrors);
                Resync(stream, $"a read error ({e.Message})");
                // The socket may stay broken and never drain: dump now.
                stream.AwaitingDrain = false;
                StartDump(stream, DumpReason.Resync);
                return;
            }
            if (datagram.IsEmpty)
            {
                if (stream.AwaitingDrain)
                {
                    stream.AwaitingDrain = false;
                    StartDump(stream, DumpReason.Resync);
                }
                return;
            }
            long readAt = Stopwatch.GetTimestamp();
            var reader = new MessageReader(datagram);
            try
            {
                while (reader.Next(out var header, out var payload))
                {
                    if (header.Type < 16) continue; // NOOP, ERROR, DONE, OVERRUN: not notices
                    Interlocked.Increment(ref _counters.kernelMessages);
                    CountByKind(header.Type);
                    if (stream.AwaitingDrain) continue;
                    if (stream.Dumping is not null)
                    {
                        if (stream.Pending.Count >= _options.MaxPendingMessages)
                        {
                            Resync(stream, "too many notices during a dump");
                            return;
                        }
                        stream.Pending.Add(new PendingMessage(header.Type, header.Flags, payload.ToArray(), readAt));
                    }
                    else if (!Apply(stream, header.Type, header.Flags, payload, readAt)) return;
                }
            }
            catch (NetlinkParseException e)
            {
                Interlocked.Increment(ref _counters.readErrors);
                Resync(stream, $"a malformed datagram ({e.Message})");
                return;
            }
        }
    }

    private void CountByKind(ushort type)
    {
        switch (type)
        {
            case Rtm.NEWROUTE or Rtm.DELROUTE: Interlocked.Increment(ref _counters.routeMessages); break;
            case Rtm.NEWLINK or Rtm.DELLINK: Interlocked.Increment(ref _counters.linkMessages); break;
            case Rtm.NEWADDR or Rtm.DELADDR: Interlocked.Increment(ref _counters.addressMessages); break;
            case Rtm.NEWNEXTHOP or Rtm.DELNEXTHOP: Interlocked.Increment(ref _counters.nexthopMessages); break;
            case Rtm.NEWRULE or Rtm.DELRULE: Interlocked.Increment(ref _counters.ruleMessages); break;
        }
    }

    /// <summary>Applies one message; false when it could not be decoded and a resync has started.</summary>
    private bool Apply(NamespaceStream stream, ushort type, ushort flags, ReadOnlySpan<byte> payload, long readAt)
    {
        bool refresh;
        try { refresh = stream.Model.Apply(type, flags, payload, readAt, _output); }
        catch (NetlinkParseException e)
        {
            Interlocked.Increment(ref _counters.readErrors);
            Resync(stream, $"a malformed message ({e.Message})");
            return false;
        }
        if (refresh && stream.RefreshDue == 0)
            stream.RefreshDue = Stopwatch.GetTimestamp() + (long)(_options.RefreshDelay.TotalSeconds * Stopwatch.Frequency);
        return true;
    }

    private void Resync(NamespaceStream stream, string cause)
    {
        _log.LogWarning("namespace {Namespace}: resync after {Cause}", stream.Namespace.Id, cause);
        stream.ResyncCause = cause;
        stream.RefreshDue = 0;
        stream.Generation++; // whatever dump is running now may predate the loss
        stream.Dumping = DumpReason.Resync;
        stream.Pending.Clear();
        stream.AwaitingDrain = true; // Read starts the dump once the socket's queue is empty
        Post(() => Read(stream)); // a quiet socket gives epoll no reason to call Read again
    }

    private void Close(NamespaceStream stream, bool announce = true)
    {
        stream.Closed = true;
        _byId.Remove(stream.Namespace.Id);
        _byToken.Remove(stream.Token);
        _watched = _byId.Keys.ToArray();
        if (stream.Socket is { } socket)
        {
            _epoll.Remove(socket.FileDescriptor);
            socket.Dispose();
            stream.Socket = null;
        }
        stream.Pending.Clear();
        if (announce && stream.Model.Loaded)
        {
            Interlocked.Increment(ref _counters.namespacesRemoved);
            _output.Add(stream.Model.Stamp(RouteChangeKind.NamespaceRemoved, $"namespace {stream.Namespace.DisplayName} is gone", Stopwatch.GetTimestamp())
                with { Namespace = stream.Namespace });
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
