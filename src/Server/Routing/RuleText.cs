using System.Globalization;
using System.Text;

namespace Dashboard.Server.Routing;

/// <summary>
/// A policy rule as `ip rule show` prints it, field for field in iproute2's print_rule order
/// ("1000:\tfrom all lookup [l3mdev-table]"). Names come from <see cref="RuleNames"/>,
/// <see cref="RouteNames"/> and rt_tables; the rule itself holds numbers only.
/// </summary>
public static class RuleText
{
    /// <summary>The rule's `ip rule show` line, without the trailing newline.</summary>
    public static string Show(Rule r)
    {
        var b = new StringBuilder(80);
        AppendShow(b, r);
        return b.ToString();
    }

    public static void AppendShow(StringBuilder b, Rule r)
    {
        b.Append(r.Priority).Append(":\t");
        AppendSelectors(b, r, withL3mdev: true);
        AppendAction(b, r);
        // iproute2 leaves out the protocol of the kernel's own rules (and of rules nobody labelled).
        if (r.Protocol is not (RouteProtocol.Unspec or RouteProtocol.Kernel)) b.Append(" proto ").Append(RouteNames.Protocol(r.Protocol));
    }

    /// <summary>What the rule matches: "not from 10.0.0.0/8 iif eth0 fwmark 0x1" ("from all" when it matches everything).</summary>
    public static string Selectors(Rule r)
    {
        var b = new StringBuilder(64);
        AppendSelectors(b, r, withL3mdev: false);
        return b.ToString();
    }

    /// <summary>What the rule does: "lookup 100 suppress_prefixlength 0", "goto 5000", "blackhole", "lookup [l3mdev-table]".</summary>
    public static string Action(Rule r)
    {
        var b = new StringBuilder(32);
        if (r.L3mdev) b.Append(" lookup [l3mdev-table]");
        AppendAction(b, r);
        return b.Length == 0 ? "" : b.ToString(1, b.Length - 1);
    }

    /// <summary>
    /// Every selector, in print_rule's order. That order puts l3mdev ("lookup [l3mdev-table]", an
    /// action in all but name) between the devices and the uid range; <see cref="Selectors"/> leaves it
    /// to <see cref="Action"/>.
    /// </summary>
    private static void AppendSelectors(StringBuilder b, Rule r, bool withL3mdev)
    {
        if (r.Invert) b.Append("not ");
        b.Append("from ");
        if (r.Src.IsNone) b.Append("all");
        else AppendPrefix(b, r.Src);
        if (!r.Dst.IsNone) AppendPrefix(b.Append(" to "), r.Dst);
        if (r.Tos != 0) b.Append(" tos ").Append(RuleNames.Tos(r.Tos));
        if (r.Fwmark is not null || r.Fwmask is not null)
        {
            b.Append(" fwmark ").Append(Hex(r.Fwmark ?? 0));
            if (r.Fwmask is uint mask && mask != uint.MaxValue) b.Append('/').Append(Hex(mask));
        }
        if (r.Iif is not null)
        {
            b.Append(" iif ").Append(r.Iif);
            if (r.IifDetached) b.Append(" [detached]");
        }
        if (r.Oif is not null)
        {
            b.Append(" oif ").Append(r.Oif);
            if (r.OifDetached) b.Append(" [detached]");
        }
        if (withL3mdev && r.L3mdev) b.Append(" lookup [l3mdev-table]");
        if (r.UidRange is { } uid) b.Append(" uidrange ").Append(uid.Start).Append('-').Append(uid.End);
        if (r.IpProto is byte proto) b.Append(" ipproto ").Append(RuleNames.IpProtocol(proto));
        AppendRange(b, " sport ", r.SportRange);
        AppendRange(b, " dport ", r.DportRange);
        if (r.TunId is ulong tunId) b.Append(" tun_id ").Append(tunId);
    }

    /// <summary>The table (with its suppressors), the realms and the action word, as print_rule ends a rule.</summary>
    private static void AppendAction(StringBuilder b, Rule r)
    {
        if (r.Table != 0)
        {
            b.Append(" lookup ").Append(VrfTopology.TableName(r.Table));
            if (r.SuppressPrefixLength is uint pl) b.Append(" suppress_prefixlength ").Append((int)pl);
            if (r.SuppressIfGroup is uint group) b.Append(" suppress_ifgroup ").Append(RuleNames.Group(group));
        }
        if (r.Realms is uint realms)
        {
            uint from = realms >> 16, to = realms & 0xFFFF;
            b.Append(" realms ");
            if (from != 0) b.Append(RuleNames.Realm(from)).Append('/');
            b.Append(RuleNames.Realm(to));
        }
        switch (r.Action)
        {
            case RuleAction.Goto:
                b.Append(" goto ");
                if (r.Goto is uint target) b.Append(target); else b.Append("none");
                if (r.Unresolved) b.Append(" [unresolved]");
                break;
            case RuleAction.Nop:
                b.Append(" nop");
                break;
            case RuleAction.ToTable:
                break;
            default:
                b.Append(' ').Append(RuleNames.Action(r.Action));
                break;
        }
    }

