using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using Dashboard.Server.Analysis;
using Dashboard.Server.Audit;
using Dashboard.Web.Audit;
using Dashboard.Server.Events;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Routing;
using Dashboard.Web.Security;

namespace Dashboard.Web.Data;

/// <summary>
/// The backend as the pages use it. Pages show the live model the event stream keeps, with the
/// findings it keeps open (<see cref="NamespaceViews"/>), and read a namespace over netlink only where
/// no model is kept (yet); a read is synchronous and can take a second on a big table, so every call
/// runs on the thread pool, never on a circuit's synchronisation context.
/// A migration is the UI's only change to routing: the Operator policy is asked here, on the server,
/// whatever the page showed, then the mutation rate limit the API shares, and every result is in the
/// audit trail before the page sees it.
/// </summary>
public sealed class DashboardData(
    INamespaceCatalog catalog,
    NamespaceViews views,
    MigrationPermission permission,
    MutationRateLimit mutationLimit,
    ILogger<DashboardData> logger,
    IMigrationService? migration = null)
{
    public bool CanMigrate => migration is not null;

    public Task<IReadOnlyList<NamespaceSummary>> OverviewAsync(CancellationToken ct) => Task.Run(async () =>
    {
        var list = new List<NamespaceSummary>();
        foreach (var ns in catalog.List())
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var view = await views.CurrentAsync(ns, ct);
                var snap = view.Snapshot;
                list.Add(new NamespaceSummary(ns, snap.Links.Count, snap.Routes.Count, snap.Links.Count(l => l.IsVrf), view.Diagnoses, null));
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

    // The last page view of each namespace, by the live model's sequence: a page opened again, a second
    // tab, or the circuit taking over from the prerender reuse it (no sort, no grouping) until something changes.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, NamespaceView> _lastViews = new(StringComparer.Ordinal);

    /// <summary>The view made for <paramref name="id"/> at live-model sequence <paramref name="sequence"/>, if it is still the last one.</summary>
    public NamespaceView? Cached(string id, long sequence) =>
        sequence > 0 && _lastViews.TryGetValue(id, out var view) && view.Sequence == sequence ? view : null;

    private void Remember(string id, NamespaceView view)
    {
        _lastViews[id] = view;
        // Pods come and go: views of namespaces the node no longer has are dropped now and then.
        if (_lastViews.Count > 64)
        {
            var live = catalog.List().Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in _lastViews.Keys.Where(k => !live.Contains(k)).ToArray()) _lastViews.TryRemove(gone, out _);
        }
    }

    /// <exception cref="NamespaceNotFoundException">the namespace does not exist or vanished.</exception>
    public Task<NamespaceView> LoadAsync(string id, CancellationToken ct) => Task.Run(async () =>
    {
        var ns = catalog.Find(id) ?? throw new NamespaceNotFoundException($"no network namespace \"{id}\" on this node");
        long start = Stopwatch.GetTimestamp();
        var current = await views.CurrentAsync(ns, ct);
        if (Cached(ns.Id, current.Sequence) is { } unchanged) return unchanged;
        var read = Stopwatch.GetElapsedTime(start);
        var snap = current.Snapshot with { Routes = RouteOrder.Sort(current.Snapshot.Routes) };
        var sorted = Stopwatch.GetElapsedTime(start) - read;
        var view = new NamespaceView(snap, current.Diagnoses) { Sequence = current.Sequence };
        if (current.Sequence > 0) Remember(ns.Id, view);
        var source = current.Source == ViewSource.LiveModel ? "live model" : "netlink read";
        // A page following a busy namespace reloads every few hundred milliseconds: only slow loads are worth an Information line.
        var total = Stopwatch.GetElapsedTime(start);
        logger.Log(total > TimeSpan.FromSeconds(1) ? LogLevel.Information : LogLevel.Debug,
            "namespace {NamespaceId}: {Routes} routes from the {Source} in {ReadMs:F0} ms, sorted in {SortMs:F0} ms, {Findings} findings, page data ready in {TotalMs:F0} ms",
            ns.Id, snap.Routes.Count, source, read.TotalMilliseconds, sorted.TotalMilliseconds, view.Findings.Count, total.TotalMilliseconds);
        return view;
    }, ct);

    /// <summary>Null when <paramref name="user"/> may change routing, else why not (the dialog shows it before Confirm).</summary>
    public Task<MigrationPermission.Refusal?> WhyNotAllowedAsync(ClaimsPrincipal user) => permission.CheckAsync(user);

    /// <summary>Fixes one finding for <paramref name="user"/>, who connected from <paramref name="from"/>.</summary>
    public Task<MigrationAttempt> MigrateAsync(Diagnosis diagnosis, ClaimsPrincipal user, IPAddress? from, CancellationToken ct) =>
        AttemptAsync(user, from, $"finding {diagnosis.Id} in {diagnosis.Finding.NamespaceId}",
            async caller => [await Migration.MigrateAsync(caller, diagnosis.Finding.NamespaceId, diagnosis.Id, dryRun: false, ct)], ct);

    /// <summary>
    /// Fixes exactly the findings the dialog showed (and the operator reviewed): a finding that appeared
    /// since is not applied unseen, and one whose route changed is refused.
    /// </summary>
    public Task<MigrationAttempt> MigrateShownAsync(IReadOnlyList<Diagnosis> shown, ClaimsPrincipal user, IPAddress? from, CancellationToken ct) =>
        AttemptAsync(user, from, $"{shown.Count} reviewed finding(s)",
            caller => Migration.MigrateFindingsAsync(caller, shown.Select(d => d.Id).ToArray(), dryRun: false, ct), ct);

    private async Task<MigrationAttempt> AttemptAsync(ClaimsPrincipal user, IPAddress? from, string what,
        Func<Caller, Task<IReadOnlyList<MigrationResult>>> migrate, CancellationToken ct)
    {
        if (await permission.CheckAsync(user) is { } refusal)
        {
            // Not an attempt on routing (nothing reached the migration service), so no audit record,
            // as for the API, where the same policy answers 401/403 before the handler runs.
            logger.LogWarning("Refused a migration of {What} for {User} from {RemoteIp}: {Reason}",
                what, user.Identity?.Name ?? "anonymous", from, refusal.Message);
            return MigrationAttempt.Refused(refusal);
        }
        using (var lease = mutationLimit.Acquire(MutationRateLimit.ClientKey(user, from)))
        {
            if (!lease.IsAcquired)
            {
                logger.LogWarning("Refused a migration of {What} for {User} from {RemoteIp}: the mutation rate limit was reached",
                    what, user.Identity?.Name ?? "anonymous", from);
                return MigrationAttempt.Refused(new MigrationPermission.Refusal(mutationLimit.RefusalReason, SigningInHelps: false));
            }
        }
        // The service records every result in the audit log; once a migration starts it finishes,
        // whatever happens to this circuit.
        var results = await migrate(AuditLogExtensions.CallerOf(user, from));
        var auditError = results.Select(r => r.AuditError).FirstOrDefault(e => e is not null);
        if (auditError is not null) logger.LogError("A migration's audit record could not be written: {Error}", auditError);
        return new MigrationAttempt(results, AuditError: auditError);
    }

    private IMigrationService Migration =>
        migration ?? throw new InvalidOperationException("No migration service is registered on this node.");
}
