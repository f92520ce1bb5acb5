using System.Collections.Concurrent;
using Dashboard.Server.Analysis;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Migration;

/// <summary>
/// Finds the finding in a fresh read, plans it, and applies it with <see cref="MigrationExecutor"/>.
/// One migration at a time per namespace, in this process and across processes (the dashboard and the
/// CLI): two fixes never interleave their steps.
/// </summary>
public sealed class MigrationService(INamespaceCatalog catalog, INetlink netlink, MigrationOptions options) : IMigrationService
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly MigrationExecutor _executor = new(options);

    public async Task<MigrationResult> MigrateAsync(string namespaceId, string findingId, bool dryRun, CancellationToken cancellationToken = default)
    {
        var ns = catalog.Find(namespaceId) ?? throw new NamespaceNotFoundException($"no network namespace with id '{namespaceId}' on this node");
        var gate = _locks.GetOrAdd(ns.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            using var crossProcess = await NamespaceLock.AcquireAsync(ns, cancellationToken: cancellationToken);
            return await Task.Run(() =>
            {
                using var session = netlink.Open(ns);
                var snapshot = session.Read(cancellationToken);
                var findings = Doctor.Diagnose(snapshot);
                var finding = findings.FirstOrDefault(f => f.Id == findingId);
                if (finding is null && !findings.Any(f => f.Fixable))
                    // Running the same fix twice must be harmless: once the namespace has nothing left to
                    // fix, an id that is gone (fixed by the first run) means there is nothing to do.
                    return new MigrationResult(ns.Id, findingId, MigrationOutcome.NothingToDo, null,
                        $"Nothing to do: namespace '{ns.Id}' has no fixable findings (finding '{findingId}' is not there; it was fixed already, or never existed).", [], [], null, VrfTopology.Empty);
                if (finding is null)
                    throw new KeyNotFoundException($"no finding '{findingId}' in namespace '{ns.Id}': it was fixed already, or the route changed since it was reported (scan again; it has {findings.Count(f => f.Fixable)} other fixable finding(s))");
                if (finding.Plan is null)
                    return new MigrationResult(ns.Id, findingId, MigrationOutcome.Refused, null,
                        $"{finding.Finding.Title}: this kind of finding has no automatic fix (it may be deliberate); nothing was changed.", [finding.Finding.Route], [finding.Finding.Route], null, snapshot.Topology);
                if (dryRun)
                    return new MigrationResult(ns.Id, findingId, MigrationOutcome.Planned, finding.Plan,
                        "Dry run: nothing was changed.", [finding.Finding.Route], [.. finding.Plan.ExpectedAdded, .. finding.Plan.ExpectedRemaining is { } r ? [r] : Array.Empty<Routing.Route>()], null, finding.Plan.Names);
                return _executor.Apply(session, finding.Plan, cancellationToken);
            }, cancellationToken);
        }
        finally { gate.Release(); }
    }

    public async Task<IReadOnlyList<MigrationResult>> MigrateAllAsync(string? namespaceId, bool dryRun, CancellationToken cancellationToken = default)
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
            {
                try { results.Add(await MigrateAsync(ns.Id, id, dryRun, cancellationToken)); }
                catch (KeyNotFoundException) { } // resolved by an earlier fix in this run
            }
        }
        return results;
    }
}
