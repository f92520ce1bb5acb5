using Dashboard.Server.Routing;

namespace Dashboard.Server.Namespaces;

/// <summary>
/// Which namespaces a dashboard watches: shell-style globs (<c>*</c> any run of characters, <c>/</c>
/// included; <c>?</c> one character) matched against a namespace's id, its name and, when its pod is
/// known, <c>pod-namespace/pod-name</c>. A namespace is watched when no include pattern is given or one
/// matches, and no exclude pattern matches. Applied by the catalog, so discovery, the API, the hub,
/// metrics and remediation all see the same set.
/// </summary>
public sealed class NamespaceFilter
{
    public static NamespaceFilter All { get; } = new([], []);

    public NamespaceFilter(IEnumerable<string> include, IEnumerable<string> exclude)
    {
        Include = Clean(include);
        Exclude = Clean(exclude);
    }

    public IReadOnlyList<string> Include { get; }
    public IReadOnlyList<string> Exclude { get; }

    public bool WatchesAll => Include.Count == 0 && Exclude.Count == 0;

    public bool Allows(NetNamespace ns)
    {
        if (WatchesAll) return true;
        var names = NamesOf(ns);
        if (Include.Count > 0 && !Include.Any(p => names.Any(n => Glob.Matches(p, n)))) return false;
        return !Exclude.Any(p => names.Any(n => Glob.Matches(p, n)));
    }

    /// <summary>The names a pattern is matched against: id, name (a named namespace's file name), pod.</summary>
    public static IReadOnlyList<string> NamesOf(NetNamespace ns)
    {
        var names = new List<string>(3) { ns.Id };
        // A process-held namespace's display name is a description ("pod a/b", "pid 7 (x)"), not a name.
        if (ns.Kind != NamespaceKind.Process && ns.DisplayName != ns.Id) names.Add(ns.DisplayName);
        if (ns.Pod is { Namespace: { } podNs, Name: { } podName }) names.Add($"{podNs}/{podName}");
        return names;
    }

    public override string ToString() => WatchesAll
        ? "every namespace"
        : $"include [{string.Join(", ", Include)}] exclude [{string.Join(", ", Exclude)}]";

    // Settings come as one comma-separated value (an environment variable) or as a list.
    private static string[] Clean(IEnumerable<string> patterns) => patterns
        .SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Wildcard matching with backtracking over the last <c>*</c>: linear in practice, no regex.</summary>
    internal static class Glob
    {
        public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
        {
            int p = 0, t = 0, star = -1, mark = 0;
            while (t < text.Length)
            {
                if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t])) { p++; t++; }
                else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = t; }
                else if (star >= 0) { p = star + 1; t = ++mark; }
                else return false;
            }
            while (p < pattern.Length && pattern[p] == '*') p++;
            return p == pattern.Length;
        }
    }
}
