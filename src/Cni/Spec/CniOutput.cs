using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dashboard.Cni.Spec;

/// <summary>What the plugin prints on stdout: a result, the VERSION answer, or an error object.</summary>
public static class CniOutput
{
    // Runtimes log what plugins print: quotes and apostrophes stay as they are ("mode 'fixit'"), not
    // \u0027. Control characters and non-ASCII are still escaped; this text is never put into HTML.
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    private static readonly CniOutputJson Json = new(new JsonSerializerOptions(CniOutputJson.Default.Options) { Encoder = Encoder });

    public static void Result(Stream stdout, JsonObject result)
    {
        using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = false, Encoder = Encoder }))
            result.WriteTo(writer);
        stdout.WriteByte((byte)'\n');
    }

    public static void Version(Stream stdout) =>
        Write(stdout, new VersionAnswer(CniVersion.Latest, CniVersion.Supported), Json.VersionAnswer);

    /// <summary>The spec's error object, in <paramref name="cniVersion"/> (the configuration's, where it could be read).</summary>
    public static void Error(Stream stdout, string cniVersion, CniException e) =>
        Write(stdout, new ErrorAnswer(cniVersion, e.Code, e.Message, e.Details), Json.ErrorAnswer);

    private static void Write<T>(Stream stdout, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        JsonSerializer.Serialize(stdout, value, type);
        stdout.WriteByte((byte)'\n');
    }
}

public sealed record VersionAnswer(string CniVersion, IReadOnlyList<string> SupportedVersions);

public sealed record ErrorAnswer(string CniVersion, int Code, string Msg, string? Details);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VersionAnswer))]
[JsonSerializable(typeof(ErrorAnswer))]
internal sealed partial class CniOutputJson : JsonSerializerContext;
