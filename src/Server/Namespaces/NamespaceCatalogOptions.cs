namespace Dashboard.Server.Namespaces;

/// <summary>
/// Where the catalog looks. The defaults are the node's real locations; a container that mounts the
/// host's directories elsewhere, or a test that writes files into a temporary directory, changes them.
/// </summary>
public sealed record NamespaceCatalogOptions
{
    /// <summary>procfs of the node (the dashboard runs with hostPID, so this is the host's).</summary>
    public string ProcRoot { get; init; } = "/proc";

    /// <summary>Directories of named namespaces, in priority order; often one directory through a symlink.</summary>
    public IReadOnlyList<string> NamedDirectories { get; init; } = ["/run/netns", "/var/run/netns"];

    /// <summary>libcni's cache directory (its <c>results/</c> subdirectory holds one file per attachment).</summary>
    public string CniCacheRoot { get; init; } = "/var/lib/cni";

    /// <summary>Which namespaces are listed and found at all (Dashboard:Namespaces:Include/Exclude); default every one.</summary>
    public NamespaceFilter Filter { get; init; } = NamespaceFilter.All;

    public static NamespaceCatalogOptions Default { get; } = new();
}
