using System.Runtime.InteropServices;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Netlink.Interop;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Dashboard.Server.Netlink.Transport;

/// <summary>Receives one netlink message of a dump or a subscription.</summary>
internal delegate void MessageHandler(in NlMsgHdr header, ReadOnlySpan<byte> payload);

/// <summary>Decodes the one answer to a get request.</summary>
internal delegate T AnswerDecoder<T>(ReadOnlySpan<byte> payload);

/// <summary>
/// A NETLINK_ROUTE socket. Bound to the namespace it was created in for its whole life, so it may be
/// used from any thread afterwards; not safe for concurrent use.
/// </summary>
internal sealed unsafe class NetlinkSocket : IDisposable
{
    public const int DefaultReceiveBuffer = 1 << 20; // iproute2's default too

    private int _fd;
    private uint _seq;
    private byte[] _buffer;

    public uint PortId { get; }

    /// <summary>The sequence number of the last request sent; the next one has this plus one.</summary>
    internal uint LastSequence => _seq;

    private NetlinkSocket(int fd, uint portId, uint seed, int readBuffer)
    {
        _buffer = new byte[readBuffer];
        _fd = fd;
        PortId = portId;
        _seq = seed;
    }

    /// <summary>Opens a socket in the calling thread's namespace.</summary>
    /// <param name="receiveBuffer">The kernel's queue for this socket (SO_RCVBUF).</param>
    /// <param name="readBuffer">Our buffer for one datagram; it grows when a datagram does not fit.</param>
    public static NetlinkSocket Open(int receiveBuffer = DefaultReceiveBuffer, int readBuffer = 64 * 1024)
    {
        int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, Nl.NETLINK_ROUTE);
        if (fd < 0) throw Errno("socket(AF_NETLINK)");
        try
        {
            // FORCE works for root and lifts rmem_max; an unprivileged reader falls back to the capped size.
            if (!SetInt(fd, SOL_SOCKET, SO_RCVBUFFORCE, receiveBuffer)) SetInt(fd, SOL_SOCKET, SO_RCVBUF, receiveBuffer);
            SetInt(fd, SOL_SOCKET, SO_SNDBUF, 32 * 1024);
            SetInt(fd, Nl.SOL_NETLINK, Nl.NETLINK_EXT_ACK, 1);
            var addr = new SockaddrNl { Family = (ushort)AF_NETLINK };
            if (bind(fd, (sockaddr*)&addr, (uint)sizeof(SockaddrNl)) != 0) throw Errno("bind(AF_NETLINK)");
            socklen_t len = (uint)sizeof(SockaddrNl);
            if (getsockname(fd, (sockaddr*)&addr, &len) != 0) throw Errno("getsockname(AF_NETLINK)");
            return new NetlinkSocket(fd, addr.Pid, (uint)Environment.TickCount, readBuffer);
        }
        catch
        {
            close(fd);
            throw;
        }
    }

    /// <summary>Joins an rtnetlink multicast group (RTNLGRP_*), for event streams.</summary>
    public void Join(int group)
    {
        if (!SetInt(_fd, Nl.SOL_NETLINK, Nl.NETLINK_ADD_MEMBERSHIP, group))
            throw Errno($"NETLINK_ADD_MEMBERSHIP {group}");
    }

    public int FileDescriptor => _fd;

    /// <summary>
    /// Sends a dump request and hands every answer to <paramref name="handler"/> until NLMSG_DONE.
    /// Returns false when the kernel flagged the dump as interrupted (NLM_F_DUMP_INTR): the caller
    /// should discard what it got and dump again.
    /// </summary>
    public bool Dump(MessageBuilder request, string operation, MessageHandler handler, CancellationToken cancellationToken = default)
    {
        uint seq = Send(request, operation);
        bool consistent = true;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var datagram = Receive(operation);
            var reader = new MessageReader(datagram);
            while (reader.Next(out var header, out var payload))
            {
                if (header.Seq != seq || header.Pid != PortId) continue; // a stale answer to an earlier request
                if ((header.Flags & Nl.NLM_F_DUMP_INTR) != 0) consistent = false;
                switch (header.Type)
                {
                    case Nl.NLMSG_DONE:
                        // The kernel may put an error code into DONE (e.g. a dump it could not finish).
                        if (payload.Length >= 4)
                        {
                            int err = -System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(payload);
                            if (err > 0) throw new NetlinkException(err, operation, ExtAckOfDone(header, payload));
                        }
                        return consistent;
                    case Nl.NLMSG_ERROR:
                        var (errno, extAck) = ErrorDecoder.Decode(header, payload);
                        if (errno == 0) continue;
                        throw new NetlinkException(errno, operation, extAck);
                    case Nl.NLMSG_NOOP:
                    case Nl.NLMSG_OVERRUN:
                        continue;
                    default:
                        handler(header, payload);
                        break;
                }
            }
        }
    }

    /// <summary>Sends a request with NLM_F_ACK and waits for the kernel's answer.</summary>
    /// <exception cref="NetlinkException">the kernel refused it; the message carries its extended ack.</exception>
    public void Execute(MessageBuilder request, string operation)
    {
        uint seq = Send(request, operation);
        while (true)
        {
            var datagram = Receive(operation);
            var reader = new MessageReader(datagram);
            while (reader.Next(out var header, out var payload))
            {
                if (header.Seq != seq || header.Pid != PortId) continue;
                if (header.Type != Nl.NLMSG_ERROR) continue;
                var (errno, extAck) = ErrorDecoder.Decode(header, payload);
                if (errno != 0) throw new NetlinkException(errno, operation, extAck);
                return;
            }
        }
    }

    /// <summary>
    /// Sends a get request (no NLM_F_ACK, as iproute2's rtnl_talk with an answer) and decodes the
    /// kernel's one answer of <paramref name="answerType"/>.
    /// </summary>
    /// <exception cref="NetlinkException">the kernel refused (NLMSG_ERROR), e.g. ENETUNREACH for a lookup.</exception>
    public T Get<T>(MessageBuilder request, ushort answerType, string operation, AnswerDecoder<T> decode)
    {
        uint seq = Send(request, operation);
        while (true)
        {
            var datagram = Receive(operation);
            var reader = new MessageReader(datagram);
            while (reader.Next(out var header, out var payload))
            {
                if (header.Seq != seq || header.Pid != PortId) continue;
                if (header.Type == Nl.NLMSG_ERROR)
                {
                    var (errno, extAck) = ErrorDecoder.Decode(header, payload);
                    if (errno != 0) throw new NetlinkException(errno, operation, extAck);
                    continue;
                }
                if (header.Type == answerType) return decode(payload);
            }
        }
    }

    /// <summary>
    /// Datagrams dropped because another process sent them (its port is not 0): a process with
    /// CAP_NET_ADMIN in the namespace can unicast to our port, and its forged answers or notices must
    /// never be taken for the kernel's.
    /// </summary>
    public long ForeignDatagrams { get; private set; }

    /// <summary>Receives one datagram from the kernel, sized first with MSG_PEEK|MSG_TRUNC so nothing is cut.</summary>
    public ReadOnlySpan<byte> Receive(string operation)
    {
        while (true)
        {
            long size = (long)recv(_fd, null, 0, MSG_PEEK | MSG_TRUNC);
            if (size < 0)
            {
                int err = errno;
                if (err == EINTR) continue;
                throw Errno($"{operation}: recv", err);
            }
            if (size > _buffer.Length) _buffer = new byte[Math.Max(size, _buffer.Length * 2)];
            var n = ReceiveFrom(0, out uint sender);
            if (n < 0)
            {
                int err = errno;
                if (err == EINTR) continue;
                throw Errno($"{operation}: recv", err);
            }
            if (sender != 0) { ForeignDatagrams++; continue; }
            return _buffer.AsSpan(0, (int)n);
        }
    }

    /// <summary>
    /// Receives one queued datagram from the kernel without blocking, for a socket watched by epoll;
    /// empty when nothing is queued. ENOBUFS surfaces as <see cref="NetlinkOverrunException"/>.
    /// One syscall per notice, not a sizing peek and a read (as <see cref="Receive"/> does for dumps):
    /// half the syscalls of the busiest loop of the node. The 64 KiB buffer holds any notice the kernel multicasts
    /// (they are built to fit a page); a bigger one is still reported by MSG_TRUNC, is lost, and
    /// surfaces as <see cref="NetlinkTruncatedException"/> so that the caller re-reads. The buffer
    /// grows to that size for the next one.
    /// </summary>
    public ReadOnlySpan<byte> ReceiveNow(string operation)
    {
        while (true)
        {
            long n = ReceiveFrom(MSG_DONTWAIT | MSG_TRUNC, out uint sender);
            if (n < 0)
            {
                int err = errno;
                if (err == EINTR) continue;
                if (err == EAGAIN) return default;
                throw Errno($"{operation}: recv", err);
            }
            if (sender != 0)
            {
                ForeignDatagrams++;
                continue;
            }
            if (n > _buffer.Length)
            {
                int had = _buffer.Length;
                _buffer = new byte[n];
                throw new NetlinkTruncatedException($"{operation}: a {n}-byte datagram did not fit the {had}-byte buffer and was lost; the buffer now takes {n} bytes");
            }
            return _buffer.AsSpan(0, (int)n);
        }
    }

    /// <summary>recvfrom into the buffer; <paramref name="sender"/> is the sending socket's port (0: the kernel).</summary>
    private long ReceiveFrom(int flags, out uint sender)
    {
        var from = default(SockaddrNl);
        socklen_t len = (uint)sizeof(SockaddrNl);
        long n;
        fixed (byte* p = _buffer) n = (long)recvfrom(_fd, p, _buffer.Length, flags, (sockaddr*)&from, &len);
        // The header's nlmsg_pid is not the sender (notices carry the port of whoever made the change):
        // the address recvfrom reports is.
        sender = from.Pid;
        return n;
    }

    /// <summary>Sends a request and returns its sequence number (the answer is read by Dump, Execute or ReceiveNow).</summary>
    internal uint Send(MessageBuilder request, string operation)
    {
        uint seq = ++_seq;
        var bytes = request.Build(seq);
        var kernel = new SockaddrNl { Family = (ushort)AF_NETLINK };
        while (true)
        {
            long n;
            fixed (byte* p = bytes) n = (long)sendto(_fd, p, bytes.Length, 0, (sockaddr*)&kernel, (uint)sizeof(SockaddrNl));
            if (n >= 0) return seq;
            int err = errno;
            if (err != EINTR) throw Errno($"{operation}: send", err);
        }
    }

    private static string? ExtAckOfDone(in NlMsgHdr header, ReadOnlySpan<byte> payload)
    {
        if ((header.Flags & Nl.NLM_F_ACK_TLVS) == 0 || payload.Length <= 4) return null;
        var reader = new AttributeReader(payload[4..], "NLMSG_DONE extended ack");
        while (reader.Next(out var type, out var p))
            if (type == Nl.NLMSGERR_ATTR_MSG) return AttributeReader.String(p);
        return null;
    }

    private static bool SetInt(int fd, int level, int name, int value) =>
        setsockopt(fd, level, name, &value, sizeof(int)) == 0;

    public static Exception Errno(string what, int? err = null)
    {
        int e = err ?? errno;
        return e == ENOBUFS
            ? new NetlinkOverrunException($"{what}: the kernel dropped messages (ENOBUFS)")
            : new IOException($"{what}: {Marshal.GetPInvokeErrorMessage(e)}", e);
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) close(fd);
    }
}

/// <summary>The socket's receive queue overflowed (ENOBUFS): events were lost, a resync is needed.</summary>
public sealed class NetlinkOverrunException(string message) : IOException(message);

/// <summary>A datagram was bigger than the receive buffer and was cut: a notice was lost, a resync is needed.</summary>
public sealed class NetlinkTruncatedException(string message) : IOException(message);
