using System.Text.RegularExpressions;

namespace Dashboard.Web.Tests.Metrics;

/// <summary>
/// The metric names a PromQL expression reads: identifiers left once strings, label matchers, ranges,
/// grouping clauses, function calls, keywords, numbers and Grafana variables are taken out.
/// </summary>
public static partial class PromQlNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
        { "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "inf", "nan" };

    public static IReadOnlySet<string> Of(string expr)
    {
        // Grafana's label_values(metric, label): only the first argument is a metric.
        var labelValues = LabelValues().Match(expr);
        if (labelValues.Success) expr = labelValues.Groups[1].Value;
        expr = Strings().Replace(expr, " ");
        expr = Matchers().Replace(expr, " ");
        expr = Ranges().Replace(expr, " ");
        expr = Grouping().Replace(expr, " ");
        expr = Variables().Replace(expr, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Identifier().Matches(expr))
        {
            var rest = expr.AsSpan(m.Index + m.Length).TrimStart();
            if (rest.StartsWith("(")) continue; // a function or an aggregation
            if (Keywords.Contains(m.Value)) continue;
            names.Add(m.Value);
        }
        return names;
    }

    [GeneratedRegex(@"^\s*label_values\(\s*([^,)]+)")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\$\{?\w+\}?")]
    private static partial Regex Variables();

    [GeneratedRegex(@"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}
