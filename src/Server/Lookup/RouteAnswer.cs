using Dashboard.Server.Routing;

namespace Dashboard.Server.Lookup;

/// <summary>
/// The kernel's answer to `ip route get`: the route a packet would take (the destination as a host
/// route, its gateway, device, table, preferred source), with the attributes only answers carry.
/// </summary>
public sealed record RouteAnswer
{
    /// <summary>The answer's route fields; <see cref="Route.Flags"/> holds rtm_flags, cache bits (RTCF_*) included.</summary>
    public required Route Route { get; init; }
    /// <summary>RTA_IIF of a forwarding lookup.</summary>
    public int Iif { get; init; }
    public uint Mark { get; init; }
    public uint? Uid { get; init; }
    /// <summary>rta_cacheinfo.rta_expires, in USER_HZ ticks (iproute2 prints it divided by 100).</summary>
    public uint Expires { get; init; }
    /// <summary>rta_cacheinfo.rta_error: a negative errno for a reject route's cached entry.</summary>
    public int Error { get; init; }
}

/// <summary>The kernel's refusal of a lookup: its errno ("Network is unreachable") and extended-ack text.</summary>
public sealed record KernelRefusal(int Errno, string? ExtAck)
{
    /// <summary>strerror's text, as `ip` prints it after "RTNETLINK answers: ".</summary>
    public string Message => System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(Errno);
}

/// <summary>
/// Both answers of one lookup: the route the packet takes (`ip route get`) and the table entry that
/// matched (`ip route get fibmatch`, RTM_F_FIB_MATCH), each either present or refused.
/// </summary>
public sealed record KernelLookup(RouteAnswer? Answer, KernelRefusal? Refusal, Route? Match, KernelRefusal? MatchRefusal);
