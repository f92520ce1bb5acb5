using Dashboard.Server.Analysis;
using Dashboard.Server.Contracts;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;

namespace Dashboard.Cni.Remediation;

/// <summary>What the product's analyzer finds in the pod's namespace, narrowed to the configured kinds.</summary>
internal sealed class PodFindings(NamespaceSnapshot snapshot, IReadOnlyList<Diagnosis> all, IReadOnlySet<FindingKind> kinds)
{
    public NamespaceSnapshot Snapshot { get; } = snapshot;

    /// <summary>Findings of the configured kinds, fixable or not.</summary>
    public IReadOnlyList<Diagnosis> Wanted { get; } = all.Where(d => kinds.Contains(d.Finding.Kind)).ToArray();

    /// <summary>The ones with a plan: what a fixing ADD applies.</summary>
    public IReadOnlyList<Diagnosis> Fixable => Wanted.Where(d => d.Fixable).ToArray();

    public static PodFindings Of(NamespaceSnapshot snapshot, IReadOnlySet<FindingKind> kinds) =>
        new(snapshot, Doctor.Diagnose(snapshot), kinds);

    /// <summary>One line per finding: kind, id and the route as `ip route` prints it.</summary>
    public string Describe(IEnumerable<Diagnosis> findings) => string.Join("; ", findings.Select(d =>
        $"{FindingKinds.Name(d.Finding.Kind)} {d.Id}: {d.Finding.Subject(Snapshot.Topology)}"
        + (d.Fixable ? "" : " (no automatic fix)")));
}
