using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dashboard.TestSupport;

/// <summary>
/// One `routedash lookup --json` answer compared with what iproute2 says for the same lookup: `ip -j
/// route get` (the route the packet takes, or the kernel's refusal) and `ip -d -j route get fibmatch`
/// (the table entry that matched). Works on the JSON texts alone, so the oracle shares no code with
/// routedash. Used on the host kernel (integration tests) and in the VRF guest (VM tests).
/// </summary>
public static class RouteGetComparison
{
    /// <summary>What ip printed for one `ip … route get …`: its JSON, or the kernel's message after "RTNETLINK answers: ".</summary>
    public sealed record IpOutcome(JsonObject? Route, string? Error)
    {
        public static IpOutcome Parse(int exitCode, string stdout, string stderr)
        {
            if (exitCode == 0 && JsonNode.Parse(stdout) is JsonArray { Count: 1 } array) return new IpOutcome(array[0]!.AsObject(), null);
            const string prefix = "RTNETLINK answers: ";
            var line = stderr.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            return new IpOutcome(null, line is null ? $"ip failed ({exitCode}): {stderr.Trim()}" : line[prefix.Length..].Trim());
        }
    }

    /// <summary>`routedash lookup` options turned into `ip route get` arguments: "--vrf X --from S 10.0.0.1" → "vrf X from S 10.0.0.1".</summary>
    public static string[] IpArguments(string lookupArguments)
    {
        var words = lookupArguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Select(w => w.StartsWith("--", StringComparison.Ordinal) ? w[2..] : w).ToArray();
    }

    /// <summary>Every difference between routedash's answer and iproute2's; empty when they agree.</summary>
    public static List<string> Differences(string lookup, JsonObject ours, IpOutcome get, IpOutcome fibmatch)
    {
        var d = new List<string>();
        void Same(string what, string? mine, string? theirs)
        {
            if (mine != theirs) d.Add($"{lookup}: {what} is {Show(mine)}, ip says {Show(theirs)}");
        }
        bool routed = ours["routed"]!.GetValue<bool>();
        if (get.Route is { } answer)
        {
            if (!routed) d.Add($"{lookup}: routedash says refused ({Str(ours["refusal"]?["message"])}), ip route get answered");
            Same("type", Str(ours["type"]), Str(answer["type"]) ?? "unicast");
            Same("dst", Str(ours["dst"]), Str(answer["dst"]));
            Same("gateway", Str(ours["gateway"]), Gateway(answer));
            Same("dev", Str(ours["dev"]), Str(answer["dev"]));
            Same("prefsrc", Str(ours["prefsrc"]), Str(answer["prefsrc"]));
            Same("from", Str(ours["from"]), Str(answer["from"]));
            Same("iif", Str(ours["iif"]), Str(answer["iif"]));
            // ip leaves out table main.
            if (ours["tableName"] is not null || answer["table"] is not null)
                Same("table", Str(ours["tableName"]) ?? "main", Str(answer["table"]) ?? "main");
        }
        else
        {
            if (routed) d.Add($"{lookup}: routedash says routed, ip route get says \"{get.Error}\"");
            else Same("refusal", Str(ours["refusal"]?["message"]), get.Error);
        }

        var explanation = ours["explanation"]!.AsObject();
        if (Str(explanation["note"]) is { } note) d.Add($"{lookup}: the explanation has a note: {note}");
        if (fibmatch.Route is { } fib)
        {
            Same("explanation source", Str(explanation["source"]), "kernel");
            // The -d form prints the table always; routedash names local routes' table local where a
            // namespace without rules of its own keeps local and main in one trie (ip says main).
            var table = Str(explanation["tableName"]);
            if (!(table == "local" && Str(fib["table"]) == "main" && Str(fib["type"]) == "local")) Same("explanation table", table, Str(fib["table"]));
            if (explanation["route"] is not JsonObject route) d.Add($"{lookup}: no explanation route, fibmatch has {fib.ToJsonString()}");
            else
            {
                Same("route type", Str(route["type"]), Str(fib["type"]) ?? "unicast");
                Same("route dst", Str(route["dst"]), Cidr(Str(fib["dst"]) ?? "default", ours["family"]!.GetValue<string>()));
                Same("route metric", Str(route["metric"]), Str(fib["metric"]));
                Same("route paths", Paths(route), Paths(fib));
            }
            if (explanation["rule"] is null) d.Add($"{lookup}: the explanation names no rule");
        }
        else
        {
            Same("explanation source", Str(explanation["source"]), "rules");
            if (get.Error is { } refused && fibmatch.Error != refused && get.Route is null)
                d.Add($"{lookup}: ip's route get and fibmatch refused differently ({refused} / {fibmatch.Error})");
        }
        return d;
    }

    /// <summary>One line per path, sorted: "via GW dev DEV weight W".</summary>
    private static string Paths(JsonObject route)
    {
        if (route["nexthops"] is JsonArray { Count: > 0 } hops)
            return string.Join(" | ", hops.Select(h => $"via {Gateway(h!.AsObject())} dev {Str(h["dev"])} weight {Str(h["weight"]) ?? "1"}").Order(StringComparer.Ordinal));
        return $"via {Gateway(route)} dev {Str(route["dev"])} weight 1";
    }

    private static string? Gateway(JsonObject o) => Str(o["gateway"]) ?? Str(o["via"]?["host"]);

    private static string Cidr(string dst, string family)
    {
        if (dst == "default") return family == "inet6" ? "::/0" : "0.0.0.0/0";
        return dst.Contains('/') ? dst : dst + (family == "inet6" ? "/128" : "/32");
    }

    private static string? Str(JsonNode? n) => n switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
        _ => n.ToJsonString(),
    };

    private static string Show(string? s) => s is null ? "(none)" : $"\"{s}\"";
}
