namespace Dashboard.Server.Migration;

/// <summary>Plans and applies finding fixes; changes are serialised per namespace, journaled and audited.</summary>
public interface IMigrationService
{
    /// <summary>Fixes one finding (or only plans it when <paramref name="dryRun"/>), audited under <paramref name="caller"/>.</summary>
    /// <exception cref="Namespaces.NamespaceNotFoundException">unknown namespace.</exception>
    /// <exception cref="KeyNotFoundException">unknown finding id.</exception>
    Task<MigrationResult> MigrateAsync(Caller caller, string namespaceId, string findingId, bool dryRun, CancellationToken cancellationToken = default);

    /// <summary>
    /// Fixes exactly these findings, wherever on the node they are (what a dialog showed and the operator
    /// reviewed). An id no namespace shows any more is refused: its route changed, and a changed route
    /// needs a new review. A namespace that fails fails its own findings only.
    /// </summary>
    Task<IReadOnlyList<MigrationResult>> MigrateFindingsAsync(Caller caller, IReadOnlyCollection<string> findingIds, bool dryRun, CancellationToken cancellationToken = default);

    /// <summary>Fixes every fixable finding in one namespace, or on the whole node when null (`routedash migrate --all`, dry-run previews).</summary>
    Task<IReadOnlyList<MigrationResult>> MigrateAllAsync(Caller caller, string? namespaceId, bool dryRun, CancellationToken cancellationToken = default);

    /// <summary>Resolves every open journal record of the node (`routedash recover`, the dashboard at start).</summary>
    Task<IReadOnlyList<RecoveryResult>> RecoverAsync(Caller caller, CancellationToken cancellationToken = default);
}
