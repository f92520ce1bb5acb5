namespace Dashboard.Server.Tests.Netlink;

public class ErrorDecoderTests
{
    // The request the errors below answer: an RTM_NEWROUTE of 28 bytes (header + rtmsg).
    private static readonly byte[] Request =
        Bytes.Message(K.RTM_NEWROUTE, K.NLM_F_REQUEST | K.NLM_F_ACK | K.NLM_F_CREATE, FamilyHeaders.Rtmsg(K.AF_INET6).ToArray(), seq: 9, pid: 4242);

    private static byte[] Error(int error, ushort flags, ReadOnlySpan<byte> echoed, Bytes? tlvs = null) =>
        Bytes.Message(K.NLMSG_ERROR, flags, new Bytes().I32(error).Raw(echoed).Pad().Raw(tlvs?.ToArray() ?? []).ToArray(), seq: 9, pid: 4242);

    [Fact]
    public void Plain_ack_is_errno_zero()
    {
        Assert.Equal((0, (string?)null), Decode.Error(Error(0, K.NLM_F_CAPPED, Request.AsSpan(0, 16))));
    }

    [Fact]
    public void Error_without_extended_ack_gives_positive_errno()
    {
        Assert.Equal((17, (string?)null), Decode.Error(Error(-17, 0, Request)));
    }

    [Fact]
    public void Capped_extended_ack_skips_only_the_echoed_header()
    {
        var tlvs = new Bytes().AttrString(K.NLMSGERR_ATTR_MSG, "Nexthop device is not up").AttrU32(K.NLMSGERR_ATTR_OFFS, 28);
        var (errno, msg) = Decode.Error(Error(-19, K.NLM_F_CAPPED | K.NLM_F_ACK_TLVS, Request.AsSpan(0, 16), tlvs));
        Assert.Equal(19, errno);
        Assert.Equal("Nexthop device is not up", msg);
    }

    [Fact]
    public void Uncapped_extended_ack_skips_the_whole_echoed_request()
    {
        var tlvs = new Bytes().AttrU32(K.NLMSGERR_ATTR_OFFS, 20).AttrString(K.NLMSGERR_ATTR_MSG, "Invalid prefix for given prefix length");
        var (errno, msg) = Decode.Error(Error(-22, K.NLM_F_ACK_TLVS, Request, tlvs));
        Assert.Equal(22, errno);
        Assert.Equal("Invalid prefix for given prefix length", msg);
    }

    [Fact]
    public void Uncapped_extended_ack_after_an_unaligned_request()
    {
        // A 30-byte request: the TLVs start at the next 4-byte boundary after the echo.
        var odd = new Bytes().U32(30).U16(K.RTM_NEWROUTE).U16(K.NLM_F_REQUEST).U32(9).U32(4242)
            .Raw(FamilyHeaders.Rtmsg(K.AF_INET).ToArray()).U8(1).U8(2).ToArray();
        var (errno, msg) = Decode.Error(Error(-1, K.NLM_F_ACK_TLVS, odd, new Bytes().AttrString(K.NLMSGERR_ATTR_MSG, "x")));
        Assert.Equal((1, "x"), (errno, msg));
    }

    [Fact]
    public void Extended_ack_without_a_message_attribute()
    {
        var tlvs = new Bytes().AttrU32(K.NLMSGERR_ATTR_OFFS, 20);
        Assert.Equal((22, (string?)null), Decode.Error(Error(-22, K.NLM_F_CAPPED | K.NLM_F_ACK_TLVS, Request.AsSpan(0, 16), tlvs)));
    }
}
