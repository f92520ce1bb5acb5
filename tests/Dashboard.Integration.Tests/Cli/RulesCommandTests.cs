using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Integration.Tests.Support;

namespace Dashboard.Integration.Tests.Cli;

/// <summary>
/// `routedash rules` against iproute2 on the host kernel: a namespace with every selector and action
/// `ip rule` has, both families; the text equals `ip rule show` line for line, and the JSON equals
/// `ip -d -j rule show` field by field (the -d form prints every rule's protocol, which routedash
/// always writes).
/// </summary>
public class RulesCommandTests
{
    /// <summary>Every selector and action of both families, as `ip rule add` arguments (and the kernel's own rules).</summary>
    public static readonly string[] Ipv4Rules =
    [
        "pref 1000 l3mdev",
        "pref 2000 from 10.1.0.0/16 to 10.2.0.0/24 tos 0x10 fwmark 0x10/0xff iif eth0 oif lo ipproto tcp sport 1000-2000 dport 80 uidrange 100-200 lookup 100 proto bgp",
        "pref 3000 not from 10.3.0.1 lookup main suppress_prefixlength 0",
        "pref 3001 lookup main suppress_ifgroup 5",
        "pref 4000 fwmark 7 goto 5000",
        "pref 4001 goto 4500",
        "pref 5000 blackhole",
        "pref 5001 from 10.9.0.0/16 unreachable",
        "pref 5002 to 10.8.0.0/16 prohibit",
        "pref 5003 nop",
        "pref 5004 realms 3/4 lookup 200",
        "pref 5005 tun_id 42 lookup 201",
        "pref 5006 iif nosuch lookup 202",
        "pref 5007 ipproto udp sport 22 dport 1000-1100 lookup 203",
        "pref 5008 ipproto 132 lookup 204",
        "pref 5009 fwmark 0x20 lookup 205",
        "pref 5010 tos 0x08 lookup 206",
        "pref 5011 oif nosuch0 uidrange 0-0 lookup 207 proto static",
        "pref 5011 from 10.4.0.0/24 lookup 208",
    ];

    public static readonly string[] Ipv6Rules =
    [
        "pref 1000 l3mdev",
        "pref 2000 from 2001:db8:1::/48 to 2001:db8:2::/64 tos 0x10 fwmark 0x10/0xff iif eth0 oif lo ipproto tcp sport 1000-2000 dport 443 uidrange 100-200 lookup 100 proto bgp",
        "pref 3000 not from 2001:db8:3::1 lookup main suppress_prefixlength 0",
        "pref 3001 lookup main suppress_ifgroup 5",
        "pref 4000 fwmark 7 goto 5000",
        "pref 4001 goto 4500",
        "pref 5000 blackhole",
        "pref 5001 from 2001:db8:9::/48 unreachable",
        "pref 5002 to 2001:db8:8::/48 prohibit",
        "pref 5003 nop",
        "pref 5005 tun_id 42 lookup 201",
        "pref 5006 iif nosuch lookup 202",
        "pref 5007 ipproto udp sport 22 dport 1000-1100 lookup 203",
    ];

    public static TestNamespace WithEveryRule()
    {
        var ns = new TestNamespace("rules");
        ns.AddVeth();
        ns.IpBatch(Ipv4Rules.Select(r => $"rule add {r}"));
        ns.IpBatch(Ipv6Rules.Select(r => $"rule add {r}"), "-6");
        return ns;
    }

