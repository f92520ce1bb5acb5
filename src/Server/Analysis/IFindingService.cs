using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>Findings of a namespace, computed from a fresh read.</summary>
public interface IFindingService
{
    IReadOnlyList<Finding> Scan(NetNamespace ns, CancellationToken cancellationToken = default);

    /// <summary>Findings of a snapshot already read: for a page that shows the routes and their findings from one read.</summary>
    IReadOnlyList<Finding> Analyze(NamespaceSnapshot snapshot);
}
