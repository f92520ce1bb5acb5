using Dashboard.Server.Routing;

namespace Dashboard.Cni.Spec;

/// <summary>
/// CNI_ARGS ("K=V;K=V"): the pod the attachment is for, where the runtime says (Kubernetes runtimes
/// pass K8S_POD_NAMESPACE, K8S_POD_NAME and, newer ones, K8S_POD_UID). Pairs without '=' are skipped:
/// the arguments only label the audit record, they never decide what is changed.
/// </summary>
public static class CniArgs
{
    public static IReadOnlyDictionary<string, string> Parse(string? args)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (args ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = pair.IndexOf('=');
            if (eq > 0) pairs[pair[..eq]] = pair[(eq + 1)..];
        }
        return pairs;
    }

    /// <summary>The pod, or null when the runtime named none.</summary>
    public static PodRef? Pod(string? args)
    {
        var pairs = Parse(args);
        string? Get(string key) => pairs.TryGetValue(key, out var v) && v.Length > 0 ? CniEnvironment.Printable(v) : null;
        var (ns, name, uid) = (Get("K8S_POD_NAMESPACE"), Get("K8S_POD_NAME"), Get("K8S_POD_UID"));
        return ns is null && name is null && uid is null ? null : new PodRef(ns, name, uid);
    }
}
