namespace Dashboard.Server.Namespaces;

/// <summary>A namespace that does not exist, or that vanished while it was being read.</summary>
public sealed class NamespaceNotFoundException(string message) : Exception(message)
{
    /// <summary>No namespace has this id (any more).</summary>
    public static NamespaceNotFoundException ForId(string id) => new($"network namespace \"{id}\" does not exist");
}
