using System.Runtime.InteropServices;

namespace Dashboard.Server.Netlink.Interop;

// The fixed headers of rtnetlink messages, laid out as in the kernel's uapi headers (host byte order).

[StructLayout(LayoutKind.Sequential)]
internal struct NlMsgHdr
{
    public uint Length;
    public ushort Type;
    public ushort Flags;
    public uint Seq;
    public uint Pid;
}

[StructLayout(LayoutKind.Sequential)]
internal struct RtAttrHdr
{
    public ushort Length;
    public ushort Type;
}

/// <summary>struct rtmsg.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RtMsg
{
    public byte Family;
    public byte DstLen;
    public byte SrcLen;
    public byte Tos;
    public byte Table;
    public byte Protocol;
    public byte Scope;
    public byte Type;
    public uint Flags;
}

/// <summary>struct rtnexthop: one entry of RTA_MULTIPATH.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RtNexthop
{
    public ushort Len;
    public byte Flags;
    public byte Hops;
    public int IfIndex;
}

/// <summary>struct ifinfomsg.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IfInfoMsg
{
    public byte Family;
    public byte Pad;
    public ushort Type;
    public int Index;
    public uint Flags;
    public uint Change;
}

/// <summary>struct ifaddrmsg.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IfAddrMsg
{
    public byte Family;
    public byte PrefixLen;
    public byte Flags;
    public byte Scope;
    public int Index;
}

/// <summary>struct nhmsg.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NhMsg
{
    public byte Family;
    public byte Scope;
    public byte Protocol;
    public byte Resvd;
    public uint Flags;
}

/// <summary>struct nexthop_grp: one member of NHA_GROUP.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NexthopGrp
{
    public uint Id;
    public byte Weight;
    public byte WeightHigh;
    public ushort Resvd2;
}

/// <summary>struct rtvia: RTA_VIA's payload header, followed by the address.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RtVia
{
    public ushort Family;
}

/// <summary>struct sockaddr_nl.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SockaddrNl
{
    public ushort Family;
    public ushort Pad;
    public uint Pid;
    public uint Groups;
}

/// <summary>struct fib_rule_hdr: the fixed header of RTM_NEWRULE.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FibRuleHdr
{
    public byte Family;
    public byte DstLen;
    public byte SrcLen;
    public byte Tos;
    public byte Table;
    public byte Res1;
    public byte Res2;
    public byte Action;
    public uint Flags;
}
