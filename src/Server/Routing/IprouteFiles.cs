using System.Globalization;

namespace Dashboard.Server.Routing;

/// <summary>Reads iproute2's "number name" maps (rt_tables, rt_protos) and their .d/*.conf drop-ins.</summary>
public static class IprouteFiles
{
    public static IEnumerable<(uint Number, string Name)> Read(string file, string dropInDir)
    {
        var files = new List<string> { file };
        if (Directory.Exists(dropInDir))
            files.AddRange(Directory.EnumerateFiles(dropInDir, "*.conf").Order(StringComparer.Ordinal));
        foreach (var path in files)
        {
            string[] lines;
            try { lines = File.ReadAllLines(path); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            foreach (var raw in lines)
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#') continue;
                var parts = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 2) continue;
                var numberText = parts[0];
                bool ok = numberText.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                    ? uint.TryParse(numberText.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var number)
                    : uint.TryParse(numberText, NumberStyles.None, CultureInfo.InvariantCulture, out number);
                if (ok && !parts[1].StartsWith('#')) yield return (number, parts[1]);
            }
        }
    }
}
