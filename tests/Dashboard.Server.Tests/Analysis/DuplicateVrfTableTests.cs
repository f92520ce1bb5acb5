using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Tests.Analysis;

/// <summary>duplicate-vrf-table: VRF devices sharing a table.</summary>
public sealed class DuplicateVrfTableTests
{
    [Fact]
    public void Two_vrfs_on_one_table_are_one_error_without_a_plan()
    {
        var s = new NodeState().Link(1, "lo").Vrf(10, "vrfa", 1001).Vrf(11, "vrfb", 1001).Vrf(12, "vrfc", 1002).KernelRules();

        var d = Assert.Single(Doctor.Diagnose(s.Snapshot()));

        Assert.Equal((FindingKind.DuplicateVrfTable, Severity.Error, 1001u), (d.Finding.Kind, d.Finding.Severity, d.Finding.Table));
        Assert.Null(d.Finding.Family);
        Assert.Equal([("vrfa", 1001u), ("vrfb", 1001u)], d.Finding.Vrfs.Select(v => (v.Name, v.Table)));
        Assert.Null(d.Plan);
        Assert.False(d.Finding.Fixable);
        Assert.Equal("VRFs vrfa and vrfb share table 1001", d.Finding.Title);
        Assert.Contains("strict_mode", d.Finding.Explanation);
    }

    [Fact]
    public void Three_vrfs_on_one_table_are_one_finding_naming_all_three()
    {
        var s = new NodeState().Vrf(10, "vrfa", 1001).Vrf(11, "vrfb", 1001).Vrf(12, "vrfc", 1001);

        Assert.Equal(["vrfa", "vrfb", "vrfc"], Assert.Single(FindingAnalyzer.Analyze(s.Snapshot())).Vrfs.Select(v => v.Name));
    }

    [Fact]
    public void The_id_follows_names_and_table_not_interface_indexes()
    {
        var a = new NodeState().Vrf(10, "vrfa", 1001).Vrf(11, "vrfb", 1001);
        var b = new NodeState().Vrf(31, "vrfb", 1001).Vrf(30, "vrfa", 1001);
        var c = new NodeState().Vrf(10, "vrfa", 1001).Vrf(11, "vrfx", 1001);

        var id = Assert.Single(FindingAnalyzer.Analyze(a.Snapshot())).Id;
        Assert.Equal(id, Assert.Single(FindingAnalyzer.Analyze(b.Snapshot())).Id);
        Assert.NotEqual(id, Assert.Single(FindingAnalyzer.Analyze(c.Snapshot())).Id);
    }

    [Fact]
    public void Vrfs_on_tables_of_their_own_give_nothing()
    {
        Assert.Empty(FindingAnalyzer.Analyze(new NodeState().Vrf(10, "vrfa", 1001).Vrf(11, "vrfb", 1002).KernelRules().Snapshot()));
    }
}