    [Fact]
    public void Text_equals_ip_rule_show_for_each_family_and_both_follow_one_another()
    {
        using var ns = WithEveryRule();

        var v4 = Routedash.Run("rules", "--netns", ns.Name, "-4");
        var v6 = Routedash.Run("rules", "--netns", ns.Name, "-6");
        var both = Routedash.Run("rules", "--netns", ns.Name);

        Assert.True(v4.ExitCode == 0, v4.Stderr);
        Assert.Equal(Shell.Ip("-n", ns.Name, "-4", "rule", "show"), v4.Stdout);
        Assert.Equal(Shell.Ip("-n", ns.Name, "-6", "rule", "show"), v6.Stdout);
        Assert.Equal(v4.Stdout + v6.Stdout, both.Stdout);
        Assert.Contains("1000:\tfrom all lookup [l3mdev-table]", v6.Stdout);
        Assert.Equal(Ipv4Rules.Length + 3, v4.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("-4", "inet")]
    [InlineData("-6", "inet6")]
    public void Json_equals_ip_j_rule_show_field_by_field(string familyOption, string family)
    {
        using var ns = WithEveryRule();

        var r = Routedash.Run("rules", "--netns", ns.Name, familyOption, "--json");

        Assert.True(r.ExitCode == 0, r.Stderr);
        var ours = JsonNode.Parse(r.Stdout)!.AsArray();
        var theirs = JsonNode.Parse(Shell.Ip("-n", ns.Name, familyOption, "-d", "-j", "rule", "show"))!.AsArray();
        Assert.Equal(theirs.Count, ours.Count);
        var differences = new List<string>();
        for (int i = 0; i < ours.Count; i++)
            differences.AddRange(FieldDifferences(ours[i]!.AsObject(), theirs[i]!.AsObject(), family));
        Assert.True(differences.Count == 0, string.Join('\n', differences));
        // The rules this namespace was built with are all there, in the kernel's order.
        Assert.Equal(
            [0, 1000, 2000, 3000, 3001, 4000, .. family == "inet" ? new uint[] { 4001, 5000, 5001, 5002, 5003, 5004, 5005, 5006, 5007, 5008, 5009, 5010, 5011, 5011, 32766, 32767 }
                : [4001, 5000, 5001, 5002, 5003, 5005, 5006, 5007, 32766]],
            ours.Select(o => o!["priority"]!.GetValue<uint>()));
    }

    /// <summary>
    /// Every field ip prints has our value (a bare key, printed as null, is true here; "table" is our
    /// tableName, with the number beside it); every field ip leaves out is null or false in ours.
    /// </summary>
    private static IEnumerable<string> FieldDifferences(JsonObject ours, JsonObject ip, string family)
    {
        var where = $"rule {ip["priority"]}";
        if (ours["family"]?.GetValue<string>() != family) yield return $"{where}: family {ours["family"]}";
        var matched = new HashSet<string> { "family", "tableName" };
        foreach (var (key, value) in ip)
        {
            matched.Add(key);
            var mine = ours[key];
            if (!ours.ContainsKey(key)) { yield return $"{where}: ip prints \"{key}\", routedash has no such field"; continue; }
            if (value is null)
            {
                if (mine?.GetValueKind() != JsonValueKind.True) yield return $"{where}: ip prints the flag \"{key}\", routedash has {Text(mine)}";
            }
            else if (key == "table")
            {
                if (Text(ours["tableName"]) != Text(value)) yield return $"{where}: table {Text(value)}, routedash's tableName {Text(ours["tableName"])}";
                var number = ours["table"]!.GetValue<uint>();
                if (!Dashboard.Server.Routing.VrfTopology.Empty.TryParseTable(value.GetValue<string>(), out var parsed) || parsed != number)
                    yield return $"{where}: table {Text(value)} is not number {number}";
            }
            else if (Text(mine) != Text(value)) yield return $"{where}: \"{key}\" is {Text(mine)} in routedash, {Text(value)} in ip";
        }
        foreach (var (key, value) in ours)
        {
            if (matched.Contains(key)) continue;
            if (key == "table" && ip["table"] is null && value is null) continue;
            if (value is not null && value.GetValueKind() != JsonValueKind.False)
                yield return $"{where}: routedash has \"{key}\": {Text(value)}, ip prints no such field";
        }
    }

    private static string Text(JsonNode? n) => n is null ? "null" : n.ToJsonString();

    [Fact]
    public void Bad_usage_exits_2()
    {
        using var ns = new TestNamespace("rulesusage");
        Assert.Equal(2, Routedash.Run("rules", "--netns", ns.Name, "-4", "-6").ExitCode);
        Assert.Equal(2, Routedash.Run("rules", "--netns", "rdt-does-not-exist").ExitCode);
        Assert.Equal(2, Routedash.Run("rules", "--no-such-option").ExitCode);
    }
}
