namespace Dashboard.Server.Analysis;

/// <summary>The kinds' names as the JSON, the metrics, the CLI and docs/findings.md spell them.</summary>
public static class FindingKinds
{
    /// <summary>Kebab-case, stable for scripts and alert rules.</summary>
    public static string Name(FindingKind kind) => kind switch
    {
        FindingKind.MixedVrfEcmp => "mixed-vrf-ecmp",
        FindingKind.VrfMemberRouteInDefaultVrf => "vrf-member-route-in-default-vrf",
        FindingKind.InterVrfRoute => "inter-vrf-route",
        FindingKind.VrfTableNoDefault => "vrf-table-no-default",
        FindingKind.L3mdevRuleMissing => "l3mdev-rule-missing",
        FindingKind.DuplicateVrfTable => "duplicate-vrf-table",
        FindingKind.RuleTableNoDefault => "rule-table-no-default",
        FindingKind.NexthopLinkDown => "nexthop-link-down",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
