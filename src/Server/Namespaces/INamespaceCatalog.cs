using Dashboard.Server.Routing;

namespace Dashboard.Server.Namespaces;

/// <summary>The node's network namespaces, found afresh on each call.</summary>
public interface INamespaceCatalog
{
    /// <summary>The host's namespace first, then named ones by name, then those held only by processes by pid.</summary>
    IReadOnlyList<NetNamespace> List();

    /// <summary>
    /// The namespace with this id, or null. "ino-&lt;inode&gt;" finds any namespace with that inode, even
    /// one listed under "host" or a name.
    /// </summary>
    /// <exception cref="ArgumentException">the id is malformed (empty, '/', '..', control characters).</exception>
    NetNamespace? Find(string id);

    /// <summary>The namespace with this id.</summary>
    /// <exception cref="NamespaceNotFoundException">there is none (any more).</exception>
    /// <exception cref="ArgumentException">the id is malformed.</exception>
    NetNamespace Get(string id) => Find(id) ?? throw NamespaceNotFoundException.ForId(id);
}
