using System.Text.Json.Nodes;

namespace Dashboard.Cni.Tests.Support;

/// <summary>Network configurations as a runtime hands them to the last plugin of the chain.</summary>
public static class Configs
{
    /// <summary>What macvlan (with static IPAM) and then vrf hand on in the #1253 chain, as a 1.0.0 result.</summary>
    public static JsonObject PrevResult100() => new()
    {
        ["cniVersion"] = "1.0.0",
        ["interfaces"] = new JsonArray(new JsonObject { ["name"] = "net1", ["mac"] = "3e:1d:9a:42:00:11", ["sandbox"] = "/run/netns/cni-4f1c2a9e" }),
        ["ips"] = new JsonArray(new JsonObject { ["address"] = "2001:db8:1::11/64", ["gateway"] = "2001:db8:1::1", ["interface"] = 0 }),
        ["routes"] = new JsonArray(new JsonObject { ["dst"] = "::/0", ["gw"] = "2001:db8:1::1" }),
        ["dns"] = new JsonObject(),
    };

    /// <summary>The plugin's configuration; <paramref name="edit"/> changes it before it is written.</summary>
    public static string Of(string cniVersion, string stateDirectory, Action<JsonObject>? edit = null, JsonObject? prevResult = null)
    {
        var config = new JsonObject
        {
            ["cniVersion"] = cniVersion,
            ["name"] = "vrf-blue-net",
            ["type"] = "routedash-cni",
            ["stateDirectory"] = stateDirectory,
            ["prevResult"] = prevResult ?? PrevResult100(),
        };
        edit?.Invoke(config);
        return config.ToJsonString();
    }
}
