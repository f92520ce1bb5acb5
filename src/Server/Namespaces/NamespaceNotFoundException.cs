namespace Dashboard.Server.Namespaces;

/// <summary>A namespace that does not exist, or that vanished while it was being read.</summary>
public sealed class NamespaceNotFoundException(string message) : Exception(message);
