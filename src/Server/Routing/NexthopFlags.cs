namespace Dashboard.Server.Routing;

/// <summary>RTNH_F_* flag names as iproute2 prints them.</summary>
public static class NexthopFlags
{
    public const uint Dead = 1, Pervasive = 2, Onlink = 4, Offload = 8, Linkdown = 16, Unresolved = 32, Trap = 64;

    private static readonly (uint Bit, string Name)[] Names =
    [
        (Dead, "dead"), (Pervasive, "pervasive"), (Onlink, "onlink"), (Offload, "offload"),
        (Linkdown, "linkdown"), (Unresolved, "unresolved"), (Trap, "trap"),
    ];

    public static IReadOnlyList<string> ToNames(uint flags)
    {
        if (flags == 0) return [];
        var list = new List<string>(2);
        foreach (var (bit, name) in Names)
            if ((flags & bit) != 0) list.Add(name);
        return list;
    }

    public static uint FromNames(IEnumerable<string> names)
    {
        uint flags = 0;
        foreach (var name in names)
            foreach (var (bit, n) in Names)
                if (n == name) flags |= bit;
        return flags;
    }

    /// <summary>Flags that belong to a path rather than to the route as a whole.</summary>
    public static bool IsPathFlag(string name) => name is "onlink" or "dead" or "linkdown" or "pervasive";
}
