using System.Collections.Concurrent;
using Dashboard.Server.Analysis;
using Dashboard.Server.Audit;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Dashboard.Server.State;

namespace Dashboard.Server.Migration;

/// <summary>
/// Finds the finding in a fresh read, plans it, and applies it with <see cref="MigrationExecutor"/>:
/// the one way every process (dashboard, CLI, CNI plugin, policy) changes routes. One migration at a
/// time per namespace, in this process and across processes (an flock in the shared state directory);
/// whoever takes a namespace's lock first resolves its open journal records; every attempt is in the
/// audit log with its caller before the result is returned.
/// </summary>
public sealed class MigrationService(
    INamespaceCatalog catalog, INetlink netlink, MigrationOptions options, StateLocations state, IAuditLog audit) : IMigrationService
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly MigrationExecutor _executor = new(options, new MigrationJournal(state));
    private readonly JournalRecovery _recovery = new(new MigrationJournal(state), netlink, audit, state);

    public StateLocations State => state;

    public async Task<MigrationResult> MigrateAsync(Caller caller, string namespaceId, string findingId, bool dryRun, CancellationToken cancellationToken = default)
    {
        var ns = catalog.Find(namespaceId) ?? throw new NamespaceNotFoundException($"no network namespace with id '{namespaceId}' on this node");
        var result = await UnderLockAsync(ns, caller, cancellationToken, session =>
        {
            var snapshot = session.Read(cancellationToken);
            var findings = Doctor.Diagnose(snapshot);
            var finding = findings.FirstOrDefault(f => f.Id == findingId);
            if (finding is null && !findings.Any(f => f.Fixable))
                // Running the same fix twice must be harmless: once the namespace has nothing left to
                // fix, an id that is gone (fixed by the first run) means there is nothing to do.
                return new MigrationResult(ns.Id, findingId, MigrationOutcome.NothingToDo, null,
                    $"Nothing to do: namespace '{ns.Id}' has no fixable findings (finding '{findingId}' is not there; it was fixed already, or never existed).", [], [], null, snapshot.Topology);
            if (finding is null)
                throw new KeyNotFoundException($"no finding '{findingId}' in namespace '{ns.Id}': it was fixed already, or the route changed since it was reported (scan again; it has {findings.Count(f => f.Fixable)} other fixable finding(s))");
            Route[] subject = finding.Finding.Route is { } route ? [route] : [];
            if (finding.Plan is null)
                return new MigrationResult(ns.Id, findingId, MigrationOutcome.Refused, null,
                    $"{finding.Finding.Title}: this kind of finding ({FindingKinds.Name(finding.Finding.Kind)}) has no automatic fix; nothing was changed.", subject, subject, null, snapshot.Topology);
            if (dryRun)
                return new MigrationResult(ns.Id, findingId, MigrationOutcome.Planned, finding.Plan,
                    "Dry run: nothing was changed.", subject, [.. finding.Plan.ExpectedAdded, .. finding.Plan.ExpectedRemaining is { } r ? [r] : Array.Empty<Route>()], null, snapshot.Topology);
            return _executor.Apply(session, finding.Plan, caller, cancellationToken);
        });
        return await RecordAsync(result, caller);
    }

    public async Task<IReadOnlyList<MigrationResult>> MigrateFindingsAsync(Caller caller, IReadOnlyCollection<string> findingIds, bool dryRun, CancellationToken cancellationToken = default)
    {
        var wanted = findingIds.ToHashSet(StringComparer.Ordinal);
        var results = new List<MigrationResult>();
        foreach (var ns in catalog.List())
        {
            if (wanted.Count == 0) break;
            IReadOnlyList<Diagnosis> found;
            try { found = await Task.Run(() => Doctor.Diagnose(netlink.Read(ns, cancellationToken)), cancellationToken); }
            catch (Exception e) when (e is NamespaceNotFoundException or NetlinkException or IOException) { continue; } // its findings, if any, stay unmatched below
            foreach (var id in found.Select(f => f.Id).Where(wanted.Contains).ToArray())
            {
                wanted.Remove(id);
                results.Add(await OneOfManyAsync(caller, ns, id, dryRun, cancellationToken));
            }
        }
        // Ids no namespace shows any more: fixed meanwhile, or the route changed (a changed route has a new id that nobody reviewed).
        foreach (var id in wanted)
            results.Add(new MigrationResult("?", id, MigrationOutcome.Refused, null,
                $"Finding '{id}' is not on this node any more: it was fixed already, its namespace is gone, or its route changed since it was shown (a changed route needs a new review); nothing was changed.",
                [], [], null, VrfTopology.Empty));
        return results;
    }

    public async Task<IReadOnlyList<MigrationResult>> MigrateAllAsync(Caller caller, string? namespaceId, bool dryRun, CancellationToken cancellationToken = default)
    {
        var namespaces = namespaceId is null
            ? catalog.List()
            : [catalog.Find(namespaceId) ?? throw new NamespaceNotFoundException($"no network namespace with id '{namespaceId}' on this node")];
        var results = new List<MigrationResult>();
        foreach (var ns in namespaces)
        {
            IReadOnlyList<Diagnosis> findings;
            try { findings = await Task.Run(() => Doctor.Diagnose(netlink.Read(ns, cancellationToken)), cancellationToken); }
            catch (NamespaceNotFoundException) when (namespaceId is null) { continue; } // gone since the listing
            // Fix one at a time and re-plan after each: the first fix can change what the next one needs.
            foreach (var id in findings.Where(f => f.Fixable).Select(f => f.Id))
                results.Add(await OneOfManyAsync(caller, ns, id, dryRun, cancellationToken));
        }
        return results;
    }

    public Task<IReadOnlyList<RecoveryResult>> RecoverAsync(Caller caller, CancellationToken cancellationToken = default) =>
        _recovery.ResolveAllAsync(caller, cancellationToken);

    /// <summary>
    /// One finding of a batch: a namespace that vanished, a lock held too long or a namespace that cannot
    /// be read fails that finding alone (refused, nothing changed); what was applied before stays returned.
    /// </summary>
    private async Task<MigrationResult> OneOfManyAsync(Caller caller, NetNamespace ns, string id, bool dryRun, CancellationToken ct)
    {
        try { return await MigrateAsync(caller, ns.Id, id, dryRun, ct); }
        catch (Exception e) when (e is NamespaceNotFoundException or TimeoutException or NetlinkException or IOException or KeyNotFoundException)
        {
            var outcome = e is KeyNotFoundException ? MigrationOutcome.NothingToDo : MigrationOutcome.Refused;
            var message = e is KeyNotFoundException ? $"Nothing to do: {e.Message}" : $"Nothing was changed in namespace '{ns.Id}': {e.Message}";
            return await RecordAsync(new MigrationResult(ns.Id, id, outcome, null, message, [], [], null, VrfTopology.Empty), caller);
        }
    }

    /// <summary>The body runs on a thread of its own with the namespace locked in this process and across processes.</summary>
    private async Task<MigrationResult> UnderLockAsync(NetNamespace ns, Caller caller, CancellationToken ct, Func<INetlinkHandle, MigrationResult> body)
    {
        var gate = _locks.GetOrAdd(ns.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            // The audit log must be usable before anything changes: no change without lock, journal and audit.
            StateDirectory.Ensure(state.Audit);
            using var crossProcess = await NamespaceLock.AcquireAsync(state, ns, cancellationToken: ct);
            using var session = await Task.Run(() => netlink.Open(ns), ct);
            // Whoever takes the lock resolves what a crashed process left open in this namespace first.
            await _recovery.ResolveAsync(session, ns.Inode, caller);
            // Not cancellable once started: the executor stops honouring the token at its first step.
            return await Task.Run(() => body(session), CancellationToken.None);
        }
        finally { gate.Release(); }
    }

    private async Task<MigrationResult> RecordAsync(MigrationResult result, Caller caller)
    {
        var when = DateTimeOffset.UtcNow;
        try
        {
            await audit.AppendAsync(AuditRecord.FromResult(result, caller.Actor, caller.Who, caller.From, when), CancellationToken.None);
            return result;
        }
        catch (IOException e)
        {
            // The change is made already: return it, and say loudly that its record is missing.
            return result with { AuditError = $"The audit record could not be written: {e.Message}" };
        }
    }
}
