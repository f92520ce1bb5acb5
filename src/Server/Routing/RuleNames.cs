using System.Globalization;

namespace Dashboard.Server.Routing;

/// <summary>
/// The words `ip rule` prints for a rule's numbers, from the same files iproute2 reads: the TOS byte
/// (rt_dsfield), device groups (group), realms (rt_realms) and IP protocols (/etc/protocols, as
/// getprotobynumber). Numbers without a name print as iproute2 prints them.
/// </summary>
public static class RuleNames
{
    private static readonly Lazy<Dictionary<uint, string>> DsFields = new(() => Load("rt_dsfield"));
    private static readonly Lazy<Dictionary<uint, string>> Groups = new(() => Load("group"));
    private static readonly Lazy<Dictionary<uint, string>> Realms = new(() => Load("rt_realms"));
    private static readonly Lazy<Dictionary<uint, string>> IpProtocols = new(LoadProtocols);

    /// <summary>"lookup", "goto", "nop", "blackhole", "unreachable", "prohibit".</summary>
    public static string Action(RuleAction action) => action switch
    {
        RuleAction.ToTable => "lookup",
        RuleAction.Goto => "goto",
        RuleAction.Nop => "nop",
        // FR_ACT_BLACKHOLE.. share their numbers with RTN_*: iproute2 names them as route types.
        _ => RouteNames.Type((RouteType)(byte)action),
    };

    /// <summary>The TOS byte as rtnl_dsfield_n2a prints it: its rt_dsfield name ("AF11"), else "0x10".</summary>
    public static string Tos(byte tos) =>
        DsFields.Value.TryGetValue(tos, out var name) ? name : "0x" + tos.ToString("x2", CultureInfo.InvariantCulture);

    /// <summary>A device group as rtnl_group_n2a prints it: "default" for 0, else its name or number.</summary>
    public static string Group(uint group) =>
        Groups.Value.TryGetValue(group, out var name) ? name : group.ToString(CultureInfo.InvariantCulture);

    /// <summary>A realm as rtnl_rtrealm_n2a prints it ("cosmos" for 0 where rt_realms says so).</summary>
    public static string Realm(uint realm) =>
        Realms.Value.TryGetValue(realm, out var name) ? name : realm.ToString(CultureInfo.InvariantCulture);

    /// <summary>An IP protocol as inet_proto_n2a prints it: "tcp", else "ipproto-N".</summary>
    public static string IpProtocol(byte protocol) =>
        IpProtocols.Value.TryGetValue(protocol, out var name) ? name : "ipproto-" + protocol.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses "tcp", "udp", "ipproto-132" or a number, as `ip rule`/`ip route get` accept them.</summary>
    public static bool TryParseIpProtocol(string text, out byte protocol)
    {
        if (byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out protocol)) return true;
        if (text.StartsWith("ipproto-", StringComparison.Ordinal)
            && byte.TryParse(text.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out protocol)) return true;
        foreach (var (number, name) in IpProtocols.Value)
            if (name == text) { protocol = (byte)number; return true; }
        return false;
    }

    private static Dictionary<uint, string> Load(string file)
    {
        var map = new Dictionary<uint, string>();
        // A later line for the same number wins, as in iproute2's tables (rtnl_tab_initialize overwrites).
        foreach (var (n, name) in IprouteFiles.Read($"/etc/iproute2/{file}", $"/etc/iproute2/{file}.d")) map[n] = name;
        return map;
    }

    /// <summary>/etc/protocols: "name number aliases…"; getprotobynumber returns the first line with the number.</summary>
    private static Dictionary<uint, string> LoadProtocols()
    {
        var map = new Dictionary<uint, string>();
        string[] lines;
        try { lines = File.ReadAllLines("/etc/protocols"); }
        catch (IOException) { return map; }
        catch (UnauthorizedAccessException) { return map; }
        foreach (var raw in lines)
        {
            var line = raw.AsSpan();
            int hash = line.IndexOf('#');
            if (hash >= 0) line = line[..hash];
            var parts = line.ToString().Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && byte.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                map.TryAdd(number, parts[0]);
        }
        return map;
    }
}
