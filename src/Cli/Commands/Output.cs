using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Dashboard.Cli.Commands;

internal static class Output
{
    /// <summary>
    /// Writes JSON straight to stdout. The serializer flushes to the stream as it goes, so with a lazy
    /// sequence a 200,000-route dump never sits in memory as text, nor its DTOs all at once.
    /// </summary>
    public static void Json<T>(T value, JsonTypeInfo<T> type)
    {
        using var stdout = Console.OpenStandardOutput();
        using var buffered = new BufferedStream(stdout, 1 << 16);
        JsonSerializer.Serialize(buffered, value, type);
        buffered.WriteByte((byte)'\n');
    }

    /// <summary>
    /// Writes a JSON array to stdout one element at a time, flushing as it goes: a 200,000-route dump
    /// never sits in memory as text.
    /// </summary>
    public static void JsonArray<T>(IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        using var stdout = Console.OpenStandardOutput();
        using var writer = new Utf8JsonWriter(stdout);
        writer.WriteStartArray();
        foreach (var item in items)
        {
            write(writer, item);
            if (writer.BytesPending > 1 << 16) writer.Flush();
        }
        writer.WriteEndArray();
        writer.Flush();
        stdout.WriteByte((byte)'\n');
    }

    /// <summary>A buffered writer on stdout for line output.</summary>
    public static StreamWriter Text() =>
        new(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = false };
}
