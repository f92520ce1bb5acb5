using System.Diagnostics;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Microsoft.Extensions.Logging;

namespace Dashboard.Server.Events;

/// <summary>Reading a namespace whole: the first read, resyncs after lost notices, refreshes after silent changes.</summary>
internal sealed partial class EventLoop
{
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
                var snapshot = _netlink.Read(ns);
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
}