    /// <summary>"10.0.0.0/8", or a bare address for a host prefix, as iproute2 prints rule prefixes.</summary>
    public static string Prefix(IpPrefix p)
    {
        var b = new StringBuilder(48);
        AppendPrefix(b, p);
        return b.ToString();
    }

    private static void AppendPrefix(StringBuilder b, IpPrefix p)
    {
        b.Append(p.Address.ToString());
        if (!p.IsHost) b.Append('/').Append(p.Length);
    }

    private static void AppendRange(StringBuilder b, string name, RuleRange? range)
    {
        if (range is not { } r) return;
        b.Append(name).Append(r.Start);
        if (r.End != r.Start) b.Append('-').Append(r.End);
    }

    /// <summary>printf's "%#llx": "0x10", but a bare "0" for zero.</summary>
    public static string Hex(uint value) =>
        value == 0 ? "0" : "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>
    /// The `ip rule` command that sends the same request: "ip -6 rule add l3mdev pref 1000". Rules
    /// support add and del only.
    /// </summary>
    public static string Command(RouteChange change, Rule r)
    {
        var verb = change switch
        {
            RouteChange.Add => "add",
            RouteChange.Delete => "del",
            _ => throw new ArgumentException($"rules have no {change}", nameof(change)),
        };
        return (r.Family == IpFamily.Inet6 ? "ip -6 rule " : "ip rule ") + verb + " " + Arguments(r);
    }

    /// <summary>
    /// A rule as `ip rule add` arguments, selectors first in iproute2's order (print_rule), then the
    /// action, suppressors, protocol and preference; "from all" is left out as `ip rule add` allows.
    /// </summary>
    public static string Arguments(Rule r)
    {
        var s = new StringBuilder(64);
        void Word(string w) => (s.Length > 0 ? s.Append(' ') : s).Append(w);
        if (r.Invert) Word("not");
        if (!r.Src.IsNone && r.Src.Length > 0) Word("from " + Prefix(r.Src));
        if (!r.Dst.IsNone && r.Dst.Length > 0) Word("to " + Prefix(r.Dst));
        if (r.Tos != 0) Word("tos 0x" + r.Tos.ToString("x2", CultureInfo.InvariantCulture));
        if (r.Fwmark is { } mark)
            Word(string.Create(CultureInfo.InvariantCulture, $"fwmark 0x{mark:x}") + (r.Fwmask is { } mask and not uint.MaxValue ? string.Create(CultureInfo.InvariantCulture, $"/0x{mask:x}") : ""));
        if (r.Iif is { } iif) Word("iif " + iif);
        if (r.Oif is { } oif) Word("oif " + oif);
        if (r.L3mdev) Word("l3mdev");
        if (r.UidRange is { } uid) Word(string.Create(CultureInfo.InvariantCulture, $"uidrange {uid.Start}-{uid.End}"));
        if (r.IpProto is { } proto) Word(string.Create(CultureInfo.InvariantCulture, $"ipproto {proto}"));
        if (r.SportRange is { } sport) Word("sport " + CommandRange(sport));
        if (r.DportRange is { } dport) Word("dport " + CommandRange(dport));
        switch (r.Action)
        {
            case RuleAction.ToTable when r.Table != 0: Word("lookup " + VrfTopology.TableName(r.Table)); break;
            case RuleAction.Goto: Word(string.Create(CultureInfo.InvariantCulture, $"goto {r.Goto ?? 0}")); break;
            case RuleAction.Nop: Word("nop"); break;
            case RuleAction.Blackhole: Word("blackhole"); break;
            case RuleAction.Unreachable: Word("unreachable"); break;
            case RuleAction.Prohibit: Word("prohibit"); break;
        }
        if (r.SuppressPrefixLength is { } len) Word(string.Create(CultureInfo.InvariantCulture, $"suppress_prefixlength {len}"));
        if (r.SuppressIfGroup is { } group) Word(string.Create(CultureInfo.InvariantCulture, $"suppress_ifgroup {group}"));
        if (r.Protocol != RouteProtocol.Unspec) Word("protocol " + RouteNames.Protocol(r.Protocol));
        Word(string.Create(CultureInfo.InvariantCulture, $"pref {r.Priority}"));
        return s.ToString();
    }

    private static string CommandRange(RuleRange r) =>
        r.Start == r.End ? r.Start.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{r.Start}-{r.End}");
}
