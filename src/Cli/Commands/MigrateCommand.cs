using System.CommandLine;
using Dashboard.Server.Contracts;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;

namespace Dashboard.Cli.Commands;

/// <summary>routedash migrate --netns NAME (--finding ID | --all) [--dry-run] [--json]</summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var netns = new Option<string>("--netns") { Description = "The named namespace", Required = true };
        var finding = new Option<string?>("--finding") { Description = "The finding id from scan" };
        var all = new Option<bool>("--all") { Description = "Every fixable finding in the namespace" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan, change nothing" };
        var json = new Option<bool>("--json") { Description = "Print JSON results" };
        var command = new Command("migrate", "Move mixed-VRF nexthops into their VRF's table: plan, apply, verify, roll back on failure")
            { netns, finding, all, dryRun, json };
        command.SetAction(p => CliRunner.Guard(() =>
        {
            var id = p.GetValue(finding);
            if ((id is null) == !p.GetValue(all)) throw new UsageException("give exactly one of --finding ID and --all");
            var ns = new NamespaceResolver().ByName(p.GetValue(netns)!);
            var service = CliBackend.Migrations();
            IReadOnlyList<MigrationResult> results;
            try
            {
                results = id is not null
                    ? [service.MigrateAsync(Caller.Cli(), ns.Id, id, p.GetValue(dryRun)).GetAwaiter().GetResult()]
                    : service.MigrateAllAsync(Caller.Cli(), ns.Id, p.GetValue(dryRun)).GetAwaiter().GetResult();
            }
            catch (KeyNotFoundException e) { throw new UsageException(e.Message); }
            if (p.GetValue(json)) Output.Json(results.Select(MigrationResultDto.From).ToArray(), DashboardJson.Default.MigrationResultDtoArray);
            else Print(results);
            return results.All(r => MigrationResultDto.Succeeded(r.Outcome)) ? CliRunner.Ok : CliRunner.Error;
        }));
        return command;
    }

    private static void Print(IReadOnlyList<MigrationResult> results)
    {
        using var w = Output.Text();
        if (results.Count == 0) w.WriteLine("nothing to do: no fixable findings");
        foreach (var r in results)
        {
            w.WriteLine($"finding {r.FindingId} in {r.NamespaceId}:");
            if (r.Plan is { } plan)
                foreach (var step in plan.Steps) w.WriteLine($"  plan: {step.IpCommand}");
            w.WriteLine($"  {MigrationResultDto.OutcomeName(r.Outcome)}: {r.Message}");
            if (r.KernelError is not null) w.WriteLine($"  kernel: {r.KernelError}");
            if (r.AuditError is not null) w.WriteLine($"  audit: {r.AuditError}");
        }
    }
}
