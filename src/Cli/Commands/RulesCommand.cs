using System.CommandLine;
using Dashboard.Server.Contracts;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;

namespace Dashboard.Cli.Commands;

/// <summary>routedash rules [--netns NAME | --netns-path PATH | --pid PID] [-4|-6] [--json]</summary>
public static class RulesCommand
{
    public static Command Create()
    {
        var ns = new NamespaceOptions();
        var v4 = new Option<bool>("-4") { Description = "IPv4 rules only" };
        var v6 = new Option<bool>("-6") { Description = "IPv6 rules only" };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of rules (ip -j rule show's fields, plus family)" };
        var command = new Command("rules", "Show the policy routing rules, like ip rule show (IPv4, then IPv6)") { v4, v6, json };
        ns.AddTo(command);
        command.SetAction(p => CliRunner.Guard(() =>
        {
            if (p.GetValue(v4) && p.GetValue(v6)) throw new UsageException("-4 and -6 exclude each other");
            IpFamily? family = p.GetValue(v4) ? IpFamily.Inet : p.GetValue(v6) ? IpFamily.Inet6 : null;
            using var handle = KernelNetlink.Instance.Open(ns.Resolve(p));
            // The kernel's order within a family (priority, then insertion); IPv4 first, as `ip -4 rule; ip -6 rule`.
            var rules = handle.ReadRules().Where(r => family is null || r.Family == family).OrderBy(r => r.Family == IpFamily.Inet6);
            if (p.GetValue(json))
            {
                Output.Json(rules.Select(RuleDto.From).ToArray(), DashboardJson.Default.RuleDtoArray);
                return CliRunner.Ok;
            }
            using var w = Output.Text();
            foreach (var r in rules) w.WriteLine(RuleText.Show(r));
            return CliRunner.Ok;
        }));
        return command;
    }
}
