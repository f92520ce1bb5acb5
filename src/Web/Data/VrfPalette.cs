using Dashboard.Server.Routing;

namespace Dashboard.Web.Data;

/// <summary>
/// One colour per VRF, the same in the diagram, the interface list and the route table of a page.
/// Colours come from a fixed list in VRF table order, so a node's VRFs keep their colours across reloads.
/// Red and amber are left out: they mean findings.
/// </summary>
public sealed class VrfPalette
{
    private static readonly string[] Colours = ["#1e88e5", "#43a047", "#8e24aa", "#00897b", "#3949ab", "#6d4c41", "#00acc1", "#c0ca33"];
    public const string Default = "#78909c";

    private readonly Dictionary<uint, string> _byTable = new();
    private readonly Dictionary<int, string> _byLink = new();

    public VrfPalette(VrfTopology names)
    {
        var vrfs = names.Vrfs.OrderBy(v => v.Table).ThenBy(v => v.LinkIndex).ToList();
        var byVrf = new Dictionary<int, string>();
        for (int i = 0; i < vrfs.Count; i++)
        {
            var colour = Colours[i % Colours.Length];
            _byTable.TryAdd(vrfs[i].Table, colour);
            byVrf[vrfs[i].LinkIndex!.Value] = colour;
        }
        // A member takes its VRF's colour through every level of masters, as analysis sees it.
        foreach (var l in names.Links)
            if (names.VrfOf(l) is { LinkIndex: { } vrf } && byVrf.TryGetValue(vrf, out var c)) _byLink[l.Index] = c;
    }

    /// <summary>The colour of the VRF owning <paramref name="table"/>, or the neutral one for main, local and others.</summary>
    public string ForTable(uint table) => _byTable.GetValueOrDefault(table, Default);

    /// <summary>The colour of the VRF a link is (or belongs to), or the neutral one.</summary>
    public string ForLink(int? linkIndex) => linkIndex is { } i ? _byLink.GetValueOrDefault(i, Default) : Default;

    public bool IsInVrf(int? linkIndex) => linkIndex is { } i && _byLink.ContainsKey(i);
}
