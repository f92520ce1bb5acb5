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
/// The backend as the pages use it. Pages show the live model the event stream keeps, and read a
/// namespace over netlink only where no model is kept (yet); a read is synchronous and can take a
/// second on a big table, so every call runs on the thread pool, never on a circuit's synchronisation context.
/// Findings and migration are optional so the dashboard still shows routes when no analyzer is wired.
/// A migration is the UI's only change to routing: the Operator policy is asked here, on the server,
/// whatever the page showed, then the mutation rate limit the API shares, and every result is in the
/// audit trail before the page sees it.
/// </summary>
public sealed class DashboardData(
    INamespaceCatalog catalog,
    INamespaceReader reader,
    MigrationPermission permission,
    MutationRateLimit mutationLimit,
    IAuditLog audit,
    TimeProvider time,
    ILogger<DashboardData> logger,
    IFindingService? findings = null,
    IMigrationService? migration = null,
    LiveStream? live = null)
{
    public bool CanAnalyze => findings is not null;
    public bool CanMigrate => migration is not null;

    public Task<IReadOnlyList<NamespaceSummary>> OverviewAsync(CancellationToken ct) => Task.Run(async () =>
    {
        var list = new List<NamespaceSummary>();
        foreach (var ns in catalog.List())
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var (snap, _) = await CurrentAsync(ns, ct);
                var found = findings?.Analyze(snap) ?? [];
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
    public Task<NamespaceView> LoadAsync(string id, CancellationToken ct) => Task.Run(async () =>
    {
        var ns = catalog.Find(id) ?? throw new NamespaceNotFoundException($"no network namespace \"{id}\" on this node");
        long start = Stopwatch.GetTimestamp();
        var (current, source) = await CurrentAsync(ns, ct);
        var read = Stopwatch.GetElapsedTime(start);
        var snap = current with { Routes = RouteOrder.Sort(current.Routes) };
        var sorted = Stopwatch.GetElapsedTime(start) - read;
        NamespaceView view;
        if (findings is null) view = new NamespaceView(snap, [], "No analyzer is registered: findings are not computed.");
        else
        {
            try { view = new NamespaceView(snap, findings.Analyze(snap)); }
            catch (Exception e) when (e is not OperationCanceledException and not NamespaceNotFoundException)
            {
                view = new NamespaceView(snap, [], $"Findings could not be computed: {e.Message}");
            }
        }
        // A page following a busy namespace reloads every few hundred milliseconds: only slow loads are worth an Information line.
        var total = Stopwatch.GetElapsedTime(start);
        logger.Log(total > TimeSpan.FromSeconds(1) ? LogLevel.Information : LogLevel.Debug,
            "namespace {NamespaceId}: {Routes} routes from the {Source} in {ReadMs:F0} ms, sorted in {SortMs:F0} ms, {Findings} findings, page data ready in {TotalMs:F0} ms",
            ns.Id, snap.Routes.Count, source, read.TotalMilliseconds, sorted.TotalMilliseconds, view.Findings.Count, total.TotalMilliseconds);
        return view;
    }, ct);

    /// <summary>
    /// The namespace as it is now: from the live model the event stream keeps current (no netlink read:
    /// a page that follows a busy namespace must not dump it again for every burst of changes, once per
    /// open tab), or, where the namespace is not streamed yet or no stream runs, a fresh read.
    /// </summary>
    private async Task<(NamespaceSnapshot Snapshot, string Source)> CurrentAsync(NetNamespace ns, CancellationToken ct)
    {
        if (live is not null)
        {
            try
            {
                // The event loop answers within milliseconds; one that does not (stopping, wedged) is not waited for.
                if (await live.SnapshotAsync(ns.Id).WaitAsync(TimeSpan.FromSeconds(5), ct) is { } model) return (model, "live model");
            }
            catch (TimeoutException) { logger.LogWarning("the live stream did not answer for {NamespaceId} within 5 s; reading it", ns.Id); }
        }
        return (reader.Read(ns, ct), "netlink read");
    }

    /// <summary>Null when <paramref name="user"/> may change routing, else why not (the dialog shows it before Confirm).</summary>
    public Task<MigrationPermission.Refusal?> WhyNotAllowedAsync(ClaimsPrincipal user) => permission.CheckAsync(user);

    /// <summary>Fixes one finding for <paramref name="user"/>, who connected from <paramref name="from"/>.</summary>
    public Task<MigrationAttempt> MigrateAsync(Finding finding, ClaimsPrincipal user, IPAddress? from, CancellationToken ct) =>
        AttemptAsync(user, from, $"finding {finding.Id} in {finding.NamespaceId}",
            async () => [await Task.Run(() => Migration.MigrateAsync(finding.NamespaceId, finding.Id, dryRun: false, ct), ct)], ct);

    /// <summary>Fixes every fixable finding of one namespace, or of the node when <paramref name="namespaceId"/> is null.</summary>
    public Task<MigrationAttempt> MigrateAllAsync(string? namespaceId, ClaimsPrincipal user, IPAddress? from, CancellationToken ct) =>
        AttemptAsync(user, from, namespaceId is null ? "every finding on the node" : $"every finding in {namespaceId}",
            () => Task.Run(() => Migration.MigrateAllAsync(namespaceId, dryRun: false, ct), ct), ct);

    private async Task<MigrationAttempt> AttemptAsync(ClaimsPrincipal user, IPAddress? from, string what,
        Func<Task<IReadOnlyList<MigrationResult>>> migrate, CancellationToken ct)
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
        var results = await migrate();
        string? auditError = null;
        foreach (var result in results)
        {
            try { await audit.RecordMigrationAsync(result, user, from, time, CancellationToken.None); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The change is made already: show it, and say loudly that its record is missing.
                logger.LogError(e, "Audit record for {Namespace} {Finding} ({Outcome}) could not be written",
                    result.NamespaceId, result.FindingId, result.Outcome);
                auditError = $"The audit record could not be written: {e.Message}";
            }
        }
        return new MigrationAttempt(results, AuditError: auditError);
    }

    private IMigrationService Migration =>
        migration ?? throw new InvalidOperationException("No migration service is registered on this node.");
}
