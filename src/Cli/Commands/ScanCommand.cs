using System.CommandLine;
using Dashboard.Server.Analysis;
using Dashboard.Server.Contracts;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;

namespace Dashboard.Cli.Commands;

/// <summary>routedash scan [--all | --netns NAME …] [--json]: exit 0 clean, 3 findings.</summary>
public static class ScanCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--all") { Description = "Every namespace on the node (the default)" };
        var netns = new Option<string[]>("--netns") { Description = "Only these named namespaces", AllowMultipleArgumentsPerToken = false };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of findings" };
        var command = new Command("scan", "Find multi-homed routing faults: routes mixing VRFs, VRF tables and rules that leak, paths without carrier") { all, netns, json };
        command.SetAction(p => CliRunner.Guard(() =>
        {
            var names = p.GetValue(netns) ?? [];
            if (p.GetValue(all) && names.Length > 0) throw new UsageException("--all and --netns exclude each other");
            var findings = new List<(Diagnosis Diagnosis, VrfTopology Names)>();
            foreach (var ns in Targets(names))
            {
                try
                {
                    var snapshot = KernelNetlink.Instance.Read(ns);
                    findings.AddRange(Doctor.Diagnose(snapshot).Select(d => (d, snapshot.Topology)));
                }
                catch (NamespaceNotFoundException) when (names.Length == 0) { } // gone since the listing
            }
            if (p.GetValue(json)) Output.Json(findings.Select(f => FindingDto.From(f.Diagnosis, f.Names)).ToArray(), DashboardJson.Default.FindingDtoArray);
            else Print(findings);
            return findings.Count == 0 ? CliRunner.Ok : CliRunner.Findings;
        }));
        return command;
    }

    private static IEnumerable<NetNamespace> Targets(string[] names)
    {
        if (names.Length == 0) return new NamespaceCatalog().List();
        var resolver = new NamespaceResolver();
        return names.Select(resolver.ByName).ToArray(); // all resolved first: a bad name fails before any read
    }

    private static void Print(List<(Diagnosis Diagnosis, VrfTopology Names)> findings)
    {
        using var w = Output.Text();
        if (findings.Count == 0)
        {
            w.WriteLine("no findings");
            return;
        }
        foreach (var (d, names) in findings)
        {
            var f = d.Finding;
            w.WriteLine($"{f.NamespaceId}  {f.Severity.ToString().ToUpperInvariant()}  {FindingKinds.Name(f.Kind)}  {f.Title}  [{f.Id}]");
            if (f.Route is { } route)
            {
                foreach (var line in RouteText.Show(route, names).Split('\n')) w.WriteLine($"    {line}");
                foreach (var o in f.Offending)
                    w.WriteLine($"    -> nexthop {RouteText.Path(o.Nexthop, route.Family, names)} belongs to {o.Vrf.Name} (table {o.Vrf.Table})");
                foreach (var p in f.LinkdownPaths)
                    w.WriteLine($"    -> nexthop {RouteText.Path(p, route.Family, names)} has no carrier");
            }
            if (f.Rule is { } rule) w.WriteLine($"    rule {RuleText.Arguments(rule)}");
            w.WriteLine($"    {f.Explanation}");
            if (d.Plan is { } plan)
                foreach (var step in plan.Steps) w.WriteLine($"    fix: {step.IpCommand}");
            w.WriteLine();
        }
        w.WriteLine($"{findings.Count} finding(s)");
    }
}
