using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Server.Contracts;

namespace Dashboard.Server.Audit;

/// <summary>
/// The audit file's lines are versioned records of their own. Version 2 (written since the typed
/// model) carries "v": 2, an actor and an action, and routes as <see cref="RouteDto"/>. Version 1 lines
/// (no "v") were the first release's model serialised by reflection; they are still read, never written.
/// </summary>
internal static class AuditJson
{
    public const int CurrentVersion = 2;

    public static byte[] Write(AuditRecord r) => JsonSerializer.SerializeToUtf8Bytes(new AuditLine
    {
        Version = CurrentVersion, Id = r.Id, When = r.When, Actor = r.Actor, Who = r.Who, From = r.From,
        NamespaceId = r.NamespaceId, FindingId = r.FindingId, Action = r.Action, Outcome = r.Outcome,
        Commands = r.Commands.ToArray(), Before = r.Before.ToArray(), After = r.After.ToArray(),
        Message = r.Message, KernelError = r.KernelError,
    }, AuditJsonContext.Default.AuditLine);

    /// <summary>The record of one line, or null when the line is not a record (torn, or not ours).</summary>
    /// <exception cref="JsonException">the line is not JSON.</exception>
    public static AuditRecord? Read(ReadOnlySpan<byte> line)
    {
        var l = JsonSerializer.Deserialize(line, AuditJsonContext.Default.AuditLine);
        if (l is not { Id: not null, NamespaceId: not null, FindingId: not null }) return null;
        bool v1 = l.Version == 0;
        return new AuditRecord(l.Id, l.When, l.Actor ?? (v1 ? "dashboard" : "unknown"), l.Who ?? AuditRecord.Anonymous, l.From,
            l.NamespaceId, l.FindingId, l.Action ?? "migration",
            v1 ? V1Outcome(l.Outcome) : l.Outcome ?? "unknown",
            l.Commands ?? [],
            v1 ? (l.RouteBefore ?? []).Select(V1Route.ToDto).ToArray() : l.Before ?? [],
            v1 ? (l.RouteAfter ?? []).Select(V1Route.ToDto).ToArray() : l.After ?? [],
            l.Message ?? "", l.KernelError);
    }

    /// <summary>Version 1 wrote MigrationOutcome by its C# name ("RolledBack").</summary>
    private static string V1Outcome(string? name) => name switch
    {
        null => "unknown",
        "NothingToDo" => "nothing-to-do",
        "RolledBack" => "rolled-back",
        _ => name.ToLowerInvariant(),
    };
}

/// <summary>One line of audit.jsonl, every version's fields (absent ones stay null).</summary>
internal sealed class AuditLine
{
    [JsonPropertyName("v")] public int Version { get; set; }
    public string? Id { get; set; }
    public DateTimeOffset When { get; set; }
    public string? Actor { get; set; }
    public string? Who { get; set; }
    public string? From { get; set; }
    public string? NamespaceId { get; set; }
    public string? FindingId { get; set; }
    public string? Action { get; set; }
    public string? Outcome { get; set; }
    public string[]? Commands { get; set; }
    /// <summary>Version 2.</summary>
    public RouteDto[]? Before { get; set; }
    public RouteDto[]? After { get; set; }
    /// <summary>Version 1.</summary>
    public V1Route[]? RouteBefore { get; set; }
    public V1Route[]? RouteAfter { get; set; }
    public string? Message { get; set; }
    public string? KernelError { get; set; }
}

/// <summary>A route as version 1 stored it: the first model's properties, family names as C# enum names.</summary>
internal sealed class V1Route
{
    public string? Family { get; set; }
    public uint Table { get; set; }
    public string? TableName { get; set; }
    public string? Type { get; set; }
    public string? Dst { get; set; }
    public string? Src { get; set; }
    public string? Protocol { get; set; }
    public string? Scope { get; set; }
    public uint? Metric { get; set; }
    public string? Pref { get; set; }
    public string? PrefSrc { get; set; }
    public string? Gateway { get; set; }
    public string? ViaFamily { get; set; }
    public string? Dev { get; set; }
    public string[]? Flags { get; set; }
    public V1Nexthop[]? Nexthops { get; set; }
    public uint? NexthopId { get; set; }

    public static RouteDto ToDto(V1Route r) => new(
        FamilyName(r.Family) ?? "inet", r.Table, r.TableName ?? r.Table.ToString(System.Globalization.CultureInfo.InvariantCulture),
        r.Type ?? "unicast", r.Dst ?? "", r.Src, r.Protocol ?? "", r.Scope ?? "", r.Metric, r.Pref, r.PrefSrc, r.Gateway,
        FamilyName(r.ViaFamily), r.Dev, r.Flags ?? [],
        (r.Nexthops ?? []).Select(n => new NexthopDto(n.Gateway, n.Dev, n.Weight, n.Flags ?? [], n.NexthopId)).ToArray(), r.NexthopId);

    private static string? FamilyName(string? enumName) => enumName switch
    {
        "Inet" => "inet",
        "Inet6" => "inet6",
        _ => enumName,
    };
}

internal sealed class V1Nexthop
{
    public string? Gateway { get; set; }
    public string? Dev { get; set; }
    public int Weight { get; set; }
    public string[]? Flags { get; set; }
    public uint? NexthopId { get; set; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditLine))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
