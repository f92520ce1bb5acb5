namespace Dashboard.Server.Migration;

/// <summary>Plans and applies finding fixes; changes are serialised per namespace.</summary>
public interface IMigrationService
{
    /// <summary>Fixes one finding (or only plans it when <paramref name="dryRun"/>).</summary>
    /// <exception cref="Namespaces.NamespaceNotFoundException">unknown namespace.</exception>
    /// <exception cref="KeyNotFoundException">unknown finding id.</exception>
    Task<MigrationResult> MigrateAsync(string namespaceId, string findingId, bool dryRun, CancellationToken cancellationToken = default);

    /// <summary>Fixes every fixable finding in one namespace, or on the whole node when null.</summary>
    Task<IReadOnlyList<MigrationResult>> MigrateAllAsync(string? namespaceId, bool dryRun, CancellationToken cancellationToken = default);
}
