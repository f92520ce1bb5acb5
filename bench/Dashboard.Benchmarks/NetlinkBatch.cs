using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Netlink.Transport;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Dashboard.Benchmarks;

/// <summary>Many route requests in one sendmsg, then their acks read in bulk: the fastest generator netlink allows.</summary>
internal static unsafe class NetlinkBatch
{
    public static void SendRaw(this NetlinkSocket socket, byte[] messages)
    {
        var kernel = new SockaddrNl { Family = (ushort)AF_NETLINK };
        fixed (byte* p = messages)
        {
            long n = (long)sendto(socket.FileDescriptor, p, messages.Length, 0, (sockaddr*)&kernel, (uint)sizeof(SockaddrNl));
            if (n < 0) throw NetlinkSocket.Errno("send route batch");
        }
    }

    /// <summary>Reads acks until <paramref name="count"/> arrived; a refused request (EEXIST, ESRCH) fails the run.</summary>
    public static void DrainAcks(this NetlinkSocket socket, int count)
    {
        int seen = 0;
        while (seen < count)
        {
            var reader = new MessageReader(socket.Receive("route batch acks"));
            while (reader.Next(out var header, out var payload))
            {
                if (header.Type != Nl.NLMSG_ERROR) continue;
                seen++;
                var (errno, extAck) = ErrorDecoder.Decode(header, payload);
                if (errno != 0) throw new Dashboard.Server.Netlink.NetlinkException(errno, "route batch", extAck);
            }
        }
    }
}
