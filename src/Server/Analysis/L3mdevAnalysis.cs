using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>
/// l3mdev-rule-missing: VRFs exist but a family has no l3mdev rule, the rule through which the kernel
/// consults a VRF's table for traffic of its devices and sockets. The kernel adds it (pref 1000, both
/// families) with the first VRF of a namespace and never again; `ip rule flush` and agents that
/// rewrite the rules lose it. Before l3mdev rules existed, VRFs were wired by a pair of rules per VRF
/// (`iif VRF lookup T` and `oif VRF lookup T`); a VRF with both is still reached.
/// </summary>
internal static class L3mdevAnalysis
{
    /// <summary>Where the kernel puts its l3mdev rule (FIB_RULE_PREF in drivers/net/vrf.c), and the fix puts it back.</summary>
    public const uint KernelPreference = 1000;

    public static void Analyze(IRoutingState state, List<Finding> into)
    {
        var vrfs = state.Topology.Vrfs;
        if (vrfs.Count == 0) return;
        foreach (var family in (ReadOnlySpan<IpFamily>)[IpFamily.Inet, IpFamily.Inet6])
        {
            var rules = state.Rules.Where(r => r.Family == family).ToArray();
            // A namespace always has rules of both families (local, main, default): none at all means
            // they were not read (or the kernel answered nothing), not that the l3mdev rule is missing.
            if (rules.Length == 0) continue;
            if (rules.Any(r => r.L3mdev && r.Action == RuleAction.ToTable && !r.Invert)) continue;
            var uncovered = vrfs.Where(v => !CoveredByDeviceRules(v, rules)).ToArray();
            if (uncovered.Length == 0) continue;
            into.Add(Finding(state, family, uncovered));
        }
    }

    private static bool CoveredByDeviceRules(VrfRef vrf, Rule[] rules)
    {
        bool Has(Func<Rule, string?> device) =>
            rules.Any(r => r.Action == RuleAction.ToTable && !r.Invert && r.Table == vrf.Table && device(r) == vrf.Name);
        return Has(r => r.Iif) && Has(r => r.Oif);
    }

    private static Finding Finding(IRoutingState state, IpFamily family, VrfRef[] uncovered)
    {
        var ns = state.Namespace;
        var fam = family == IpFamily.Inet6 ? "IPv6" : "IPv4";
        var ip = family == IpFamily.Inet6 ? "ip -6" : "ip";
        var names = FindingText.Join(uncovered.Select(v => v.Name));
        var described = FindingText.Join(uncovered.Select(v => $"{v.Name} (table {v.Table})"));
        var title = $"No {fam} l3mdev rule: the {(uncovered.Length == 1 ? "table" : "tables")} of {names} {(uncovered.Length == 1 ? "is" : "are")} never consulted for {fam}";
        var explanation =
            $"In namespace {FindingText.DescribeNamespace(ns)}, the VRFs {described} exist, but the {fam} policy rules have no l3mdev rule "
            + $"(`{ip} rule` shows no `from all lookup [l3mdev-table]`), and no pair of `iif`/`oif` rules sends {names}'s traffic to "
            + $"{(uncovered.Length == 1 ? "its table" : "their tables")} either. The kernel adds the l3mdev rule at preference {KernelPreference} "
            + $"when the first VRF is created and never again; `ip rule flush` and agents that rewrite the rules remove it. Without it, {fam} "
            + $"lookups for the VRFs' devices and sockets go straight to tables local, main and default: the VRF tables are never consulted, "
            + $"the VRFs' traffic follows the default VRF's routes, and what arrives on a VRF's interfaces is answered from main. "
            + $"The fix puts the kernel's rule back: `{ip} rule add l3mdev pref {KernelPreference}`.";
        return new Finding(FindingId.For(ns.Id, FindingKind.L3mdevRuleMissing, ((byte)family).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ns.Id, FindingKind.L3mdevRuleMissing, Severity.Error, null, [], title, explanation)
        { Family = family, Vrfs = uncovered };
    }
}
