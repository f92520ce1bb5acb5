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

    public VrfPalette(IEnumerable<Link> links)
    {
        var linkList = links.ToList();
        var vrfs = linkList.Where(l => l.IsVrf && l.VrfTable is not null).OrderBy(l => l.VrfTable).ToList();
        for (int i = 0; i < vrfs.Count; i++)
        {
            var colour = Colours[i % Colours.Length];
            _byTable.TryAdd(vrfs[i].VrfTable!.Value, colour);
            _byLink[vrfs[i].Index] = colour;
        }
        foreach (var l in linkList)
            if (l.MasterIndex is { } m && _byLink.TryGetValue(m, out var c) && !l.IsVrf) _byLink[l.Index] = c;
    }

    /// <summary>The colour of the VRF owning <paramref name="table"/>, or the neutral one for main, local and others.</summary>
    public string ForTable(uint table) => _byTable.GetValueOrDefault(table, Default);

    /// <summary>The colour of the VRF a link is (or belongs to), or the neutral one.</summary>
    public string ForLink(int? linkIndex) => linkIndex is { } i ? _byLink.GetValueOrDefault(i, Default) : Default;

    public bool IsInVrf(int? linkIndex) => linkIndex is { } i && _byLink.ContainsKey(i);
}
