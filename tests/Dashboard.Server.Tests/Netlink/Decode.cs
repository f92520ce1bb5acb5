using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Netlink;

/// <summary>Runs a hand-built buffer through MessageReader and the decoder for its one message.</summary>
internal static class Decode
{
    /// <summary>
    /// The devices the hand-built messages refer to by index. Decoding needs none of them (routes
    /// carry indexes); they name devices when a test checks the printed form.
    /// </summary>
    public static readonly Link[] Links =
    [
        new(1, "lo", null, OperState.Unknown, K.IFF_UP, null, null, null, 65536),
        new(2, "eth0", "veth", OperState.Up, K.IFF_UP, null, null, "02:00:00:00:00:02", 1500),
        new(3, "net1", "macvlan", OperState.Up, K.IFF_UP, 10, null, "02:00:00:00:00:03", 1500),
        new(10, "vrf1001", "vrf", OperState.Up, K.IFF_UP, null, 1001, null, 65575),
    ];

    public static readonly VrfTopology Names = new(Links);

    public static Route Route(byte[] buffer) => One(buffer, K.RTM_NEWROUTE, p => RouteDecoder.Decode(p));
    public static Link Link(byte[] buffer) => One(buffer, K.RTM_NEWLINK, p => LinkDecoder.Decode(p));
    public static Address Address(byte[] buffer) => One(buffer, K.RTM_NEWADDR, p => AddressDecoder.Decode(p));
    public static NexthopObject Nexthop(byte[] buffer) => One(buffer, K.RTM_NEWNEXTHOP, p => NexthopDecoder.Decode(p));
    public static Rule Rule(byte[] buffer) => One(buffer, K.RTM_NEWRULE, p => RuleDecoder.Decode(p));

    public static (int Errno, string? ExtAck) Error(byte[] buffer)
    {
        var reader = new MessageReader(buffer);
        Assert.True(reader.Next(out var header, out var payload));
        Assert.Equal(K.NLMSG_ERROR, header.Type);
        var result = ErrorDecoder.Decode(header, payload);
        Assert.False(reader.Next(out _, out _));
        return result;
    }

    /// <summary>Route decode of an encoder's request: the same payload the kernel would read.</summary>
    public static (NlMsgHdr Header, Route Route) Request(byte[] request)
    {
        var reader = new MessageReader(request);
        Assert.True(reader.Next(out var header, out var payload));
        var route = RouteDecoder.Decode(payload);
        Assert.False(reader.Next(out _, out _));
        return (header, route);
    }

    /// <summary>Decodes every message of a datagram as the transport would dispatch it; returns how many.</summary>
    public static int All(ReadOnlySpan<byte> buffer)
    {
        var reader = new MessageReader(buffer);
        int n = 0;
        while (reader.Next(out var header, out var payload))
        {
            n++;
            switch (header.Type)
            {
                case K.RTM_NEWROUTE or K.RTM_DELROUTE: RouteDecoder.Decode(payload); break;
                case K.RTM_NEWLINK: LinkDecoder.Decode(payload); break;
                case K.RTM_NEWADDR: AddressDecoder.Decode(payload); break;
                case K.RTM_NEWNEXTHOP: NexthopDecoder.Decode(payload); break;
                case K.NLMSG_ERROR: ErrorDecoder.Decode(header, payload); break;
            }
        }
        return n;
    }

    private delegate T Decoder<T>(ReadOnlySpan<byte> payload);

    private static T One<T>(byte[] buffer, ushort type, Decoder<T> decode)
    {
        var reader = new MessageReader(buffer);
        Assert.True(reader.Next(out var header, out var payload));
        Assert.Equal(type, header.Type);
        var result = decode(payload);
        Assert.False(reader.Next(out _, out _));
        return result;
    }
}
