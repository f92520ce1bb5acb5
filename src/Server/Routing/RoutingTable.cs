namespace Dashboard.Server.Routing;

/// <summary>A routing table and the routes it holds, with the VRF that owns it (if any).</summary>
public sealed record RoutingTable(uint Id, VrfRef? Vrf, IReadOnlyList<Route> Routes)
{
    public const uint Unspec = 0, Default = 253, Main = 254, Local = 255;
}
