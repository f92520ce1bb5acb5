using Dashboard.Server.Routing;

namespace Dashboard.Server.Netlink.Codec;

/// <summary>What route decoding needs besides the bytes: device names and table names.</summary>
internal sealed class DecodeContext
{
    private readonly Dictionary<int, string> _linkNames = [];
    private readonly TableNames _tables;

    public DecodeContext(IReadOnlyList<Link> links)
    {
        foreach (var l in links) _linkNames[l.Index] = l.Name;
        _tables = new TableNames(links);
    }

    /// <summary>The device name; an index the link dump did not show prints as iproute2 does ("if7").</summary>
    public string LinkName(int index) => _linkNames.TryGetValue(index, out var n) ? n : $"if{index}";

    public string TableName(uint table) => _tables.NameOf(table);
}
