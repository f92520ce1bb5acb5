using System.Globalization;
using System.Text.RegularExpressions;

namespace Dashboard.TestSupport;

/// <summary>One sample of the Prometheus text exposition format.</summary>
public sealed record PromSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>Parses what /metrics serves, enough to sum series and check labels.</summary>
public static partial class PrometheusText
{
    public static IReadOnlyList<PromSample> Parse(string text)
    {
        var samples = new List<PromSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var m = SampleLine().Match(line);
            if (!m.Success) throw new FormatException($"not a sample line: {line}");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match l in LabelPair().Matches(m.Groups["labels"].Value))
                labels[l.Groups[1].Value] = Regex.Unescape(l.Groups[2].Value);
            samples.Add(new PromSample(m.Groups["name"].Value, labels, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
        return samples;
    }

    /// <summary>The sum of every series of <paramref name="name"/> that matches <paramref name="where"/>.</summary>
    public static double Sum(this IReadOnlyList<PromSample> samples, string name, Func<IReadOnlyDictionary<string, string>, bool>? where = null) =>
        samples.Where(s => s.Name == name && (where is null || where(s.Labels))).Sum(s => s.Value);

    /// <summary>Metric names as PromQL knows them (histogram samples under their family name too).</summary>
    public static ISet<string> Names(this IReadOnlyList<PromSample> samples) =>
        samples.SelectMany(s => new[] { s.Name, HistogramSuffix().Replace(s.Name, "") }).ToHashSet(StringComparer.Ordinal);

    /// <summary>The metric families the text declares (# TYPE lines), with or without series at the moment.</summary>
    public static ISet<string> Families(string text) =>
        TypeLine().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) ", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();

    [GeneratedRegex(@"_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();
}
