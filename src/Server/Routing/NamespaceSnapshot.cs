namespace Dashboard.Server.Routing;

/// <summary>Everything read from one network namespace at one moment.</summary>
public sealed record NamespaceSnapshot(
    NetNamespace Namespace,
    DateTimeOffset TakenAt,
    IReadOnlyList<Link> Links,
    IReadOnlyList<Address> Addresses,
    IReadOnlyList<NexthopObject> NexthopObjects,
    IReadOnlyList<Route> Routes,
    /// <summary>True when a dump kept reporting NLM_F_DUMP_INTR past the retry limit.</summary>
    bool MayBeInconsistent)
{
    public Link? LinkByIndex(int index)
    {
        foreach (var l in Links) if (l.Index == index) return l;
        return null;
    }

    public Link? LinkByName(string name)
    {
        foreach (var l in Links) if (l.Name == name) return l;
        return null;
    }

    /// <summary>Groups routes by table; VRF tables carry the VRF's name.</summary>
    public IReadOnlyList<RoutingTable> Tables()
    {
        var vrfByTable = Links.Where(l => l.IsVrf && l.VrfTable is not null)
            .GroupBy(l => l.VrfTable!.Value).ToDictionary(g => g.Key, g => g.First().Name);
        return Routes.GroupBy(r => r.Table).OrderBy(g => g.Key)
            .Select(g => new RoutingTable(g.Key, g.First().TableName, vrfByTable.GetValueOrDefault(g.Key), g.ToArray()))
            .ToArray();
    }
}
