using Dashboard.Server.Analysis;
using Dashboard.Server.Audit;
using Dashboard.Server.State;
using Microsoft.Extensions.Logging.Abstractions;
using Dashboard.Server.Migration;
using Dashboard.Web.Tests.Support;

namespace Dashboard.Web.Tests.Data;

/// <summary>
/// What the component and browser tests rely on in the sample node: the analyzer and planner (not the
/// test) find the #1253 route and plan its fix, and the real migration service over the in-code kernel leaves a namespace
/// they find nothing wrong with, as the screenshots after Confirm show.
/// </summary>
public sealed class SampleNodeDiagnosisTests
{
    [Fact]
    public void The_pod_namespace_has_one_mixed_vrf_finding_with_a_valid_id_and_the_1253_fix()
    {
        var diagnosis = SampleNode.MixedFinding;

        Assert.True(FindingId.IsValid(diagnosis.Id), $"'{diagnosis.Id}' is not a finding id");
        Assert.Equal((FindingKind.MixedVrfEcmp, Severity.Error), (diagnosis.Finding.Kind, diagnosis.Finding.Severity));
        var offending = Assert.Single(diagnosis.Finding.Offending);
        Assert.Equal((SampleNode.Net1Index, "vrf-blue", SampleNode.BlueTable), (offending.Nexthop.Oif, offending.Vrf.Name, offending.Vrf.Table));
        Assert.Equal(
            ["ip -6 route add default via 2001:db8:1::1 dev net1 table 1001 metric 1024 proto static pref medium",
             "ip -6 route del default via 2001:db8:1::1 dev net1 table main metric 1024 proto static"],
            diagnosis.Plan!.Steps.Select(s => s.IpCommand));
    }

    [Fact]
    public async Task Applying_the_plan_in_code_leaves_no_finding_and_a_dry_run_changes_nothing()
    {
        var backend = SampleNode.Backend();
        var ct = TestContext.Current.CancellationToken;
        using var state = new TempDirectory();
        var audit = new FileAuditLog(state.Path, NullLogger<FileAuditLog>.Instance);
        var service = new MigrationService(backend, backend, new MigrationOptions(), new StateLocations(state.Path), audit);
        var caller = new Caller("dashboard", "test");

        var planned = await service.MigrateAsync(caller, SampleNode.PodNs, SampleNode.FindingId, dryRun: true, ct);
        Assert.Equal(MigrationOutcome.Planned, planned.Outcome);
        Assert.Equal(SampleNode.FindingId, Assert.Single(Doctor.Diagnose(backend.Read(SampleNode.PodNamespace, ct))).Id);

        var applied = await service.MigrateAsync(caller, SampleNode.PodNs, SampleNode.FindingId, dryRun: false, ct);
        Assert.Equal(MigrationOutcome.Applied, applied.Outcome);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(state.Path, "journal"))); // closed, not left open
        Assert.Empty(Doctor.Diagnose(backend.Read(SampleNode.PodNamespace, ct)));
        Assert.Empty(Doctor.Diagnose(SampleNode.PlainSnapshot));

        // Run twice, the fix finds nothing to do, as the real service answers a second run.
        var again = await service.MigrateAsync(caller, SampleNode.PodNs, SampleNode.FindingId, dryRun: false, ct);
        Assert.Equal(MigrationOutcome.NothingToDo, again.Outcome);
        Assert.Equal(["planned", "applied", "nothing-to-do"], (await audit.ReadAsync(0, 10, ct)).Items.Reverse().Select(r => r.Outcome));
    }
}
