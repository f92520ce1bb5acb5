using Dashboard.Server.Analysis;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Routing;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// The backend contracts over snapshots built in code, for component and screenshot tests where a VRF
/// kernel is not at hand. Snapshots can be replaced while a page is open, as a kernel would change.
/// The real reader and catalog are used by the browser tests in RealNamespaceTests.
/// </summary>
public sealed class InCodeBackend : INamespaceCatalog, INamespaceReader, IFindingService, IMigrationService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (NamespaceSnapshot Snapshot, IReadOnlyList<Finding> Findings)> _state = new();

    public List<(string NamespaceId, string? FindingId)> Migrations { get; } = [];

    /// <summary>What a migration call answers; by default it applies the finding's plan to the snapshot.</summary>
    public Func<string, Finding, MigrationResult>? MigrationAnswer { get; set; }

    public int Reads;

    public void Put(NamespaceSnapshot snapshot, params Finding[] findings)
    {
        lock (_gate) _state[snapshot.Namespace.Id] = (snapshot, findings);
    }

    public void Remove(string id)
    {
        lock (_gate) _state.Remove(id);
    }

    public IReadOnlyList<NetNamespace> List()
    {
        lock (_gate) return _state.Values.Select(s => s.Snapshot.Namespace).ToList();
    }

    public NetNamespace? Find(string id)
    {
        lock (_gate) return _state.TryGetValue(id, out var s) ? s.Snapshot.Namespace : null;
    }

    public NamespaceSnapshot Read(NetNamespace ns, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Reads);
        lock (_gate)
            return _state.TryGetValue(ns.Id, out var s) ? s.Snapshot with { TakenAt = DateTimeOffset.UtcNow }
                : throw new NamespaceNotFoundException($"{ns.Id} vanished");
    }

    /// <summary>A fresh read, as FindingService's is: counted in <see cref="Reads"/>.</summary>
    public IReadOnlyList<Finding> Scan(NetNamespace ns, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Reads);
        return FindingsOf(ns);
    }

    public IReadOnlyList<Finding> Analyze(NamespaceSnapshot snapshot) => FindingsOf(snapshot.Namespace);

    private IReadOnlyList<Finding> FindingsOf(NetNamespace ns)
    {
        lock (_gate) return _state.TryGetValue(ns.Id, out var s) ? s.Findings : throw new NamespaceNotFoundException(ns.Id);
    }

    public Task<MigrationResult> MigrateAsync(string namespaceId, string findingId, bool dryRun, CancellationToken cancellationToken = default)
    {
        Finding finding;
        lock (_gate)
        {
            Migrations.Add((namespaceId, findingId));
            finding = _state[namespaceId].Findings.Single(f => f.Id == findingId);
        }
        return Task.FromResult(MigrationAnswer?.Invoke(namespaceId, finding) ?? Apply(namespaceId, finding));
    }

    public async Task<IReadOnlyList<MigrationResult>> MigrateAllAsync(string? namespaceId, bool dryRun, CancellationToken cancellationToken = default)
    {
        List<Finding> all;
        lock (_gate) all = _state.Where(kv => namespaceId is null || kv.Key == namespaceId).SelectMany(kv => kv.Value.Findings).Where(f => f.Fixable).ToList();
        var results = new List<MigrationResult>();
        foreach (var f in all) results.Add(await MigrateAsync(f.NamespaceId, f.Id, dryRun, cancellationToken));
        return results;
    }

    /// <summary>Does what the plan says to the stored snapshot, so the page shows the after-state.</summary>
    private MigrationResult Apply(string namespaceId, Finding finding)
    {
        var plan = finding.Plan!;
        lock (_gate)
        {
            var (snap, findings) = _state[namespaceId];
            var routes = snap.Routes.Where(r => r.Key != plan.Original.Key).Concat(plan.ExpectedAdded).ToList();
            if (plan.ExpectedRemaining is { } rest) routes.Add(rest);
            _state[namespaceId] = (snap with { Routes = routes }, findings.Where(f => f.Id != finding.Id).ToList());
        }
        var after = plan.ExpectedAdded.Concat(plan.ExpectedRemaining is { } r2 ? [r2] : Array.Empty<Route>()).ToList();
        return new MigrationResult(namespaceId, finding.Id, MigrationOutcome.Applied, plan, "Moved 1 nexthop into table 1001 and verified.", [plan.Original], after, null);
    }
}
