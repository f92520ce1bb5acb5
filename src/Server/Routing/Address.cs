namespace Dashboard.Server.Routing;

/// <summary>An interface address (RTM_NEWADDR).</summary>
public sealed record Address(
    IpFamily Family,
    int LinkIndex,
    string Local,
    byte PrefixLength,
    string Scope,
    string? Label,
    IReadOnlyList<string> Flags)
{
    public string Cidr => $"{Local}/{PrefixLength}";
}
