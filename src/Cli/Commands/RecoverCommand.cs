using System.CommandLine;
using Dashboard.Server.Contracts;
using Dashboard.Server.Migration;

namespace Dashboard.Cli.Commands;

/// <summary>
/// routedash recover [--json]: resolves every migration a crashed process left open in the journal
/// (rolled forward, restored, closed as stale, or reported as a conflict). Exit 0 when all were
/// resolved (or there were none), 1 when one could not be.
/// </summary>
public static class RecoverCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON results" };
        var command = new Command("recover", "Finish or undo migrations that a crashed process left half-done") { json };
        command.SetAction(p => CliRunner.Guard(() =>
        {
            var results = CliBackend.Migrations().RecoverAsync(Caller.Cli()).GetAwaiter().GetResult();
            if (p.GetValue(json))
                Output.Json(results.Select(RecoveryDto.From).ToArray(), DashboardJson.Default.RecoveryDtoArray);
            else
            {
                using var w = Output.Text();
                if (results.Count == 0) w.WriteLine("nothing to recover: no open journal record");
                foreach (var r in results)
                {
                    w.WriteLine($"{RecoveryResult.OutcomeName(r.Outcome)}: finding {r.FindingId} in {r.NamespaceId} (record {r.RecordId})");
                    w.WriteLine($"  {r.Message}");
                }
            }
            return results.All(r => r.Resolved) ? CliRunner.Ok : CliRunner.Error;
        }));
        return command;
    }
}
