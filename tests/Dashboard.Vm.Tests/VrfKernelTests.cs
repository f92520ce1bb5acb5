using System.Text.Json;
using Dashboard.Vm.Tests.Harness;

namespace Dashboard.Vm.Tests;

/// <summary>
/// Proves on Debian's 6.1 kernel (real VRF) the facts DESIGN.md states and the migration builds on.
/// The scenarios (Scenarios/*.sh) only set up and dump; every check is here, on `ip -j` output.
/// </summary>
public sealed class VrfKernelTests(VrfKernelFixture vm) : IClassFixture<VrfKernelFixture>
{
    private static readonly IpHop Eth0Hop = new("2001:db8::1", "eth0", 1);
    private static readonly IpHop Net1Hop = new("2001:db8:1::1", "net1", 1);

    [Fact]
    public void Enslaved_member_has_the_vrf_as_master_and_the_vrf_owns_table_1001()
    {
        var result = vm.Scenario("vrf-enslave").EnsureSucceeded();
        var links = result.ReadJson("links.json");

        var net1 = IpJson.Link(links, "net1");
        Assert.Equal("vrf1001", IpJson.Find(net1, "master"));
        Assert.Equal("dummy", IpJson.Find(net1, "linkinfo", "info_kind"));
        Assert.Equal("vrf", IpJson.Find(net1, "linkinfo", "info_slave_kind"));
        Assert.Equal("1001", IpJson.Find(net1, "linkinfo", "info_slave_data", "table"));

        var vrf = IpJson.Link(links, "vrf1001");
        Assert.Equal("vrf", IpJson.Find(vrf, "linkinfo", "info_kind"));
        Assert.Equal("1001", IpJson.Find(vrf, "linkinfo", "info_data", "table"));
    }

    [Fact]
    public void Mixed_ipv6_ecmp_default_stays_in_main_after_enslaving_and_the_vrf_table_has_no_default()
    {
        var result = vm.Scenario("ecmp-move").EnsureSucceeded();

        var before = Default(result, "before-enslave-main.json");
        Assert.Equal([Eth0Hop, Net1Hop], before.Hops);

        var main = Default(result, "after-enslave-main.json");
        Assert.Equal(1024, main.Metric);
        Assert.Equal([Eth0Hop, Net1Hop], main.Hops);

        var vrfTable = IpJson.Routes(result.ReadJson("after-enslave-1001.json"));
        Assert.DoesNotContain(vrfTable, r => r.Dst == "default");
        // The kernel did move net1's connected route into the VRF table: the table is live, just without a default.
        Assert.Contains(vrfTable, r => r.Dst == "2001:db8:1::/64" && r.Hops.Single().Device == "net1");
    }

    [Fact]
    public void Enslaving_flushes_the_members_global_ipv6_address()
    {
        var result = vm.Scenario("ecmp-move").EnsureSucceeded();
        var addresses = result.ReadJson("net1-addr-after-enslave.json")[0].GetProperty("addr_info").EnumerateArray()
            .Where(a => a.GetProperty("family").GetString() == "inet6")
            .Select(a => (Local: a.GetProperty("local").GetString(), Scope: a.GetProperty("scope").GetString()))
            .ToList();

        Assert.DoesNotContain(addresses, a => a.Scope == "global");
        Assert.Contains(addresses, a => a.Scope == "link");
    }

    [Fact]
    public void Adding_the_nexthop_to_table_1001_and_deleting_it_from_main_moves_exactly_that_nexthop()
    {
        var result = vm.Scenario("ecmp-move").EnsureSucceeded();

        var main = Default(result, "after-move-main.json");
        Assert.Equal(1024, main.Metric);
        Assert.Equal([Eth0Hop], main.Hops);

        var vrf = Default(result, "after-move-1001.json");
        Assert.Equal(1024, vrf.Metric);
        Assert.Equal([Net1Hop], vrf.Hops);

        // Nothing else moved: the rest of main is what it was after enslaving.
        Assert.Equal(
            OtherThanDefault(result, "after-enslave-main.json"),
            OtherThanDefault(result, "after-move-main.json"));
    }

    private static IpRoute Default(ScenarioResult result, string file)
    {
        var defaults = IpJson.Routes(result.ReadJson(file)).Where(r => r.Dst == "default").ToList();
        Assert.True(defaults.Count == 1, $"{file}: expected one default route, got {defaults.Count}:\n{result.Stdout}");
        Assert.Equal("unicast", defaults[0].Type);
        return defaults[0];
    }

    private static List<string> OtherThanDefault(ScenarioResult result, string file) =>
        [.. result.ReadJson(file).EnumerateArray()
            .Where(r => r.GetProperty("dst").GetString() != "default")
            .Select(r => JsonSerializer.Serialize(r))];
}
