namespace Dashboard.Web.Components.Pages.Remediation;

/// <summary>What one confirmation applies: one finding, every finding of a namespace, or of the node.</summary>
public enum MigrationScope { Finding, Namespace, Node }
