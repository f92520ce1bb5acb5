namespace Dashboard.Server.Routing;

/// <summary>An interface address (RTM_NEWADDR).</summary>
public sealed record Address(
    int LinkIndex,
    IpAddr Local,
    byte PrefixLength,
    RouteScope Scope,
    string? Label,
    /// <summary>IFA_F_* (IFA_FLAGS when present, else ifa_flags).</summary>
    uint Flags)
{
    public IpFamily Family => Local.Family;
    public IpPrefix Prefix => new(Local, PrefixLength);
}
