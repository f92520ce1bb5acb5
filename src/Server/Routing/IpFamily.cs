namespace Dashboard.Server.Routing;

/// <summary>Address family with the kernel's numeric values (AF_INET, AF_INET6).</summary>
public enum IpFamily : byte
{
    Inet = 2,
    Inet6 = 10,
}

public static class IpFamilyNames
{
    /// <summary>The word iproute2 uses in its JSON ("inet", "inet6").</summary>
    public static string Name(this IpFamily family) => family == IpFamily.Inet6 ? "inet6" : "inet";

    public static IpFamily? Parse(string text) => text switch
    {
        "inet" or "4" or "ipv4" => IpFamily.Inet,
        "inet6" or "6" or "ipv6" => IpFamily.Inet6,
        _ => null,
    };
}
