using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Netlink.Transport;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Dashboard.Server.Tests.Netlink;

/// <summary>
/// The subscription read takes one syscall; a datagram bigger than its buffer must still be noticed.
/// A second netlink socket sends the datagrams straight to the first one's port (root only: unicast
/// between user sockets needs CAP_NET_ADMIN).
/// </summary>
public sealed unsafe class ReceiveNowTests
{
    [Fact]
    public void A_datagram_bigger_than_the_buffer_is_reported_lost_and_the_next_one_fits()
    {
        Assert.SkipWhen(geteuid() != 0, "sending to another netlink socket's port needs root");
        using var receiver = NetlinkSocket.Open();

        SendTo(receiver.PortId, 100_000);
        var lost = Assert.Throws<NetlinkTruncatedException>(() => { receiver.ReceiveNow("subscription"); });
        Assert.Equal("subscription: a 100000-byte datagram did not fit the 65536-byte buffer and was lost; the buffer now takes 100000 bytes", lost.Message);

        SendTo(receiver.PortId, 100_000);
        SendTo(receiver.PortId, 20);
        Assert.Equal(100_000, receiver.ReceiveNow("subscription").Length);
        var small = receiver.ReceiveNow("subscription");
        Assert.Equal(20, small.Length);
        Assert.Equal(19, small[19]);
        Assert.True(receiver.ReceiveNow("subscription").IsEmpty); // nothing queued: no wait, no error
    }

    private static void SendTo(uint portId, int length)
    {
        int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, Nl.NETLINK_ROUTE);
        Assert.True(fd >= 0, $"socket: errno {errno}");
        try
        {
            int sndbuf = 1 << 20;
            setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof(int));
            var data = new byte[length];
            for (int i = 0; i < length; i++) data[i] = (byte)i;
            var to = new SockaddrNl { Family = (ushort)AF_NETLINK, Pid = portId };
            long n;
            fixed (byte* p = data) n = (long)sendto(fd, p, length, 0, (sockaddr*)&to, (uint)sizeof(SockaddrNl));
            Assert.True(n == length, $"sendto: {n}, errno {errno}");
        }
        finally { close(fd); }
    }
}
