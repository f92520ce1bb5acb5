namespace Dashboard.Server.Tests.Netlink;

/// <summary>
/// Kernel uapi numbers the tests need, copied from the headers themselves (not from the codec's
/// Interop classes) so a wrong constant there shows up as a failing test.
/// </summary>
internal static class K
{
    public const byte AF_INET = 2, AF_INET6 = 10;

    // <linux/netlink.h>
    public const ushort NLMSG_ERROR = 2, NLMSG_DONE = 3;
    public const ushort NLM_F_REQUEST = 0x1, NLM_F_MULTI = 0x2, NLM_F_ACK = 0x4;
    public const ushort NLM_F_REPLACE = 0x100, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400, NLM_F_APPEND = 0x800;
    public const ushort NLM_F_CAPPED = 0x100, NLM_F_ACK_TLVS = 0x200;
    public const ushort NLMSGERR_ATTR_MSG = 1, NLMSGERR_ATTR_OFFS = 2;
    public const ushort NLA_F_NESTED = 0x8000;

    // <linux/rtnetlink.h>
    public const ushort RTM_NEWLINK = 16, RTM_NEWADDR = 20, RTM_NEWROUTE = 24, RTM_DELROUTE = 25, RTM_NEWNEXTHOP = 104;
    public const ushort RTA_DST = 1, RTA_SRC = 2, RTA_OIF = 4, RTA_GATEWAY = 5, RTA_PRIORITY = 6, RTA_PREFSRC = 7,
        RTA_METRICS = 8, RTA_MULTIPATH = 9, RTA_CACHEINFO = 12, RTA_TABLE = 15, RTA_VIA = 18, RTA_PREF = 20,
        RTA_NH_ID = 30;
    public const byte RTN_UNICAST = 1, RTN_LOCAL = 2, RTN_BLACKHOLE = 6, RTN_UNREACHABLE = 7;
    public const byte RTPROT_KERNEL = 2, RTPROT_BOOT = 3, RTPROT_STATIC = 4, RTPROT_RA = 9;
    public const byte RT_SCOPE_UNIVERSE = 0, RT_SCOPE_LINK = 253, RT_SCOPE_HOST = 254, RT_SCOPE_NOWHERE = 255;
    public const byte RT_TABLE_MAIN = 254, RT_TABLE_LOCAL = 255;
    public const byte RTNH_F_DEAD = 1, RTNH_F_ONLINK = 4, RTNH_F_LINKDOWN = 16;
    public const byte ICMPV6_ROUTER_PREF_MEDIUM = 0, ICMPV6_ROUTER_PREF_HIGH = 1, ICMPV6_ROUTER_PREF_LOW = 3;

    // <linux/if_link.h>
    public const ushort IFLA_ADDRESS = 1, IFLA_IFNAME = 3, IFLA_MTU = 4, IFLA_MASTER = 10, IFLA_OPERSTATE = 16,
        IFLA_LINKINFO = 18, IFLA_INFO_KIND = 1, IFLA_INFO_DATA = 2, IFLA_VRF_TABLE = 1;
    public const uint IFF_UP = 0x1;

    // <linux/if_addr.h>
    public const ushort IFA_ADDRESS = 1, IFA_LOCAL = 2, IFA_LABEL = 3, IFA_FLAGS = 8;
    public const byte IFA_F_NODAD = 0x02, IFA_F_PERMANENT = 0x80;

    // <linux/nexthop.h>
    public const ushort NHA_ID = 1, NHA_GROUP = 2, NHA_BLACKHOLE = 4, NHA_OIF = 5, NHA_GATEWAY = 6;
}
