using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Web.Data;

/// <summary>One row of the node overview.</summary>
public sealed record NamespaceSummary(
    NetNamespace Namespace,
    int Links,
    int Routes,
    int VrfCount,
    IReadOnlyList<Diagnosis> Findings,
    /// <summary>Why the namespace could not be read (it vanished, the kernel refused), or null.</summary>
    string? Error)
{
    public int ErrorFindings => Findings.Count(f => f.Finding.Severity == Severity.Error);
    public bool HasFindings => Findings.Count > 0;
}
