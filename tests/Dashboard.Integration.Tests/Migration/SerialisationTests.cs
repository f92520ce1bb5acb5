using System.Diagnostics;
using Dashboard.Integration.Tests.Support;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.State;

namespace Dashboard.Integration.Tests.Migration;

/// <summary>A migration waits while another process holds the namespace: the dashboard and the CLI never interleave.</summary>
public class SerialisationTests
{
    [Fact]
    public async Task A_cli_migration_waits_for_the_lock_another_process_holds_then_runs()
    {
        using var ns = new TestNamespace("lock");
        using var state = new TempState();
        var target = new NamespaceResolver().ByName(ns.Name);
        var held = await NamespaceLock.AcquireAsync(state.Locations, target, cancellationToken: TestContext.Current.CancellationToken);
        var psi = new ProcessStartInfo(Routedash.Executable, ["migrate", "--netns", ns.Name, "--finding", "f-0123456789ab", "--json"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            // The CLI and this test share the state directory, as the dashboard's pod and the host do.
            Environment = { [StateLocations.EnvironmentVariable] = state.Path },
        };
        using var cli = Process.Start(psi)!;
        var stdout = cli.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            // Long enough for the CLI to start, read the namespace's findings and reach the lock.
            Assert.False(cli.WaitForExit(8000), "the migration ran while another process held the namespace");
        }
        finally { held.Dispose(); }

        Assert.True(cli.WaitForExit(60_000), "the migration did not run once the lock was released");
        Assert.Equal(0, cli.ExitCode);
        Assert.Contains("\"outcome\":\"nothing-to-do\"", await stdout);
        // The CLI records its attempts in the same audit log as the dashboard, under its own actor.
        var audit = await File.ReadAllTextAsync(Path.Combine(state.Path, "audit.jsonl"), TestContext.Current.CancellationToken);
        Assert.Contains("\"actor\":\"cli\"", audit);
    }
}
