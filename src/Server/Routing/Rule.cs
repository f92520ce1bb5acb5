namespace Dashboard.Server.Routing;

/// <summary>FR_ACT_*: what a policy rule does when its selectors match.</summary>
public enum RuleAction : byte
{
    Unspec = 0,
    /// <summary>Look the destination up in <see cref="Rule.Table"/> ("lookup TABLE").</summary>
    ToTable = 1,
    /// <summary>Continue at the rule with priority <see cref="Rule.Goto"/>.</summary>
    Goto = 2,
    Nop = 3,
    Blackhole = 6,
    Unreachable = 7,
    Prohibit = 8,
}

/// <summary>FIB_RULE_* bits of fib_rule_hdr.flags.</summary>
public static class RuleFlags
{
    public const uint Permanent = 0x1, Invert = 0x2, Unresolved = 0x4, IifDetached = 0x8, OifDetached = 0x10;

    /// <summary>
    /// The bits that describe the rule's surroundings, not the rule: a goto whose target is missing, a
    /// device name no device has. They change without a notice about the rule itself.
    /// </summary>
    public const uint State = Unresolved | IifDetached | OifDetached;
}

/// <summary>An inclusive range of ports or uids (struct fib_rule_port_range / fib_rule_uid_range).</summary>
public readonly record struct RuleRange(uint Start, uint End);

/// <summary>
/// One policy routing rule (`ip rule`, RTM_NEWRULE: struct fib_rule_hdr + FRA_* attributes) as the
/// kernel holds it. Absent selectors are null (or <c>default</c> for prefixes): they match everything.
/// </summary>
public sealed record Rule
{
    public required IpFamily Family { get; init; }
    /// <summary>FRA_PRIORITY; a rule without one has priority 0.</summary>
    public uint Priority { get; init; }
    public RuleAction Action { get; init; } = RuleAction.ToTable;
    /// <summary>FRA_TABLE, else fib_rule_hdr.table; 0 when the action looks nothing up.</summary>
    public uint Table { get; init; }
    /// <summary>fib_rule_hdr.flags (<see cref="RuleFlags"/>): "not" is <see cref="RuleFlags.Invert"/>.</summary>
    public uint Flags { get; init; }
    /// <summary>FRA_SRC with src_len ("from PREFIX"); none when the rule matches every source.</summary>
    public IpPrefix Src { get; init; }
    /// <summary>FRA_DST with dst_len ("to PREFIX").</summary>
    public IpPrefix Dst { get; init; }
    public byte Tos { get; init; }
    /// <summary>FRA_IIFNAME: a device name, kept as the kernel holds it (the device may not exist yet).</summary>
    public string? Iif { get; init; }
    /// <summary>FRA_OIFNAME.</summary>
    public string? Oif { get; init; }
    public uint? Fwmark { get; init; }
    public uint? Fwmask { get; init; }
    /// <summary>FRA_IP_PROTO.</summary>
    public byte? IpProto { get; init; }
    public RuleRange? SportRange { get; init; }
    public RuleRange? DportRange { get; init; }
    public RuleRange? UidRange { get; init; }
    /// <summary>FRA_L3MDEV: look up the table of the VRF the packet's device belongs to.</summary>
    public bool L3mdev { get; init; }
    /// <summary>FRA_GOTO: the target priority of a goto rule.</summary>
    public uint? Goto { get; init; }
    /// <summary>FRA_SUPPRESS_PREFIXLEN: reject a lookup result with a prefix this long or shorter.</summary>
    public uint? SuppressPrefixLength { get; init; }
    /// <summary>FRA_SUPPRESS_IFGROUP.</summary>
    public uint? SuppressIfGroup { get; init; }
    /// <summary>FRA_FLOW (IPv4 only): the realms, source realm in the high 16 bits ("realms FROM/TO").</summary>
    public uint? Realms { get; init; }
    /// <summary>FRA_TUN_ID: the tunnel id of metadata-carrying (collect_md) tunnels.</summary>
    public ulong? TunId { get; init; }
    /// <summary>FRA_PROTOCOL: who installed the rule.</summary>
    public RouteProtocol Protocol { get; init; }

    public bool Invert => (Flags & RuleFlags.Invert) != 0;
    /// <summary>A goto whose target priority no rule of the family has: the kernel skips it.</summary>
    public bool Unresolved => (Flags & RuleFlags.Unresolved) != 0;
    public bool IifDetached => (Flags & RuleFlags.IifDetached) != 0;
    public bool OifDetached => (Flags & RuleFlags.OifDetached) != 0;

    /// <summary>
    /// The kernel's identity of a rule (what `ip rule del` with every selector finds): every field but
    /// the <see cref="RuleFlags.State"/> bits, which change as devices and goto targets come and go.
    /// </summary>
    public static bool SameRule(Rule a, Rule b) =>
        a == b || (a with { Flags = a.Flags & ~RuleFlags.State }) == (b with { Flags = b.Flags & ~RuleFlags.State });
}
