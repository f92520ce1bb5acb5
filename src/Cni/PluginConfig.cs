using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Cni.Spec;
using Dashboard.Server.Analysis;
using Dashboard.Server.Contracts;
using Dashboard.Server.State;

namespace Dashboard.Cni;

/// <summary>What routedash-cni does with a finding: fix it (the default) or only report it.</summary>
public enum RemediationMode { Fix, Warn }

/// <summary>
/// The network configuration routedash-cni gets on stdin: the spec's fields (cniVersion, name, type,
/// prevResult, GC's valid attachments) and its own:
/// <c>mode</c> ("fix" | "warn", default "fix"), <c>kinds</c> (finding kinds to act on, default
/// ["mixed-vrf-ecmp"]), <c>stateDirectory</c> (locks and journal, default /var/lib/routedash, the
/// node's shared location) and <c>auditDirectory</c> (default: the state directory, where the
/// dashboard reads the audit trail). Fields it does not know are left alone, as the spec asks of
/// chained plugins' configurations.
/// </summary>
public sealed record PluginConfig(
    string CniVersion,
    string Name,
    RemediationMode Mode,
    IReadOnlySet<FindingKind> Kinds,
    string StateDirectory,
    string AuditDirectory,
    JsonObject? PrevResult)
{
    public static readonly IReadOnlyList<FindingKind> DefaultKinds = [FindingKind.MixedVrfEcmp];

    /// <summary>The lock, journal and audit locations of this configuration.</summary>
    public StateLocations State => new(StateDirectory, AuditDirectory);

    /// <exception cref="CniException">6 when stdin is not JSON; 1 for an unsupported cniVersion; 7 for anything else wrong.</exception>
    public static PluginConfig Parse(ReadOnlySpan<byte> stdin)
    {
        JsonNode? root;
        // A repeated key is refused at any depth: which of two "mode"s counts would be a guess.
        try { root = JsonNode.Parse(stdin, documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false }); }
        catch (JsonException e)
        {
            throw new CniException(CniErrorCodes.DecodeFailure, "the network configuration on stdin is not JSON", e.Message);
        }
        var config = root as JsonObject ?? throw Invalid("the network configuration is not a JSON object");

        var version = String(config, "cniVersion") ?? throw Invalid("cniVersion is missing");
        if (!Spec.CniVersion.IsSupported(version))
            throw new CniException(CniErrorCodes.IncompatibleVersion, $"cniVersion {CniEnvironment.Printable(version)} is not supported",
                $"routedash-cni supports {string.Join(", ", Spec.CniVersion.Supported)}");
        // From here on the configuration's version is known: errors are answered in it, as the spec asks.
        try { return ParseFields(config, version); }
        catch (CniException e) when (e.CniVersion is null) { throw e.In(version); }
    }

    private static PluginConfig ParseFields(JsonObject config, string version)
    {
        var name = String(config, "name") ?? throw Invalid("name is missing");

        var mode = String(config, "mode") switch
        {
            null or "fix" => RemediationMode.Fix,
            "warn" => RemediationMode.Warn,
            var other => throw Invalid($"mode '{CniEnvironment.Printable(other)}' is not \"fix\" or \"warn\""),
        };
        var kinds = ParseKinds(config["kinds"]);
        var state = Directory(config, "stateDirectory") ?? StateLocations.DefaultRoot;
        var audit = Directory(config, "auditDirectory") ?? state;

        JsonObject? prev = null;
        if (config["prevResult"] is { } p)
        {
            prev = p as JsonObject ?? throw Invalid("prevResult is not a JSON object");
            Spec.PrevResult.Validate(prev);
        }
        if (config["cni.dev/valid-attachments"] is { } attachments && attachments is not JsonArray)
            throw Invalid("cni.dev/valid-attachments is not an array");
        return new PluginConfig(version, name, mode, kinds, state, audit, prev);
    }

    private static IReadOnlySet<FindingKind> ParseKinds(JsonNode? node)
    {
        if (node is null) return DefaultKinds.ToHashSet();
        var list = node as JsonArray ?? throw Invalid("kinds is not an array of finding kinds");
        if (list.Count == 0) throw Invalid("kinds is empty: name at least one finding kind (or leave it out for [\"mixed-vrf-ecmp\"])");
        var known = Enum.GetValues<FindingKind>().ToDictionary(FindingKinds.Name, StringComparer.Ordinal);
        var kinds = new HashSet<FindingKind>();
        foreach (var item in list)
        {
            var text = item is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Invalid("kinds holds something that is not a string");
            if (!known.TryGetValue(text, out var kind))
                throw Invalid($"kinds names an unknown finding kind '{CniEnvironment.Printable(text)}' (known: {string.Join(", ", known.Keys)})");
            kinds.Add(kind);
        }
        return kinds;
    }

    private static string? Directory(JsonObject config, string key)
    {
        var path = String(config, key);
        if (path is null) return null;
        if (!Path.IsPathFullyQualified(path) || path.Any(char.IsControl))
            throw Invalid($"{key} '{CniEnvironment.Printable(path)}' is not an absolute path");
        return path;
    }

    private static string? String(JsonObject config, string key) => config[key] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw Invalid($"{key} is not a string"),
    };

    private static CniException Invalid(string why) =>
        new(CniErrorCodes.InvalidNetworkConfig, $"invalid routedash-cni configuration: {why}",
            "see docs/cni.md for the configuration (mode, kinds, stateDirectory, auditDirectory)");
}
