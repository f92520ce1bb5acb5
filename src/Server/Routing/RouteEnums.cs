namespace Dashboard.Server.Routing;

// The kernel's numbers for a route's type, scope, protocol and IPv6 preference (rtm_type, rtm_scope,
// rtm_protocol, RTA_PREF). Any byte is a valid value; the names are only for printing (RouteNames).

/// <summary>rtm_type (RTN_*).</summary>
public enum RouteType : byte
{
    Unspec = 0, Unicast = 1, Local = 2, Broadcast = 3, Anycast = 4, Multicast = 5,
    Blackhole = 6, Unreachable = 7, Prohibit = 8, Throw = 9, Nat = 10, Xresolve = 11,
}

/// <summary>rtm_scope (RT_SCOPE_*).</summary>
public enum RouteScope : byte
{
    Universe = 0, Site = 200, Link = 253, Host = 254, Nowhere = 255,
}

/// <summary>rtm_protocol (RTPROT_*): who installed the route. Nodes may define more in rt_protos.</summary>
public enum RouteProtocol : byte
{
    Unspec = 0, Redirect = 1, Kernel = 2, Boot = 3, Static = 4, Ra = 9, Dhcp = 16,
}

/// <summary>RTA_PREF (ICMPV6_ROUTER_PREF_*), IPv6 only.</summary>
public enum RoutePref : byte
{
    Medium = 0, High = 1, Low = 3,
}

/// <summary>RTNH_F_* (per path, and the route-level copies in rtm_flags) and the RTM_F_* bits of rtm_flags.</summary>
public static class RouteFlags
{
    public const uint Dead = 1, Pervasive = 2, Onlink = 4, Offload = 8, Linkdown = 16, Unresolved = 32, Trap = 64;
    public const uint Notify = 0x100, Cloned = 0x200, Equalize = 0x400, Prefix = 0x800,
        LookupTable = 0x1000, FibMatch = 0x2000, RtOffload = 0x4000, RtTrap = 0x8000;

    /// <summary>The bits that describe one path rather than the route: what a path's rtnh_flags holds.</summary>
    public const uint PathBits = 0xFF;

    /// <summary>The bits a request may set: the rest are states the kernel reports.</summary>
    public const uint Settable = Onlink;
}
