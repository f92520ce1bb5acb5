namespace Dashboard.Server.Netlink.Interop;

// Constants from <linux/netlink.h>, <linux/rtnetlink.h>, <linux/if_link.h>, <linux/if_addr.h>,
// <linux/nexthop.h>. Tmds.LibC has none of them.

internal static class Nl
{
    public const int NETLINK_ROUTE = 0;
    public const int SOL_NETLINK = 270;
    public const int NETLINK_ADD_MEMBERSHIP = 1;
    public const int NETLINK_EXT_ACK = 11;
    public const int NETLINK_GET_STRICT_CHK = 12;

    // nlmsg_type control messages
    public const ushort NLMSG_NOOP = 1, NLMSG_ERROR = 2, NLMSG_DONE = 3, NLMSG_OVERRUN = 4;

    // nlmsg_flags
    public const ushort NLM_F_REQUEST = 0x1, NLM_F_MULTI = 0x2, NLM_F_ACK = 0x4, NLM_F_ECHO = 0x8,
        NLM_F_DUMP_INTR = 0x10, NLM_F_DUMP_FILTERED = 0x20;
    public const ushort NLM_F_ROOT = 0x100, NLM_F_MATCH = 0x200, NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    public const ushort NLM_F_REPLACE = 0x100, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400, NLM_F_APPEND = 0x800;
    // flags on NLMSG_ERROR acks
    public const ushort NLM_F_CAPPED = 0x100, NLM_F_ACK_TLVS = 0x200;

    // extended ack attributes (enum nlmsgerr_attrs)
    public const ushort NLMSGERR_ATTR_MSG = 1, NLMSGERR_ATTR_OFFS = 2;

    public const int HeaderSize = 16;
    public static int Align(int len) => (len + 3) & ~3;
}

internal static class Rtm
{
    public const ushort NEWLINK = 16, DELLINK = 17, GETLINK = 18;
    public const ushort NEWADDR = 20, DELADDR = 21, GETADDR = 22;
    public const ushort NEWROUTE = 24, DELROUTE = 25, GETROUTE = 26;
    public const ushort NEWRULE = 32, DELRULE = 33, GETRULE = 34;
    public const ushort NEWNEXTHOP = 104, DELNEXTHOP = 105, GETNEXTHOP = 106;
}

/// <summary>rtattr types of struct rtmsg (enum rtattr_type_t).</summary>
internal static class Rta
{
    public const ushort DST = 1, SRC = 2, IIF = 3, OIF = 4, GATEWAY = 5, PRIORITY = 6, PREFSRC = 7,
        METRICS = 8, MULTIPATH = 9, FLOW = 11, CACHEINFO = 12, TABLE = 15, MARK = 16, MFC_STATS = 17,
        VIA = 18, NEWDST = 19, PREF = 20, ENCAP_TYPE = 21, ENCAP = 22, EXPIRES = 23, UID = 25,
        TTL_PROPAGATE = 26, IP_PROTO = 27, SPORT = 28, DPORT = 29, NH_ID = 30;
}

internal static class Rtn
{
    public const byte UNSPEC = 0, UNICAST = 1, LOCAL = 2, BROADCAST = 3, ANYCAST = 4, MULTICAST = 5,
        BLACKHOLE = 6, UNREACHABLE = 7, PROHIBIT = 8, THROW = 9, NAT = 10, XRESOLVE = 11;
}

internal static class RtScope
{
    public const byte UNIVERSE = 0, SITE = 200, LINK = 253, HOST = 254, NOWHERE = 255;
}

/// <summary>rtm_flags bits (RTM_F_*) and the route-level copies of RTNH_F_*.</summary>
internal static class RtmFlags
{
    public const uint NOTIFY = 0x100, CLONED = 0x200, EQUALIZE = 0x400, PREFIX = 0x800,
        LOOKUP_TABLE = 0x1000, FIB_MATCH = 0x2000, OFFLOAD = 0x4000, TRAP = 0x8000;
}

internal static class Ifla
{
    public const ushort ADDRESS = 1, BROADCAST = 2, IFNAME = 3, MTU = 4, LINK = 5, MASTER = 10,
        OPERSTATE = 16, LINKINFO = 18, GROUP = 27, NET_NS_FD = 28, LINK_NETNSID = 37;
    // IFLA_LINKINFO nested
    public const ushort INFO_KIND = 1, INFO_DATA = 2, INFO_SLAVE_KIND = 4;
    // IFLA_INFO_DATA of a vrf
    public const ushort VRF_TABLE = 1;
    public const uint IFF_UP = 0x1;
}

internal static class Ifa
{
    public const ushort ADDRESS = 1, LOCAL = 2, LABEL = 3, BROADCAST = 4, ANYCAST = 5, CACHEINFO = 6,
        MULTICAST = 7, FLAGS = 8;
}

internal static class Nha
{
    public const ushort ID = 1, GROUP = 2, GROUP_TYPE = 3, BLACKHOLE = 4, OIF = 5, GATEWAY = 6,
        ENCAP_TYPE = 7, ENCAP = 8, GROUPS = 9, MASTER = 10, FDB = 11;
}

/// <summary>fib rule attributes (enum FRA_*).</summary>
internal static class Fra
{
    public const ushort DST = 1, SRC = 2, IIFNAME = 3, GOTO = 4, PRIORITY = 6, FWMARK = 10, FLOW = 11, TUN_ID = 12,
        SUPPRESS_IFGROUP = 13, SUPPRESS_PREFIXLEN = 14, TABLE = 15, FWMASK = 16, OIFNAME = 17, L3MDEV = 19,
        UID_RANGE = 20, PROTOCOL = 21, IP_PROTO = 22, SPORT_RANGE = 23, DPORT_RANGE = 24;
}

/// <summary>rtnetlink multicast groups (RTNLGRP_*), for event subscriptions.</summary>
internal static class RtnlGroup
{
    public const int LINK = 1, IPV4_IFADDR = 5, IPV4_ROUTE = 7, IPV4_RULE = 8, IPV6_IFADDR = 9,
        IPV6_ROUTE = 11, IPV6_RULE = 19, NEXTHOP = 32;
}
