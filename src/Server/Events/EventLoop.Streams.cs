using System.Diagnostics;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Microsoft.Extensions.Logging;

namespace Dashboard.Server.Events;

/// <summary>Which namespaces are streamed: opening a subscription per namespace, closing vanished ones.</summary>
internal sealed partial class EventLoop
{
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
            NetlinkHandle socket;
            try { socket = _netlink.Subscribe(ns, rcvbuf); }
            catch (Exception e)
            {
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
                _epoll.Add(socket.Socket.FileDescriptor, stream.Token);
                // Subscribed first, dumped second: whatever changes in between is queued on the socket.
                stream.Dumping = null;
                StartDump(stream, DumpReason.Initial);
            });
        });
    }

    private void Close(NamespaceStream stream, bool announce = true)
    {
        stream.Closed = true;
        _byId.Remove(stream.Namespace.Id);
        _byToken.Remove(stream.Token);
        _watched = _byId.Keys.ToArray();
        if (stream.Socket is { } socket)
        {
            _epoll.Remove(socket.Socket.FileDescriptor);
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
}
