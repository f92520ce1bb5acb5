using System.Text.Json.Nodes;
using Dashboard.Cni.Tests.Support;
using Dashboard.Server.Migration;
using Dashboard.Web.Tests.Support;

namespace Dashboard.Cni.Tests.Spec;

/// <summary>DEL, CHECK and STATUS on the #1253 pod: what each may and may not do.</summary>
public sealed class LifecycleTests : IDisposable
{
    private readonly InCodeBackend _kernel = SampleNode.Backend();
    private readonly TempDirectory _state = new();

    public void Dispose() => _state.Dispose();

    private PluginRun Plugin => new(_kernel);

    private int Findings => Doctor.Diagnose(_kernel.Read(SampleNode.PodNamespace, TestContext.Current.CancellationToken)).Count;

    [Fact]
    public async Task DEL_succeeds_silently_changes_nothing_and_can_be_repeated()
    {
        for (int i = 0; i < 2; i++)
        {
            var r = (await Plugin.RunAsync("DEL", Configs.Of("1.0.0", _state.Path))).Succeeded();
            Assert.Equal("", r.Stdout);
        }
        Assert.Empty(_kernel.Changes);
        Assert.Equal(1, Findings);
    }

    [Fact]
    public async Task DEL_succeeds_when_the_namespace_is_gone_or_not_given_or_the_configuration_is_broken()
    {
        _kernel.Remove(SampleNode.PodNs);
        (await Plugin.RunAsync("DEL", Configs.Of("1.0.0", _state.Path))).Succeeded();
        (await Plugin.RunAsync("DEL", Configs.Of("0.3.1", _state.Path, c => c.Remove("prevResult")),
            new Dictionary<string, string?> { ["CNI_NETNS"] = null, ["CNI_IFNAME"] = null })).Succeeded();

        // A pod must stay deletable: a configuration DEL cannot use is noted on stderr, and DEL succeeds.
        var broken = (await Plugin.RunAsync("DEL", "{\"cniVersion\": ")).Succeeded();
        Assert.Equal("", broken.Stdout);
        Assert.Contains("not JSON", broken.Stderr);
    }

    [Fact]
    public async Task CHECK_fails_with_101_naming_the_route_while_the_finding_is_there_and_passes_after_ADD()
    {
        var before = await Plugin.RunAsync("CHECK", Configs.Of("1.0.0", _state.Path));
        var error = before.Error(101);
        Assert.Contains("mixed-vrf-ecmp", error.GetProperty("details").GetString());
        Assert.Contains("default", error.GetProperty("details").GetString());
        Assert.Contains("net1", error.GetProperty("details").GetString());
        Assert.Empty(_kernel.Changes); // CHECK only looks

        (await Plugin.RunAsync("ADD", Configs.Of("1.0.0", _state.Path))).Succeeded();
        var after = (await Plugin.RunAsync("CHECK", Configs.Of("1.0.0", _state.Path))).Succeeded();
        Assert.Equal("", after.Stdout);
    }

    [Fact]
    public async Task CHECK_looks_only_for_the_configured_kinds()
    {
        var other = Configs.Of("1.0.0", _state.Path, c => c["kinds"] = new JsonArray("inter-vrf-route"));
        (await Plugin.RunAsync("CHECK", other)).Succeeded();
    }

    [Fact]
    public async Task STATUS_answers_50_naming_the_path_when_a_fixing_ADD_could_not_record_its_change()
    {
        var file = _state.Sub("not-a-directory");
        File.WriteAllText(file, "");
        var status = Configs.Of("1.1.0", file, c => c.Remove("prevResult"));
        var none = new Dictionary<string, string?> { ["CNI_CONTAINERID"] = null, ["CNI_NETNS"] = null, ["CNI_IFNAME"] = null };

        var r = await Plugin.RunAsync("STATUS", status, none);
        Assert.Contains(file, r.Error(50).GetProperty("msg").GetString());

        // In warn mode nothing is ever written: the plugin is available without its state.
        (await Plugin.RunAsync("STATUS", Configs.Of("1.1.0", file, c => { c.Remove("prevResult"); c["mode"] = "warn"; }), none)).Succeeded();
    }
}
