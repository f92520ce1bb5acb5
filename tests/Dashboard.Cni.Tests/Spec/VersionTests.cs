using System.Text.Json.Nodes;
using Dashboard.Cni.Tests.Support;
using Dashboard.Web.Tests.Support;

namespace Dashboard.Cni.Tests.Spec;

/// <summary>
/// The spec versions routedash-cni speaks (0.3.1, 0.4.0, 1.0.0, 1.1.0) and what differs between them:
/// VERSION's answer, the result printed in the configuration's version (0.x results carry each IP's
/// "version", 1.x ones do not), CHECK from 0.4.0, STATUS and GC from 1.1.0.
/// </summary>
public sealed class VersionTests : IDisposable
{
    private readonly InCodeBackend _kernel = SampleNode.Backend();
    private readonly TempDirectory _state = new();
    private static readonly Dictionary<string, string?> Plain = new() { ["CNI_NETNS"] = "/run/netns/" + SampleNode.PlainNs };

    private PluginRun Plugin => new(_kernel);

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task VERSION_lists_the_four_versions_and_needs_no_configuration()
    {
        var r = (await Plugin.RunAsync("VERSION", stdin: null)).Succeeded();

        var answer = r.Json();
        Assert.Equal("1.1.0", answer.GetProperty("cniVersion").GetString());
        Assert.Equal(["0.3.1", "0.4.0", "1.0.0", "1.1.0"], answer.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task ADD_in_1_0_0_prints_prevResult_unchanged()
    {
        var prev = Configs.PrevResult100();
        var r = (await Plugin.RunAsync("ADD", Configs.Of("1.0.0", _state.Path, prevResult: prev), Plain)).Succeeded();

        Assert.True(JsonNode.DeepEquals(prev, JsonNode.Parse(r.Stdout)), $"printed:\n{r.Stdout}\nexpected:\n{prev.ToJsonString()}");
    }

    [Theory]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    public async Task ADD_in_0_x_prints_prevResult_in_that_version_with_each_ips_version(string version)
    {
        // A runtime speaking 0.x hands on a 0.x result: "version" in each IP. One without it (converted
        // from a 1.0.0 plugin's output) gets it back, so that a 0.x runtime can read the result.
        var prev = Configs.PrevResult100();
        prev["cniVersion"] = version;
        var r = (await Plugin.RunAsync("ADD", Configs.Of(version, _state.Path, prevResult: prev), Plain)).Succeeded();

        var printed = JsonNode.Parse(r.Stdout)!.AsObject();
        Assert.Equal(version, printed["cniVersion"]!.GetValue<string>());
        var ip = printed["ips"]![0]!.AsObject();
        Assert.Equal("6", ip["version"]!.GetValue<string>());
        Assert.Equal("2001:db8:1::11/64", ip["address"]!.GetValue<string>());
        // Everything else as it came.
        printed.Remove("cniVersion");
        prev.Remove("cniVersion");
        ip.Remove("version");
        Assert.True(JsonNode.DeepEquals(prev, printed), r.Stdout);
    }

    [Fact]
    public async Task ADD_in_1_0_0_drops_the_ip_version_a_0_4_0_result_carried()
    {
        var prev = Configs.PrevResult100();
        prev["cniVersion"] = "0.4.0";
        prev["ips"]![0]!["version"] = "6";
        var r = (await Plugin.RunAsync("ADD", Configs.Of("1.0.0", _state.Path, prevResult: prev), Plain)).Succeeded();

        var printed = JsonNode.Parse(r.Stdout)!;
        Assert.Equal("1.0.0", printed["cniVersion"]!.GetValue<string>());
        Assert.Null(printed["ips"]![0]!["version"]);
    }

    [Fact]
    public async Task ADD_in_1_1_0_keeps_the_fields_1_1_0_added_to_results()
    {
        var prev = Configs.PrevResult100();
        prev["cniVersion"] = "1.1.0";
        prev["interfaces"]![0]!["mtu"] = 1500;
        prev["interfaces"]![0]!["socketPath"] = "/run/vhost.sock";
        prev["routes"]![0]!["table"] = 1001;
        prev["routes"]![0]!["scope"] = 0;
        prev["routes"]![0]!["priority"] = 1024;
        var r = (await Plugin.RunAsync("ADD", Configs.Of("1.1.0", _state.Path, prevResult: prev), Plain)).Succeeded();

        Assert.True(JsonNode.DeepEquals(prev, JsonNode.Parse(r.Stdout)), r.Stdout);
    }

    [Fact]
    public async Task CHECK_needs_0_4_0_and_succeeds_silently_from_there()
    {
        var old = await Plugin.RunAsync("CHECK", Configs.Of("0.3.1", _state.Path), Plain);
        Assert.Contains("0.4.0", old.Error(1).GetProperty("msg").GetString());
        Assert.Equal("0.3.1", old.Json().GetProperty("cniVersion").GetString());

        foreach (var version in new[] { "0.4.0", "1.0.0", "1.1.0" })
        {
            var r = (await Plugin.RunAsync("CHECK", Configs.Of(version, _state.Path), Plain)).Succeeded();
            Assert.Equal("", r.Stdout);
        }
    }

    [Theory]
    [InlineData("STATUS")]
    [InlineData("GC")]
    public async Task STATUS_and_GC_need_1_1_0_and_then_succeed_with_no_output(string command)
    {
        // Neither gets a container, a namespace or an interface: only CNI_COMMAND and CNI_PATH.
        var none = new Dictionary<string, string?> { ["CNI_CONTAINERID"] = null, ["CNI_NETNS"] = null, ["CNI_IFNAME"] = null, ["CNI_ARGS"] = null };

        var old = await Plugin.RunAsync(command, Configs.Of("1.0.0", _state.Path, c => c.Remove("prevResult")), none);
        Assert.Contains("1.1.0", old.Error(1).GetProperty("msg").GetString());

        var r = (await Plugin.RunAsync(command, Configs.Of("1.1.0", _state.Path, c =>
        {
            c.Remove("prevResult");
            c["cni.dev/valid-attachments"] = new JsonArray(new JsonObject { ["containerID"] = "3f6940ab5ab4", ["ifname"] = "net1" });
        }), none)).Succeeded();
        Assert.Equal("", r.Stdout);
        Assert.Empty(_kernel.Changes);
    }
}
