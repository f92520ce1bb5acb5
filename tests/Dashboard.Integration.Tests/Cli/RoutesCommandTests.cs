using System.Text.Json;
using Dashboard.Integration.Tests.Netlink;
using Dashboard.Integration.Tests.Support;
using Dashboard.Server.Contracts;
using Dashboard.Server.Routing;

namespace Dashboard.Integration.Tests.Cli;

public class RoutesCommandTests
{
    [Fact]
    public void Json_output_equals_ip_json_route_show_table_all()
    {
        using var ns = new TestNamespace("cli");
        RoutingScenario.Build(ns);

        var r = Routedash.Run("routes", "--netns", ns.Name, "--json");

        Assert.True(r.ExitCode == 0, r.Stderr);
        var routes = JsonSerializer.Deserialize(r.Stdout, DashboardJson.Default.ListRouteDto)!;
        var actual = routes.Select(ReaderMatchesIprouteTests.Canonical).Order(StringComparer.Ordinal).ToList();
        var expected = IpJson.Routes(ns.Name, IpFamily.Inet).Concat(IpJson.Routes(ns.Name, IpFamily.Inet6))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        Assert.Contains(routes, d => d.Family == "inet6" && d.Dst == "::/0" && d.Nexthops.Count == 2 && d.TableName == "main");
    }

    [Fact]
    public void Text_output_prints_multipath_nexthops_in_iproute2_order_and_filters_table_and_family()
    {
        using var ns = new TestNamespace("clitext");
        RoutingScenario.Build(ns);

        var r = Routedash.Run("routes", "--netns", ns.Name, "-6", "--table", "main");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("default metric 1024 pref medium\n\tnexthop via 2001:db8::1 dev eth0 weight 1\n\tnexthop via 2001:db8:1::1 dev net1 weight 1\n", r.Stdout);
        Assert.DoesNotContain("10.0.0", r.Stdout);
        Assert.DoesNotContain("table 1001", r.Stdout);
        var only1001 = Routedash.Run("routes", "--netns", ns.Name, "--table", "1001");
        Assert.All(only1001.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('\t')),
            line => Assert.Contains("table 1001", line));
    }

    [Theory]
    [InlineData("--netns", "rdt-does-not-exist", "does not exist")]
    [InlineData("--netns", "../etc", "'/'")]
    [InlineData("--netns", "..", "..")]
    [InlineData("--pid", "999999999", "999999999")]
    [InlineData("--netns-path", "/etc/hostname", "not a network namespace")]
    public void Bad_namespaces_exit_2_with_one_line(string option, string value, string expected)
    {
        TestNamespace.RequireRoot();
        var r = Routedash.Run("routes", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void A_pid_whose_process_has_exited_exits_2()
    {
        TestNamespace.RequireRoot();
        // A pid that was real a moment ago: what an operator copies from ps just before the pod goes.
        int pid;
        using (var sleeper = System.Diagnostics.Process.Start("sleep", "60"))
        {
            pid = sleeper.Id;
            sleeper.Kill();
            sleeper.WaitForExit(); // reaped: /proc/PID is gone, not a zombie's
        }

        var r = Routedash.Run("routes", "--pid", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"routedash: no process with pid {pid}", r.Stderr.Trim());
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void Unknown_table_and_bad_usage_exit_2()
    {
        using var ns = new TestNamespace("cliusage");
        Assert.Equal(2, Routedash.Run("routes", "--netns", ns.Name, "--table", "no-such-table").ExitCode);
        Assert.Equal(2, Routedash.Run("routes", "--no-such-option").ExitCode);
        Assert.Equal(2, Routedash.Run("routes", "-4", "-6").ExitCode);
    }

    [Fact]
    public void Namespaces_json_lists_the_test_namespace_by_name()
    {
        using var ns = new TestNamespace("clins");
        var r = Routedash.Run("namespaces", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var list = JsonSerializer.Deserialize(r.Stdout, DashboardJson.Default.NamespaceDtoArray)!;
        Assert.Contains(list, n => n.Id == ns.Name && n.Kind == "named" && n.Path == ns.Path);
        Assert.Single(list, n => n.Id == "host");
    }
}
