using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>Findings of a namespace from a fresh netlink read.</summary>
public sealed class FindingService(INamespaceReader reader) : IFindingService
{
    public IReadOnlyList<Finding> Scan(NetNamespace ns, CancellationToken cancellationToken = default) =>
        Analyze(reader.Read(ns, cancellationToken));

    public IReadOnlyList<Finding> Analyze(NamespaceSnapshot snapshot) => FindingAnalyzer.Analyze(snapshot);
}
