using System.Text.Json.Nodes;
using Dashboard.Cni.Tests.Support;
using Dashboard.Server.Audit;
using Dashboard.Server.Migration;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Dashboard.Web.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Cni.Tests.Remediation;

/// <summary>
/// A fixing ADD on the #1253 pod, over the in-code kernel (the host has no VRF; the real one is in the VM
/// tests): the product's plan applied through its migration service, audited with actor "cni", and every
/// way it can go wrong ending in a CNI error with the namespace as it was.
/// </summary>
public sealed class AddFixesTests : IDisposable
{
    private readonly InCodeBackend _kernel = SampleNode.Backend();
    private readonly TempDirectory _state = new();

    public void Dispose() => _state.Dispose();

    private IReadOnlyList<Diagnosis> Findings => Doctor.Diagnose(_kernel.Read(SampleNode.PodNamespace, TestContext.Current.CancellationToken));

    private IReadOnlyList<Route> Routes => _kernel.Read(SampleNode.PodNamespace, TestContext.Current.CancellationToken).Routes;

    private async Task<IReadOnlyList<AuditRecord>> AuditAsync(string directory) =>
        (await new FileAuditLog(directory, NullLogger<FileAuditLog>.Instance).ReadAsync(0, 50, TestContext.Current.CancellationToken)).Items;

