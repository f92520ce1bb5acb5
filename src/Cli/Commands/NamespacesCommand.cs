using System.CommandLine;
using Dashboard.Server.Contracts;
using Dashboard.Server.Namespaces;

namespace Dashboard.Cli.Commands;

/// <summary>routedash namespaces [--json]</summary>
public static class NamespacesCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("namespaces", "List the node's network namespaces") { json };
        command.SetAction(p => CliRunner.Guard(() =>
        {
            var list = new NamespaceCatalog().List().Select(NamespaceDto.From).ToArray();
            if (p.GetValue(json))
            {
                Output.Json(list, DashboardJson.Default.NamespaceDtoArray);
                return CliRunner.Ok;
            }
            using var w = Output.Text();
            w.WriteLine($"{"ID",-24} {"KIND",-8} {"INODE",-12} {"PID",-8} {"POD/COMMAND",-30} PATH");
            foreach (var n in list)
                w.WriteLine($"{n.Id,-24} {n.Kind,-8} {n.Inode,-12} {n.Pid?.ToString() ?? "-",-8} {n.Pod ?? n.Command ?? "-",-30} {n.Path}");
            return CliRunner.Ok;
        }));
        return command;
    }
}
