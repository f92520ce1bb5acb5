using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Server.Contracts;

namespace Dashboard.Server.Contracts;

/// <summary>
/// Source-generated JSON for the wire types: camelCase, nulls written (a missing field and a null
/// one mean different things to a script), no reflection on the hot path of 200k-route dumps.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false)]
[JsonSerializable(typeof(RouteDto[]))]
[JsonSerializable(typeof(List<RouteDto>))]
[JsonSerializable(typeof(IEnumerable<RouteDto>))]
[JsonSerializable(typeof(RuleDto[]))]
[JsonSerializable(typeof(List<RuleDto>))]
[JsonSerializable(typeof(LookupDto))]
[JsonSerializable(typeof(NamespaceDto[]))]
[JsonSerializable(typeof(NamespaceDetailDto))]
[JsonSerializable(typeof(FindingDto[]))]
[JsonSerializable(typeof(MigrationResultDto[]))]
[JsonSerializable(typeof(RecoveryDto[]))]
[JsonSerializable(typeof(RouteEventDto))]
public sealed partial class DashboardJson : JsonSerializerContext;
