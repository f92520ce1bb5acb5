using Dashboard.Server.Analysis;
using Dashboard.Server.Events;

namespace Dashboard.Web.Metrics;

/// <summary>The labels of one routedash_finding_info series, in the gauge's label order.</summary>
public readonly record struct FindingLabels(string NamespaceId, string PodNamespace, string Pod, string Kind, string Severity, string Finding)
{
    public string[] Values => [NamespaceId, PodNamespace, Pod, Kind, Severity, Finding];
}

/// <summary>
/// Which open findings get a routedash_finding_info series. Pod names are unbounded, so the series
/// are capped; the order is fixed (errors first, then by namespace and finding id) so that the same
/// findings keep their series from one scrape to the next instead of flapping at the cap.
/// </summary>
public static class FindingSeries
{
    public static (IReadOnlyList<FindingLabels> Kept, int Omitted) Select(IEnumerable<NamespaceStatus> statuses, int limit)
    {
        var all = statuses
            .SelectMany(s => s.Findings.Select(f => (s.Namespace, Finding: f)))
            .OrderByDescending(x => x.Finding.Severity)
            .ThenBy(x => x.Namespace.Id, StringComparer.Ordinal)
            .ThenBy(x => x.Finding.Id, StringComparer.Ordinal)
            .Select(x => new FindingLabels(x.Namespace.Id, x.Namespace.Pod?.Namespace ?? "", x.Namespace.Pod?.Name ?? "",
                FindingKinds.Name(x.Finding.Kind), DashboardMetrics.Label(x.Finding.Severity), x.Finding.Id))
            .ToList();
        int keep = Math.Clamp(limit, 0, all.Count);
        return (all.GetRange(0, keep), all.Count - keep);
    }
}
