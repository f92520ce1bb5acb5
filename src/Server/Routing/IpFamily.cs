namespace Dashboard.Server.Routing;

/// <summary>Address family with the kernel's numeric values (AF_INET, AF_INET6).</summary>
public enum IpFamily : byte
{
    Inet = 2,
    Inet6 = 10,
}
