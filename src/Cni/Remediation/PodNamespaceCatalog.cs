using Dashboard.Server.Namespaces;
using Dashboard.Server.Routing;

namespace Dashboard.Cni.Remediation;

/// <summary>
/// The catalog the plugin's migration service sees: the pod's namespace as CNI_NETNS names it and no
/// other, so that an ADD can only ever change the namespace it was called for — and no scan of the
/// node's /proc costs the ADD its time.
/// </summary>
internal sealed class PodNamespaceCatalog(NetNamespace pod) : INamespaceCatalog
{
    public IReadOnlyList<NetNamespace> List() => [pod];

    public NetNamespace? Find(string id) => id == pod.Id ? pod : null;
}
