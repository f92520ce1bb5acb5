using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Audit;

/// <summary>
/// The audit file's JSON: one compact object per line, enums by name, and routes as stored fields
/// only (Route's derived views such as Paths and Key are left out: they would be read back as noise).
/// </summary>
internal static class AuditJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DropDerivedRouteProperties } },
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly();
        return options;
    }

    private static void DropDerivedRouteProperties(JsonTypeInfo info)
    {
        if (info.Type != typeof(Route)) return;
        for (int i = info.Properties.Count - 1; i >= 0; i--)
            if (info.Properties[i].Set is null) info.Properties.RemoveAt(i);
    }
}
