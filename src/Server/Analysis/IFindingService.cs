using Dashboard.Server.Routing;

namespace Dashboard.Server.Analysis;

/// <summary>Findings of a namespace, computed from a fresh read.</summary>
public interface IFindingService
{
    IReadOnlyList<Finding> Scan(NetNamespace ns, CancellationToken cancellationToken = default);
}
