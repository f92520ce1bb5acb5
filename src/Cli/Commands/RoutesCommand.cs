using System.CommandLine;
using Dashboard.Server.Contracts;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;

namespace Dashboard.Cli.Commands;

/// <summary>routedash routes [--netns NAME | --netns-path PATH | --pid PID] [--table ID|NAME] [-4|-6] [--json]</summary>
public static class RoutesCommand
{
    public static Command Create()
    {
        var ns = new NamespaceOptions();
        var table = new Option<string?>("--table") { Description = "Only this table: a number, an rt_tables name, a VRF name, or all" };
        var v4 = new Option<bool>("-4") { Description = "IPv4 only" };
        var v6 = new Option<bool>("-6") { Description = "IPv6 only" };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of routes" };
        var command = new Command("routes", "Show the routes of every table, like ip route show table all") { table, v4, v6, json };
        ns.AddTo(command);
        command.SetAction(p => CliRunner.Guard(() =>
        {
            if (p.GetValue(v4) && p.GetValue(v6)) throw new UsageException("-4 and -6 exclude each other");
            var snapshot = KernelNetlink.Instance.Read(ns.Resolve(p));
            var routes = Filter(snapshot, p.GetValue(table), p.GetValue(v4) ? IpFamily.Inet : p.GetValue(v6) ? IpFamily.Inet6 : null);
            if (snapshot.MayBeInconsistent)
                Console.Error.WriteLine("routedash: warning: the kernel kept changing routes during the dump; the result may be inconsistent");
            if (p.GetValue(json))
            {
                Output.JsonArray(routes, (w, r) => RouteJson.Write(w, r, snapshot.Topology));
                return CliRunner.Ok;
            }
            using var w = Output.Text();
            var line = new System.Text.StringBuilder(128);
            foreach (var r in routes)
            {
                line.Clear();
                RouteText.AppendShow(line, r, snapshot.Topology);
                w.WriteLine(line);
            }
            return CliRunner.Ok;
        }));
        return command;
    }

    /// <summary>Keeps one table and one family; the table may be given by number or name.</summary>
    public static IEnumerable<Route> Filter(NamespaceSnapshot snapshot, string? table, IpFamily? family)
    {
        IEnumerable<Route> routes = snapshot.Routes;
        if (family is IpFamily f) routes = routes.Where(r => r.Family == f);
        if (table is not null && table != "all")
        {
            if (!snapshot.Topology.TryParseTable(table, out var id))
                throw new UsageException($"unknown table '{table}': give a number, a name from rt_tables, or a VRF name");
            routes = routes.Where(r => r.Table == id);
        }
        return routes;
    }
}
