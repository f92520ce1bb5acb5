using Dashboard.Server.Netlink;
using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Netlink.Transport;
using Dashboard.Server.Routing;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Dashboard.Server.Tests.Netlink;

/// <summary>
/// Only the kernel speaks: replies and notices from another socket (its port is not 0) are dropped,
/// whatever their header claims. And the subscription read takes one syscall; a datagram bigger than
/// its buffer must still be noticed. A second netlink socket sends datagrams straight to the first
/// one's port (root only: unicast between user sockets needs CAP_NET_ADMIN).
/// </summary>
public sealed unsafe class ReceiveNowTests
{
    [Fact]
    public void A_notice_from_another_process_is_dropped_not_read()
    {
        Assert.SkipWhen(geteuid() != 0, "sending to another netlink socket's port needs root");
        using var receiver = NetlinkSocket.Open();

        SendTo(receiver.PortId, ForgedRoute(seq: 0, portId: 0));
        Assert.True(receiver.ReceiveNow("subscription").IsEmpty);
        Assert.Equal(1, receiver.ForeignDatagrams);
    }

    [Fact]
    public void A_forged_ack_does_not_pass_for_the_kernels_answer()
    {
        Assert.SkipWhen(geteuid() != 0, "sending to another netlink socket's port needs root");
        using var socket = NetlinkSocket.Open();
        // The route to delete does not exist: the kernel answers ESRCH. A forged success with the
        // request's own sequence number and port, queued first, must not be taken for that answer.
        var request = RouteEncoder.Encode(RouteChange.Delete, new Route
        {
            Family = IpFamily.Inet, Table = 4242, Dst = IpPrefix.Parse("198.51.100.0/24"), Type = RouteType.Unicast,
        });
        uint seq = socket.LastSequence + 1; // the request Execute is about to send
        SendTo(socket.PortId, ForgedAck(seq, socket.PortId));
        var refused = Assert.Throws<NetlinkException>(() => socket.Execute(request, "delete route 198.51.100.0/24 table 4242"));
        Assert.Equal(3, refused.Errno); // ESRCH, the kernel's word
        Assert.Equal(1, socket.ForeignDatagrams);
    }

    [Fact]
    public void A_datagram_bigger_than_the_buffer_is_reported_lost_and_the_next_one_fits()
    {
        // The kernel's own answer about loopback (one RTM_NEWLINK), read with a buffer far too small for it.
        using var socket = NetlinkSocket.Open(readBuffer: 128);
        var askForLoopback = () => new MessageBuilder(Rtm.GETLINK, Nl.NLM_F_REQUEST).Header(new IfInfoMsg { Index = 1 });
        socket.Send(askForLoopback(), "get lo");
        Assert.True(SpinUntilQueued(socket));
        var lost = Assert.Throws<NetlinkTruncatedException>(() => { socket.ReceiveNow("subscription"); });
        Assert.StartsWith("subscription: a ", lost.Message);
        Assert.Contains("-byte datagram did not fit the 128-byte buffer and was lost", lost.Message);

        socket.Send(askForLoopback(), "get lo again");
        Assert.True(SpinUntilQueued(socket));
        var whole = socket.ReceiveNow("subscription");
        Assert.True(whole.Length > 128, $"{whole.Length} bytes");
        Assert.True(new MessageReader(whole).Next(out var header, out _));
        Assert.Equal(Rtm.NEWLINK, header.Type);
        Assert.True(socket.ReceiveNow("subscription").IsEmpty); // nothing else queued: no wait, no error
    }

    /// <summary>The kernel answers a request synchronously; a short poll covers a slow scheduler anyway.</summary>
    private static bool SpinUntilQueued(NetlinkSocket socket)
    {
        var pfd = new pollfd { fd = socket.FileDescriptor, events = POLLIN };
        return poll(&pfd, 1, 5000) == 1;
    }

    /// <summary>An RTM_NEWROUTE notice for 203.0.113.0/24 as another process could craft it.</summary>
    private static byte[] ForgedRoute(uint seq, uint portId) =>
        RouteEncoder.Encode(RouteChange.Add, new Route { Family = IpFamily.Inet, Table = 254, Dst = IpPrefix.Parse("203.0.113.0/24") }).Build(seq);

    /// <summary>NLMSG_ERROR with error 0 (success) for <paramref name="seq"/>, addressed as the kernel would address it.</summary>
    private static byte[] ForgedAck(uint seq, uint portId)
    {
        var ack = new byte[16 + 4 + 16];
        BitConverter.TryWriteBytes(ack.AsSpan(0), ack.Length);
        BitConverter.TryWriteBytes(ack.AsSpan(4), Nl.NLMSG_ERROR);
        BitConverter.TryWriteBytes(ack.AsSpan(8), seq);
        BitConverter.TryWriteBytes(ack.AsSpan(12), portId);
        // error 0, then the header of the acknowledged request (its seq and port).
        BitConverter.TryWriteBytes(ack.AsSpan(28), seq);
        BitConverter.TryWriteBytes(ack.AsSpan(32), portId);
        return ack;
    }

    private static void SendTo(uint portId, byte[] data)
    {
        int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, Nl.NETLINK_ROUTE);
        Assert.True(fd >= 0, $"socket: errno {errno}");
        try
        {
            var to = new SockaddrNl { Family = (ushort)AF_NETLINK, Pid = portId };
            long n;
            fixed (byte* p = data) n = (long)sendto(fd, p, data.Length, 0, (sockaddr*)&to, (uint)sizeof(SockaddrNl));
            Assert.True(n == data.Length, $"sendto: {n}, errno {errno}");
        }
        finally { close(fd); }
    }
}
