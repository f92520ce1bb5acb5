using System.Globalization;
using System.Text.Json.Nodes;
using Dashboard.Server.Routing;

namespace Dashboard.Cni.Spec;

/// <summary>
/// The result the previous plugin of the chain handed on (prevResult): checked to be a CNI result, and
/// printed back unchanged but in the configuration's cniVersion. The only difference between the
/// versions this plugin speaks is each IP's "version" field, which results before 1.0.0 carry and 1.0.0
/// dropped; every other field, known or not, passes through as it came.
/// </summary>
public static class PrevResult
{
    /// <exception cref="CniException">code 7 naming the first field that is not what a result holds.</exception>
    public static void Validate(JsonObject result)
    {
        int interfaces = 0;
        if (result["interfaces"] is { } ifs)
        {
            var list = ifs as JsonArray ?? throw Invalid("interfaces", "is not an array");
            for (int i = 0; i < list.Count; i++)
            {
                var item = list[i] as JsonObject ?? throw Invalid($"interfaces[{i}]", "is not an object");
                if (!IsString(item["name"])) throw Invalid($"interfaces[{i}].name", "is missing or not a string");
            }
            interfaces = list.Count;
        }
        if (result["ips"] is { } ips)
        {
            var list = ips as JsonArray ?? throw Invalid("ips", "is not an array");
            for (int i = 0; i < list.Count; i++)
            {
                var item = list[i] as JsonObject ?? throw Invalid($"ips[{i}]", "is not an object");
                if (!IsCidr(item["address"])) throw Invalid($"ips[{i}].address", "is not an address with a prefix length (e.g. 2001:db8:1::2/64)");
                if (item["gateway"] is { } gw && !(IsString(gw) && IpAddr.TryParse(gw.GetValue<string>(), out _)))
                    throw Invalid($"ips[{i}].gateway", "is not an IP address");
                if (item["interface"] is { } ix && !(TryInt(ix, out var n) && n >= 0 && n < interfaces))
                    throw Invalid($"ips[{i}].interface", $"is not an index into interfaces (0-{interfaces - 1})");
            }
        }
        if (result["routes"] is { } routes)
        {
            var list = routes as JsonArray ?? throw Invalid("routes", "is not an array");
            for (int i = 0; i < list.Count; i++)
            {
                var item = list[i] as JsonObject ?? throw Invalid($"routes[{i}]", "is not an object");
                if (!IsCidr(item["dst"])) throw Invalid($"routes[{i}].dst", "is not a destination with a prefix length (e.g. ::/0)");
            }
        }
        if (result["dns"] is { } dns && dns is not JsonObject) throw Invalid("dns", "is not an object");
    }

    /// <summary>A copy of <paramref name="result"/> as a result of <paramref name="cniVersion"/>.</summary>
    public static JsonObject ForVersion(JsonObject result, string cniVersion)
    {
        var copy = (JsonObject)result.DeepClone();
        copy["cniVersion"] = cniVersion;
        if (copy["ips"] is JsonArray ips)
        {
            bool carry = CniVersion.IpsCarryVersion(cniVersion);
            foreach (var ip in ips.OfType<JsonObject>())
            {
                if (!carry) ip.Remove("version");
                else if (ip["version"] is null && ip["address"]?.GetValue<string>() is { } address)
                    ip["version"] = address.Contains(':') ? "6" : "4";
            }
        }
        return copy;
    }

    private static CniException Invalid(string field, string why) =>
        new(CniErrorCodes.InvalidNetworkConfig, $"invalid prevResult: {field} {why}",
            "prevResult is the result of the plugin before routedash-cni in the chain (put routedash-cni after vrf)");

    private static bool IsString(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out _);

    private static bool TryInt(JsonNode node, out int value)
    {
        value = 0;
        return node is JsonValue v && v.TryGetValue(out value);
    }

    internal static bool IsCidr(JsonNode? node)
    {
        if (!IsString(node)) return false;
        var text = node!.GetValue<string>();
        int slash = text.IndexOf('/');
        if (slash <= 0 || !IpAddr.TryParse(text.AsSpan(0, slash), out var address)) return false;
        int max = address.Family == IpFamily.Inet6 ? 128 : 32;
        return int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length <= max;
    }
}
