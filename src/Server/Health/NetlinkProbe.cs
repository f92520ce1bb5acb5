using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Dashboard.Server.Health;

/// <summary>
/// Asks the kernel, over a fresh NETLINK_ROUTE socket in the calling thread's network namespace, for
/// the loopback link (index 1 exists in every namespace) and checks that a link message comes back.
/// Cheaper than a dump and still the whole round trip the dashboard depends on: socket, send, receive.
/// </summary>
public static class NetlinkProbe
{
    private const int NetlinkRoute = 0;
    private const ushort RtmNewLink = 16, RtmGetLink = 18, NlmsgError = 2;
    private const ushort NlmFRequest = 1;
    private const int HeaderLength = 16, IfInfoLength = 16;

    /// <summary>Null when the kernel answered with the loopback link; otherwise what went wrong.</summary>
    public static unsafe string? Ping(TimeSpan timeout)
    {
        int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NetlinkRoute);
        if (fd < 0) return $"socket(AF_NETLINK, NETLINK_ROUTE): {Marshal.GetPInvokeErrorMessage(errno)}";
        try
        {
            var tv = new TimeVal { Seconds = (long)timeout.TotalSeconds, Microseconds = timeout.Milliseconds * 1000L };
            if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, (socklen_t)sizeof(TimeVal)) != 0)
                return $"setsockopt(SO_RCVTIMEO): {Marshal.GetPInvokeErrorMessage(errno)}";

            const uint sequence = 1;
            Span<byte> request = stackalloc byte[HeaderLength + IfInfoLength];
            request.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(request, (uint)request.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(request[4..], RtmGetLink);
            BinaryPrimitives.WriteUInt16LittleEndian(request[6..], NlmFRequest);
            BinaryPrimitives.WriteUInt32LittleEndian(request[8..], sequence);
            BinaryPrimitives.WriteInt32LittleEndian(request[(HeaderLength + 4)..], 1); // ifi_index = lo

            var kernel = new SockAddrNl { Family = (ushort)AF_NETLINK };
            fixed (byte* p = request)
            {
                if ((long)sendto(fd, p, (size_t)request.Length, 0, (sockaddr*)&kernel, (socklen_t)sizeof(SockAddrNl)) < 0)
                    return $"sendto(netlink): {Marshal.GetPInvokeErrorMessage(errno)}";
            }

            var reply = new byte[16 * 1024];
            long n;
            fixed (byte* p = reply) n = (long)recv(fd, p, (size_t)reply.Length, 0);
            if (n < 0)
            {
                int err = errno;
                return err == EAGAIN || err == EWOULDBLOCK
                    ? $"no netlink answer within {timeout.TotalSeconds:0.#} s"
                    : $"recv(netlink): {Marshal.GetPInvokeErrorMessage(err)}";
            }
            if (n < HeaderLength) return $"netlink answer too short ({n} bytes)";
            ushort type = BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(4));
            if (type == RtmNewLink) return null;
            if (type == NlmsgError && n >= HeaderLength + 4)
            {
                int error = -BinaryPrimitives.ReadInt32LittleEndian(reply.AsSpan(HeaderLength));
                return $"netlink RTM_GETLINK: {Marshal.GetPInvokeErrorMessage(error)}";
            }
            return $"unexpected netlink message type {type}";
        }
        finally { close(fd); }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SockAddrNl
    {
        public ushort Family;
        public ushort Pad;
        public uint Pid;
        public uint Groups;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }
}
