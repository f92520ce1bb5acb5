using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// The backend contracts over snapshots built in code, for component and browser tests where a VRF
/// kernel is not at hand. Only the kernel's side is stored: findings and plans are made from the
/// stored snapshot by the real analyzer and planner (<see cref="Doctor"/>) on every read and every
/// migration, as the real services make them from a netlink read. Snapshots can be replaced while a
/// page is open, as a kernel would change. The real netlink and catalog are used by RealNamespaceTests,
/// ApiFunctionalTests and LiveModelDataTests.
/// </summary>
public sealed class InCodeBackend : INamespaceCatalog, INetlink, IMigrationService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NamespaceSnapshot> _state = new();

    /// <summary>Every call that reached the migration service: namespace and finding id (null for "fix all").</summary>
    public List<(string NamespaceId, string? FindingId)> Migrations { get; } = [];

    /// <summary>What a migration call answers; by default the finding's real plan is applied to the stored snapshot.</summary>
    public Func<string, Diagnosis, MigrationResult>? MigrationAnswer { get; set; }

    /// <summary>Netlink reads so far (what the pages cost a node).</summary>
    public int Reads;

    public void Put(NamespaceSnapshot snapshot)
    {
        lock (_gate) _state[snapshot.Namespace.Id] = snapshot;
    }

    public void Remove(string id)
    {
        lock (_gate) _state.Remove(id);
    }

    public IReadOnlyList<NetNamespace> List()
    {
        lock (_gate) return _state.Values.Select(s => s.Namespace).ToList();
    }

    public NetNamespace? Find(string id)
    {
        lock (_gate) return _state.TryGetValue(id, out var s) ? s.Namespace : null;
    }

    public NamespaceSnapshot Read(NetNamespace ns, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Reads);
        return Stored(ns.Id) with { TakenAt = DateTimeOffset.UtcNow };
    }

    public INetlinkHandle Open(NetNamespace ns) => throw new NotSupportedException(
        $"InCodeBackend holds snapshots, not sockets: it cannot open a handle in {ns.Id}. Migrations go through its IMigrationService, which applies the real plan to the stored snapshot.");

    public NetlinkHandle Subscribe(NetNamespace ns, int receiveBufferBytes) => throw new NotSupportedException(
        $"InCodeBackend has no kernel to subscribe to in {ns.Id}: stream no in-code namespace (UseInCodeBackend sets EventsOptions.OnlyNamespaces to none).");

    public Task<MigrationResult> MigrateAsync(string namespaceId, string findingId, bool dryRun, CancellationToken cancellationToken = default)
    {
        lock (_gate) Migrations.Add((namespaceId, findingId));
        // As MigrationService does: diagnose the namespace as it is now, and look the id up there.
        var diagnoses = Doctor.Diagnose(Stored(namespaceId));
        var diagnosis = diagnoses.FirstOrDefault(d => d.Id == findingId);
        if (diagnosis is null && !diagnoses.Any(d => d.Fixable))
            return Task.FromResult(new MigrationResult(namespaceId, findingId, MigrationOutcome.NothingToDo, null,
                $"Nothing to do: namespace '{namespaceId}' has no fixable findings.", [], [], null, VrfTopology.Empty));
        if (diagnosis is null)
            throw new KeyNotFoundException($"no finding '{findingId}' in namespace '{namespaceId}'");
        if (MigrationAnswer is { } answer) return Task.FromResult(answer(namespaceId, diagnosis));
        var plan = diagnosis.Plan ?? throw new InvalidOperationException($"{findingId} has no plan: the sample has only fixable findings");
        return Task.FromResult(dryRun
            ? new MigrationResult(namespaceId, findingId, MigrationOutcome.Planned, plan, "Dry run: nothing was changed.",
                [plan.Original], Expected(plan), null, plan.Names)
            : Apply(namespaceId, plan));
    }

    public async Task<IReadOnlyList<MigrationResult>> MigrateAllAsync(string? namespaceId, bool dryRun, CancellationToken cancellationToken = default)
    {
        var namespaces = namespaceId is null ? List().Select(n => n.Id).ToList() : [namespaceId];
        var results = new List<MigrationResult>();
        foreach (var ns in namespaces)
            foreach (var d in Doctor.Diagnose(Stored(ns)).Where(d => d.Fixable))
                results.Add(await MigrateAsync(ns, d.Id, dryRun, cancellationToken));
        return results;
    }

    private NamespaceSnapshot Stored(string id)
    {
        lock (_gate)
            return _state.TryGetValue(id, out var s) ? s : throw new NamespaceNotFoundException($"no network namespace with id '{id}' (in code)");
    }

    private static IReadOnlyList<Route> Expected(MigrationPlan plan) =>
        [.. plan.ExpectedAdded, .. plan.ExpectedRemaining is { } rest ? [rest] : Array.Empty<Route>()];

    /// <summary>
    /// Does to the stored snapshot what the plan says the kernel will hold afterwards, so the page
    /// shows the after-state; the message is worded as MigrationExecutor words a verified apply.
    /// </summary>
    private MigrationResult Apply(string namespaceId, MigrationPlan plan)
    {
        lock (_gate)
        {
            var snapshot = _state[namespaceId];
            var routes = snapshot.Routes.Where(r => !RouteComparer.SameRoute(r, plan.Original)).Concat(Expected(plan)).ToList();
            _state[namespaceId] = snapshot with { Routes = routes };
        }
        var summary = string.Join("; ", plan.ExpectedAdded.Select(r => RouteText.Arguments(r, plan.Names)))
            + (plan.ExpectedRemaining is { } rest ? $"; kept {RouteText.Arguments(rest, plan.Names)}" : "; original removed");
        return new MigrationResult(namespaceId, plan.FindingId, MigrationOutcome.Applied, plan, "Applied and verified: " + summary,
            [plan.Original], Expected(plan), null, plan.Names);
    }
}
