using System.CommandLine;
using Dashboard.Server.Analysis;
using Dashboard.Server.Contracts;
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
        var command = new Command("scan", "Find routes whose nexthops point into another VRF") { all, netns, json };
        command.SetAction(p => CliRunner.Guard(() =>
        {
            var names = p.GetValue(netns) ?? [];
            if (p.GetValue(all) && names.Length > 0) throw new UsageException("--all and --netns exclude each other");
            var findings = new List<Finding>();
            foreach (var ns in Targets(names))
            {
                try { findings.AddRange(FindingAnalyzer.Analyze(new NamespaceReader().Read(ns))); }
                catch (NamespaceNotFoundException) when (names.Length == 0) { } // gone since the listing
            }
            if (p.GetValue(json)) Output.Json(findings.Select(FindingDto.From).ToArray(), DashboardJson.Default.FindingDtoArray);
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

    private static void Print(List<Finding> findings)
    {
        using var w = Output.Text();
        if (findings.Count == 0)
        {
            w.WriteLine("no findings");
            return;
        }
        foreach (var f in findings)
        {
            w.WriteLine($"{f.NamespaceId}  {f.Severity.ToString().ToUpperInvariant()}  {f.Title}  [{f.Id}]");
            foreach (var line in RouteText.Format(f.Route).Split('\n')) w.WriteLine($"    {line}");
            foreach (var o in f.Offending)
                w.WriteLine($"    -> nexthop via {o.Nexthop.Gateway} dev {o.Nexthop.Dev} belongs to {o.VrfName} (table {o.VrfTable})");
            w.WriteLine($"    {f.Explanation}");
            if (f.Plan is { } plan)
                foreach (var step in plan.Steps) w.WriteLine($"    fix: {step.IpCommand}");
            w.WriteLine();
        }
        w.WriteLine($"{findings.Count} finding(s)");
    }
}
