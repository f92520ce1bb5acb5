namespace Dashboard.Server.Routing;

/// <summary>A network interface as rtnetlink reports it (RTM_NEWLINK).</summary>
public sealed record Link(
    int Index,
    string Name,
    string? Kind,
    string OperState,
    bool IsUp,
    int? MasterIndex,
    uint? VrfTable,
    string? MacAddress,
    int Mtu)
{
    public bool IsVrf => Kind == "vrf";
}
