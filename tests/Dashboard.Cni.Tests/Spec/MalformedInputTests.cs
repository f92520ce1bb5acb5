using System.Text.Json.Nodes;
using Dashboard.Cni.Tests.Support;
using Dashboard.Server.Migration;
using Dashboard.Web.Tests.Support;

namespace Dashboard.Cni.Tests.Spec;

/// <summary>
/// Whatever a runtime or an operator's NetworkAttachmentDefinition hands the plugin, it answers with the
/// spec's error object and the right code, never a crash, and the #1253 pod it was called for (which it
/// would otherwise fix) is left exactly as it was.
/// </summary>
public sealed class MalformedInputTests : IDisposable
{
    private readonly InCodeBackend _kernel = SampleNode.Backend();
    private readonly TempDirectory _state = new();

    public void Dispose() => _state.Dispose();

    private string Valid(Action<JsonObject> edit) => Configs.Of("1.0.0", _state.Path, edit);

    public static TheoryData<string, string, int> Configurations => new()
    {
        { "empty stdin", "", 6 },
        { "not JSON", "{\"cniVersion\": \"1.0.0\",", 6 },
        { "a repeated key", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"mode\":\"warn\",\"mode\":\"fix\",\"prevResult\":{}}", 6 },
        { "nested 100 deep", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"x\":" + new string('[', 100) + new string(']', 100) + "}", 6 },
        { "an array", "[]", 7 },
        { "no cniVersion", "{\"name\":\"n\",\"prevResult\":{}}", 7 },
        { "cniVersion a number", "{\"cniVersion\":1,\"name\":\"n\",\"prevResult\":{}}", 7 },
        { "cniVersion 0.2.0", "{\"cniVersion\":\"0.2.0\",\"name\":\"n\",\"prevResult\":{}}", 1 },
        { "cniVersion 2.0.0", "{\"cniVersion\":\"2.0.0\",\"name\":\"n\",\"prevResult\":{}}", 1 },
        { "no name", "{\"cniVersion\":\"1.0.0\",\"prevResult\":{}}", 7 },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public async Task A_malformed_configuration_is_a_cni_error_and_changes_nothing(string what, string stdin, int code)
    {
        var r = await new PluginRun(_kernel).RunAsync("ADD", stdin);

        r.Error(code);
        Assert.True(_kernel.Changes.Count == 0, what);
        Assert.Single(Doctor.Diagnose(_kernel.Read(SampleNode.PodNamespace, TestContext.Current.CancellationToken)));
    }

    public static TheoryData<string, string> BadFields => new()
    {
        { "mode", "\"fixit\"" },
        { "mode", "true" },
        { "kinds", "\"mixed-vrf-ecmp\"" },
        { "kinds", "[]" },
        { "kinds", "[\"mixed-vrf-ecmp\", \"bogus\"]" },
        { "kinds", "[7]" },
        { "stateDirectory", "\"var/lib/routedash\"" },
        { "stateDirectory", "42" },
        { "auditDirectory", "\"./audit\"" },
        { "prevResult", "\"result\"" },
        { "prevResult", "[]" },
        { "cni.dev/valid-attachments", "{}" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_field_of_the_wrong_shape_is_error_7_naming_it_and_changes_nothing(string field, string json)
    {
        var r = await new PluginRun(_kernel).RunAsync("ADD", Valid(c => c[field] = JsonNode.Parse(json)));

        var error = r.Error(7);
        Assert.Contains(field, error.GetProperty("msg").GetString());
        Assert.Equal("1.0.0", error.GetProperty("cniVersion").GetString()); // the configuration's, which could be read
        Assert.Empty(_kernel.Changes);
    }

    public static TheoryData<string, string> BadPrevResults => new()
    {
        { "interfaces", "{\"interfaces\": {}}" },
        { "interfaces[0].name", "{\"interfaces\": [{\"mac\": \"x\"}]}" },
        { "ips", "{\"ips\": \"2001:db8::2/64\"}" },
        { "ips[0].address", "{\"ips\": [{\"address\": \"2001:db8::zz/64\"}]}" },
        { "ips[0].address", "{\"ips\": [{\"address\": \"2001:db8::2/129\"}]}" },
        { "ips[0].address", "{\"ips\": [{\"address\": \"10.0.0.2\"}]}" },
        { "ips[0].gateway", "{\"ips\": [{\"address\": \"10.0.0.2/24\", \"gateway\": \"nope\"}]}" },
        { "ips[0].interface", "{\"interfaces\": [{\"name\": \"net1\"}], \"ips\": [{\"address\": \"10.0.0.2/24\", \"interface\": 1}]}" },
        { "routes[0].dst", "{\"routes\": [{\"gw\": \"10.0.0.1\"}]}" },
        { "dns", "{\"dns\": []}" },
    };

    [Theory]
    [MemberData(nameof(BadPrevResults))]
    public async Task A_malformed_prevResult_is_error_7_naming_the_field_and_changes_nothing(string field, string prevResult)
    {
        var r = await new PluginRun(_kernel).RunAsync("ADD", Valid(c => c["prevResult"] = JsonNode.Parse(prevResult)));

        var error = r.Error(7);
        Assert.Contains(field, error.GetProperty("msg").GetString());
        Assert.Equal("1.0.0", error.GetProperty("cniVersion").GetString());
        Assert.Empty(_kernel.Changes);
    }

    [Fact]
    public async Task ADD_without_prevResult_says_the_plugin_belongs_after_vrf()
    {
        var r = await new PluginRun(_kernel).RunAsync("ADD", Valid(c => c.Remove("prevResult")));

        Assert.Contains("after vrf", r.Error(7).GetProperty("msg").GetString());
        Assert.Empty(_kernel.Changes);
    }

    public static TheoryData<string, string?, int> BadEnvironments => new()
    {
        { "CNI_COMMAND", null, 4 },
        { "CNI_COMMAND", "FROB", 4 },
        { "CNI_CONTAINERID", null, 4 },
        { "CNI_CONTAINERID", "-leading-dash", 4 },
        { "CNI_CONTAINERID", "has space", 4 },
        { "CNI_NETNS", null, 4 },
        { "CNI_IFNAME", null, 4 },
        { "CNI_IFNAME", "a-name-of-16-chr", 4 },
        { "CNI_IFNAME", "net/1", 4 },
        { "CNI_NETNS", "/run/netns/does-not-exist", 3 },
    };

    [Theory]
    [MemberData(nameof(BadEnvironments))]
    public async Task A_missing_or_malformed_variable_is_a_cni_error(string variable, string? value, int code)
    {
        var r = await new PluginRun(_kernel).RunAsync("ADD", Valid(_ => { }), new Dictionary<string, string?> { [variable] = value });

        var error = r.Error(code);
        if (code == 4) Assert.Contains(variable, error.GetProperty("msg").GetString());
        Assert.Empty(_kernel.Changes);
    }

    [Fact]
    public async Task A_control_character_in_a_value_is_not_echoed_into_the_runtimes_log()
    {
        var r = await new PluginRun(_kernel).RunAsync("ADD", Valid(c => c["mode"] = "fix\nERROR forged line"));

        Assert.DoesNotContain("\n", r.Error(7).GetProperty("msg").GetString());
        Assert.Contains("\\x0a", r.Msg);
    }
}
