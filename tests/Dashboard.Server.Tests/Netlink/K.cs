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

    // <linux/rtnetlink.h>, rules and lookups
    public const ushort RTM_NEWRULE = 32, RTM_DELRULE = 33, RTM_GETROUTE = 26;
    public const ushort RTA_IIF = 3, RTA_MARK = 16, RTA_UID = 25, RTA_IP_PROTO = 27, RTA_SPORT = 28, RTA_DPORT = 29;
    public const uint RTM_F_CLONED = 0x200, RTM_F_LOOKUP_TABLE = 0x1000, RTM_F_FIB_MATCH = 0x2000;
    // <linux/in_route.h>
    public const uint RTCF_LOCAL = 0x80000000;

    // <linux/fib_rules.h>
    public const ushort FRA_DST = 1, FRA_SRC = 2, FRA_IIFNAME = 3, FRA_GOTO = 4, FRA_PRIORITY = 6, FRA_FWMARK = 10, FRA_FLOW = 11,
        FRA_TUN_ID = 12, FRA_SUPPRESS_IFGROUP = 13, FRA_SUPPRESS_PREFIXLEN = 14, FRA_TABLE = 15, FRA_FWMASK = 16, FRA_OIFNAME = 17,
        FRA_L3MDEV = 19, FRA_UID_RANGE = 20, FRA_PROTOCOL = 21, FRA_IP_PROTO = 22, FRA_SPORT_RANGE = 23, FRA_DPORT_RANGE = 24;
    public const byte FR_ACT_TO_TBL = 1, FR_ACT_GOTO = 2, FR_ACT_NOP = 3, FR_ACT_BLACKHOLE = 6, FR_ACT_UNREACHABLE = 7, FR_ACT_PROHIBIT = 8;
    public const uint FIB_RULE_INVERT = 0x2, FIB_RULE_UNRESOLVED = 0x4, FIB_RULE_IIF_DETACHED = 0x8;

    // <linux/if_link.h>
    public const ushort IFLA_ADDRESS = 1, IFLA_IFNAME = 3, IFLA_MTU = 4, IFLA_MASTER = 10, IFLA_OPERSTATE = 16,
        IFLA_LINKINFO = 18, IFLA_GROUP = 27, IFLA_INFO_KIND = 1, IFLA_INFO_DATA = 2, IFLA_VRF_TABLE = 1;
    public const uint IFF_UP = 0x1;

    // <linux/if_addr.h>
    public const ushort IFA_ADDRESS = 1, IFA_LOCAL = 2, IFA_LABEL = 3, IFA_FLAGS = 8;
    public const byte IFA_F_NODAD = 0x02, IFA_F_PERMANENT = 0x80;

    // <linux/nexthop.h>
    public const ushort NHA_ID = 1, NHA_GROUP = 2, NHA_BLACKHOLE = 4, NHA_OIF = 5, NHA_GATEWAY = 6;
}
