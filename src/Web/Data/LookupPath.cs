namespace Dashboard.Web.Data;

/// <summary>
/// What the VRF diagram draws for a lookup: the matched table, the devices of the matched route's
/// paths, the device the packet took (<see cref="Chosen"/>, 0 when refused) and a one-line caption.
/// </summary>
public sealed record LookupPath(uint Table, IReadOnlyList<int> Devices, int Chosen, string Label);
