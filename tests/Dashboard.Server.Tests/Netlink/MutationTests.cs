using System.Buffers.Binary;
using System.Diagnostics;
using Dashboard.Server.Netlink;
using static Dashboard.Server.Tests.Netlink.FamilyHeaders;

namespace Dashboard.Server.Tests.Netlink;

/// <summary>
/// Property: whatever the bytes, decoding ends in a result or a NetlinkParseException — never another
/// exception, never a hang. Valid messages are mutated the way broken or hostile input looks.
/// </summary>
public class MutationTests
{
    private const int Mutations = 20_000;
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(1);

    private static byte[][] Corpus()
    {
        var mp4 = new Bytes()
            .Raw(Rtnexthop(2, attrs: new Bytes().AttrIp(K.RTA_GATEWAY, "192.168.1.1")).ToArray())
            .Raw(Rtnexthop(3, hops: 2, flags: K.RTNH_F_ONLINK, attrs: new Bytes().Attr(K.RTA_VIA, Via(K.AF_INET6, "fe80::1"))).ToArray());
        var mp6 = new Bytes()
            .Raw(Rtnexthop(2, attrs: new Bytes().AttrIp(K.RTA_GATEWAY, "fe80::1")).ToArray())
            .Raw(Rtnexthop(3, hops: 4, attrs: new Bytes().AttrIp(K.RTA_GATEWAY, "2001:db8:1::1")).ToArray());
        byte[] Route(Bytes rtmsg, Bytes attrs) => Bytes.Message(K.RTM_NEWROUTE, K.NLM_F_MULTI, rtmsg.Raw(attrs.ToArray()).ToArray());

        var single = Route(Rtmsg(K.AF_INET, dstLen: 16), new Bytes().AttrU32(K.RTA_TABLE, 254).AttrIp(K.RTA_DST, "10.1.0.0")
            .AttrU32(K.RTA_PRIORITY, 100).AttrIp(K.RTA_PREFSRC, "10.1.0.1").AttrIp(K.RTA_GATEWAY, "10.0.0.1").AttrU32(K.RTA_OIF, 2));
        var multi4 = Route(Rtmsg(K.AF_INET, dstLen: 24, table: 252), new Bytes().AttrU32(K.RTA_TABLE, 1001).AttrIp(K.RTA_DST, "10.2.0.0")
            .Attr(K.RTA_MULTIPATH, mp4));
        var multi6 = Route(Rtmsg(K.AF_INET6), new Bytes().AttrU32(K.RTA_TABLE, 254).AttrU32(K.RTA_PRIORITY, 1024)
            .AttrU8(K.RTA_PREF, 0).Attr(K.RTA_MULTIPATH, mp6));
        var nhid = Route(Rtmsg(K.AF_INET6, dstLen: 64), new Bytes().AttrIp(K.RTA_DST, "2001:db8::").AttrU32(K.RTA_NH_ID, 9)
            .Attr(K.RTA_SRC, Bytes.Ip("2001:db8:2::")));
        var link = Bytes.Message(K.RTM_NEWLINK, K.NLM_F_MULTI, Ifinfomsg(10).AttrString(K.IFLA_IFNAME, "vrf1001")
            .AttrU32(K.IFLA_MASTER, 0).AttrU8(K.IFLA_OPERSTATE, 6).Attr(K.IFLA_ADDRESS, new byte[6])
            .Attr(K.IFLA_LINKINFO, new Bytes().AttrString(K.IFLA_INFO_KIND, "vrf")
                .Attr(K.IFLA_INFO_DATA, new Bytes().AttrU32(K.IFLA_VRF_TABLE, 1001))).ToArray());
        var addr = Bytes.Message(K.RTM_NEWADDR, K.NLM_F_MULTI, Ifaddrmsg(K.AF_INET6, 64, 3).AttrIp(K.IFA_ADDRESS, "2001:db8::1")
            .AttrIp(K.IFA_LOCAL, "2001:db8::1").AttrString(K.IFA_LABEL, "net1").AttrU32(K.IFA_FLAGS, 0x80).ToArray());
        var group = Bytes.Message(K.RTM_NEWNEXTHOP, K.NLM_F_MULTI, Nhmsg(0).AttrU32(K.NHA_ID, 100)
            .Attr(K.NHA_GROUP, NexthopGrp(7, 1).Raw(NexthopGrp(8, 300).ToArray())).ToArray());
        var nh = Bytes.Message(K.RTM_NEWNEXTHOP, K.NLM_F_MULTI, Nhmsg(K.AF_INET).AttrU32(K.NHA_ID, 7)
            .AttrIp(K.NHA_GATEWAY, "10.0.0.1").AttrU32(K.NHA_OIF, 2).ToArray());
        var request = Bytes.Message(K.RTM_NEWROUTE, K.NLM_F_REQUEST | K.NLM_F_ACK, Rtmsg(K.AF_INET).AttrU32(K.RTA_OIF, 2).ToArray());
        var errUncapped = Bytes.Message(K.NLMSG_ERROR, K.NLM_F_ACK_TLVS, new Bytes().I32(-22).Raw(request)
            .AttrString(K.NLMSGERR_ATTR_MSG, "Invalid argument here").AttrU32(K.NLMSGERR_ATTR_OFFS, 20).ToArray());
        var errCapped = Bytes.Message(K.NLMSG_ERROR, K.NLM_F_ACK_TLVS | K.NLM_F_CAPPED, new Bytes().I32(-19).Raw(request.AsSpan(0, 16))
            .AttrString(K.NLMSGERR_ATTR_MSG, "no device").ToArray());
        var dump = Bytes.Concat(link, single, multi6, Bytes.Message(K.NLMSG_DONE, K.NLM_F_MULTI, new byte[4]));
        return [single, multi4, multi6, nhid, link, addr, group, nh, errUncapped, errCapped, dump];
    }

