using System.Diagnostics;
using Dashboard.Server.Netlink;
using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Netlink.Transport;
using Dashboard.Server.Routing;
using Microsoft.Extensions.Logging;

namespace Dashboard.Server.Events;

/// <summary>What the kernel multicasts: reading each socket, applying notices to the live model, resyncing after a loss.</summary>
internal sealed partial class EventLoop
{
    private void Read(NamespaceStream stream)
    {
        var socket = stream.Socket;
        if (socket is null || stream.Closed) return;
        for (int d = 0; d < DatagramsPerTurn; d++)
        {
            ReadOnlySpan<byte> datagram;
            try { datagram = socket.Socket.ReceiveNow("subscription"); }
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
}
