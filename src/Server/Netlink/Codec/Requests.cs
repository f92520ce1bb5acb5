using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>The dump requests the reader sends, one per object kind.</summary>
internal static class Requests
{
    public static MessageBuilder DumpLinks() =>
        new MessageBuilder(Rtm.GETLINK, Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP).Header(new IfInfoMsg());

    public static MessageBuilder DumpAddresses() =>
        new MessageBuilder(Rtm.GETADDR, Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP).Header(new IfAddrMsg());

    public static MessageBuilder DumpRoutes(IpFamily family) =>
        new MessageBuilder(Rtm.GETROUTE, Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP).Header(new RtMsg { Family = (byte)family });

    public static MessageBuilder DumpRules(IpFamily family) =>
        new MessageBuilder(Rtm.GETRULE, Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP).Header(new FibRuleHdr { Family = (byte)family });

    public static MessageBuilder DumpNexthops() =>
        new MessageBuilder(Rtm.GETNEXTHOP, Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP).Header(new NhMsg());
}