    private static byte[] Mutate(byte[] valid, Random rng)
    {
        var b = (byte[])valid.Clone();
        int kind = rng.Next(5);
        switch (kind)
        {
            case 0: // truncation
                b = b[..rng.Next(b.Length)];
                break;
            case 1: // a random bit anywhere
                b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8));
                break;
            case 2: // a bit of a 16-bit field at a 4-byte boundary: where rtattr and rtnexthop lengths sit
                {
                    int at = rng.Next(b.Length / 4) * 4;
                    BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at)) ^ (1 << rng.Next(16))));
                    break;
                }
            case 3: // a bit of a 32-bit field at a 4-byte boundary: nlmsg_len, echoed lengths, u32 payloads
                {
                    int at = rng.Next(b.Length / 4) * 4;
                    BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at)) ^ (1u << rng.Next(32)));
                    break;
                }
            default: // a random small length at a 4-byte boundary
                {
                    int at = rng.Next(b.Length / 4) * 4;
                    BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), (ushort)rng.Next(0, 64));
                    break;
                }
        }
        // Half the time, make nlmsg_len agree with the buffer so the damage reaches the family decoders.
        if (b.Length >= 16 && rng.Next(2) == 0)
            BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)b.Length);
        return b;
    }

    [Fact]
    public async Task Mutated_messages_end_in_a_parse_error_or_a_result_never_anything_else()
    {
        var corpus = Corpus();
        foreach (var valid in corpus) Decode.All(valid); // the seeds themselves are valid

        int parsed = 0, rejected = 0;
        var failures = new List<string>();
        var slowest = TimeSpan.Zero;
        var run = Task.Factory.StartNew(() =>
        {
            var rng = new Random(20240611);
            var clock = new Stopwatch();
            for (int i = 0; i < Mutations; i++)
            {
                var input = Mutate(corpus[rng.Next(corpus.Length)], rng);
                clock.Restart();
                try
                {
                    Decode.All(input);
                    parsed++;
                }
                catch (NetlinkParseException)
                {
                    rejected++;
                }
                catch (Exception e)
                {
                    if (failures.Count < 10) failures.Add($"#{i} {e.GetType().Name}: {e.Message} in {Convert.ToHexString(input)}");
                    else failures.Add("");
                }
                if (clock.Elapsed > slowest) slowest = clock.Elapsed;
            }
        }, TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        // A decoder that loops forever never finishes: bound the whole run as well as each input.
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken));
        Assert.True(finished == run, "decoding did not finish within 2 minutes: a malformed input hangs");
        await run;

        Assert.True(failures.Count == 0, $"{failures.Count} inputs threw something else:\n{string.Join('\n', failures.Where(f => f != ""))}");
        Assert.True(slowest < PerInput, $"slowest input took {slowest.TotalMilliseconds} ms");
        Assert.Equal(Mutations, parsed + rejected);
        // Both outcomes must occur, or the mutations are not reaching the decoders.
        Assert.InRange(rejected, Mutations / 10, Mutations);
        Assert.InRange(parsed, Mutations / 20, Mutations);
    }
}