    [Fact]
    public async Task ADD_moves_the_net1_path_into_table_1001_prints_prevResult_and_audits_as_cni()
    {
        var plan = SampleNode.MixedFinding.Plan!;
        var r = (await new PluginRun(_kernel).RunAsync("ADD", Configs.Of("1.0.0", _state.Path))).Succeeded();

        Assert.True(JsonNode.DeepEquals(Configs.PrevResult100(), JsonNode.Parse(r.Stdout)), r.Stdout);
        Assert.Empty(Findings);
        Assert.Equal(plan.Steps.Select(s => (s.Kind, s.Route!)), _kernel.Changes.Select(c => (c.Kind, c.Route)));
        Assert.Contains(Routes, x => x.Table == SampleNode.BlueTable && x.IsDefault && x.Oif == SampleNode.Net1Index);
        Assert.Contains(Routes, x => x.Table == RoutingTable.Main && x.IsDefault && x.Family == IpFamily.Inet6 && x.PathCount == 1 && x.Paths[0].Oif == SampleNode.Eth0Index);

        var record = Assert.Single(await AuditAsync(_state.Path));
        Assert.Equal(("cni", "migration", "applied"), (record.Actor, record.Action, record.Outcome));
        Assert.Equal("tenant-a/frontend-0", record.Who);
        Assert.Contains("3f6940ab5ab4", record.From);
        Assert.Equal(SampleNode.FindingId, record.FindingId);
        Assert.Equal(plan.Steps.Select(s => s.IpCommand), record.Commands);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_state.Path, "journal"))); // closed
        Assert.Contains("applied", r.Stderr);
    }

    [Fact]
    public async Task A_second_ADD_finds_nothing_to_do_and_changes_nothing()
    {
        (await new PluginRun(_kernel).RunAsync("ADD", Configs.Of("1.0.0", _state.Path))).Succeeded();
        int changes = _kernel.Changes.Count;

        (await new PluginRun(_kernel).RunAsync("ADD", Configs.Of("1.0.0", _state.Path))).Succeeded();
        Assert.Equal(changes, _kernel.Changes.Count);
        Assert.Single(await AuditAsync(_state.Path)); // nothing attempted, nothing recorded
    }

    [Fact]
    public async Task Without_CNI_ARGS_the_audit_names_the_container()
    {
        (await new PluginRun(_kernel).RunAsync("ADD", Configs.Of("1.0.0", _state.Path), new Dictionary<string, string?> { ["CNI_ARGS"] = null })).Succeeded();

        Assert.Equal("container 3f6940ab5ab4", Assert.Single(await AuditAsync(_state.Path)).Who);
    }

    [Fact]
    public async Task Warn_mode_reports_the_route_on_stderr_and_changes_nothing()
    {
        var r = (await new PluginRun(_kernel).RunAsync("ADD", Configs.Of("1.0.0", _state.Path, c => c["mode"] = "warn"))).Succeeded();

        Assert.Empty(_kernel.Changes);
        Assert.Contains(SampleNode.FindingId, r.Stderr);
        Assert.Contains("nothing changed", r.Stderr);
        Assert.True(JsonNode.DeepEquals(Configs.PrevResult100(), JsonNode.Parse(r.Stdout)));
        Assert.False(File.Exists(Path.Combine(_state.Path, FileAuditLog.FileName)));
    }

    [Fact]
    public async Task Kinds_that_do_not_name_the_finding_leave_it_alone()
    {
        (await new PluginRun(_kernel).RunAsync("ADD", Configs.Of("1.0.0", _state.Path, c => c["kinds"] = new JsonArray("inter-vrf-route")))).Succeeded();

        Assert.Empty(_kernel.Changes);
        Assert.Single(Findings);
    }

    [Fact]
    public async Task A_step_the_kernel_refuses_is_rolled_back_and_fails_the_ADD_with_the_route_and_the_kernels_words()
    {
        var before = Routes;
        // The plan's removal from main is refused; undoing its add into table 1001 is not.
        int deletes = 0;
        _kernel.FailChange = (kind, _) => kind == RouteChange.Delete && deletes++ == 0 ? new NetlinkException(113, "delete route", null) : null;

        var r = await new PluginRun(_kernel).RunAsync("ADD", Configs.Of("1.0.0", _state.Path));

        var error = r.Error(100);
        var details = error.GetProperty("details").GetString()!;
        Assert.Contains("default", error.GetProperty("msg").GetString());
        Assert.Contains("rolled-back", details);
        Assert.Contains("No route to host", details);
        Assert.Contains("2001:db8:1::1", details);
        Assert.Equal(before.OrderBy(x => x.ToString()), Routes.OrderBy(x => x.ToString()));
        Assert.Equal("rolled-back", Assert.Single(await AuditAsync(_state.Path)).Outcome);
    }

    [Fact]
    public async Task A_failure_after_the_first_step_is_rolled_back_too()
    {
        var before = Routes;
        var r = await new PluginRun(_kernel, new MigrationOptions { FailAfterStep = 1 }).RunAsync("ADD", Configs.Of("1.0.0", _state.Path));

        Assert.Contains("rolled-back", r.Error(100).GetProperty("details").GetString());
        Assert.Equal(before.OrderBy(x => x.ToString()), Routes.OrderBy(x => x.ToString()));
        Assert.Single(Findings);
    }

    [Fact]
    public async Task No_change_without_a_usable_state_directory_and_the_error_names_it()
    {
        var file = _state.Sub("a-file");
        File.WriteAllText(file, "");
        var r = await new PluginRun(_kernel).RunAsync("ADD", Configs.Of("1.0.0", file));

        var error = r.Error(5);
        Assert.Contains(file, error.GetProperty("msg").GetString());
        Assert.Contains("Multus", error.GetProperty("details").GetString());
        Assert.Empty(_kernel.Changes);
    }

    [Fact]
    public async Task No_change_without_a_usable_audit_directory()
    {
        var shared = _state.Sub("group-writable");
        Directory.CreateDirectory(shared, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupWrite | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        File.SetUnixFileMode(shared, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupWrite | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var r = await new PluginRun(_kernel).RunAsync("ADD", Configs.Of("1.0.0", _state.Path, c => c["auditDirectory"] = shared));

        Assert.Contains(shared, r.Error(5).GetProperty("msg").GetString());
        Assert.Empty(_kernel.Changes);
    }

    [Fact]
    public async Task The_audit_record_goes_to_auditDirectory_and_the_journal_stays_in_stateDirectory()
    {
        var audit = _state.Sub("audit");
        var state = _state.Sub("state");
        (await new PluginRun(_kernel).RunAsync("ADD", Configs.Of("1.0.0", state, c => c["auditDirectory"] = audit))).Succeeded();

        Assert.Equal("applied", Assert.Single(await AuditAsync(audit)).Outcome);
        Assert.False(File.Exists(Path.Combine(state, FileAuditLog.FileName)));
        Assert.True(Directory.Exists(Path.Combine(state, "journal")));
        Assert.True(Directory.Exists(Path.Combine(state, "locks")));
    }
}
