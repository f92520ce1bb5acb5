using Dashboard.Server.Routing;

namespace Dashboard.Server.Namespaces;

/// <summary>The node's network namespaces, found afresh on each call.</summary>
public interface INamespaceCatalog
{
    IReadOnlyList<NetNamespace> List();

    /// <summary>The namespace with this id, or null.</summary>
    NetNamespace? Find(string id);
}
