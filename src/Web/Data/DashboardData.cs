using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Routing;

namespace Dashboard.Web.Data;

/// <summary>
/// The backend as the pages use it. Netlink reads are synchronous and can take a second on a big
/// table, so every call runs on the thread pool, never on a circuit's synchronisation context.
/// Findings and migration are optional so the dashboard still shows routes when no analyzer is wired.
/// </summary>
public sealed class DashboardData(
    INamespaceCatalog catalog,
    INamespaceReader reader,
    IFindingService? findings = null,
    IMigrationService? migration = null)
{
    public bool CanAnalyze => findings is not null;
    public bool CanMigrate => migration is not null;

    public Task<IReadOnlyList<NamespaceSummary>> OverviewAsync(CancellationToken ct) => Task.Run(() =>
    {
        var list = new List<NamespaceSummary>();
        foreach (var ns in catalog.List())
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var snap = reader.Read(ns, ct);
                var found = findings?.Scan(ns, ct) ?? [];
                list.Add(new NamespaceSummary(ns, snap.Links.Count, snap.Routes.Count, snap.Links.Count(l => l.IsVrf), found, null));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                list.Add(new NamespaceSummary(ns, 0, 0, 0, [], e.Message));
            }
        }
        return (IReadOnlyList<NamespaceSummary>)list
            .OrderByDescending(s => s.ErrorFindings).ThenByDescending(s => s.Findings.Count)
            .ThenBy(s => s.Namespace.Kind).ThenBy(s => s.Namespace.DisplayName, StringComparer.Ordinal)
            .ToList();
    }, ct);

    public NetNamespace? Find(string id) => catalog.Find(id);

    /// <exception cref="NamespaceNotFoundException">the namespace does not exist or vanished.</exception>
    public Task<NamespaceView> LoadAsync(string id, CancellationToken ct) => Task.Run(() =>
    {
        var ns = catalog.Find(id) ?? throw new NamespaceNotFoundException($"no network namespace \"{id}\" on this node");
        var snap = reader.Read(ns, ct);
        if (findings is null) return new NamespaceView(snap, [], "No analyzer is registered: findings are not computed.");
        try { return new NamespaceView(snap, findings.Scan(ns, ct)); }
        catch (Exception e) when (e is not OperationCanceledException and not NamespaceNotFoundException)
        {
            return new NamespaceView(snap, [], $"Findings could not be computed: {e.Message}");
        }
    }, ct);

    public Task<MigrationResult> MigrateAsync(Finding finding, CancellationToken ct) =>
        Task.Run(() => Migration.MigrateAsync(finding.NamespaceId, finding.Id, dryRun: false, ct), ct);

    /// <summary>Fixes every fixable finding of one namespace, or of the node when <paramref name="namespaceId"/> is null.</summary>
    public Task<IReadOnlyList<MigrationResult>> MigrateAllAsync(string? namespaceId, CancellationToken ct) =>
        Task.Run(() => Migration.MigrateAllAsync(namespaceId, dryRun: false, ct), ct);

    private IMigrationService Migration =>
        migration ?? throw new InvalidOperationException("No migration service is registered on this node.");
}
