using Dashboard.Server.Analysis;
using Dashboard.Server.Contracts;
using Dashboard.Server.Events;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Routing;
using Dashboard.Web.Security;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.AutoRemediation;

/// <summary>
/// The auto-remediation policy: when the live stream opens a fixable finding of the configured kinds
/// (or a namespace appears, or is re-read, or the dashboard starts with findings open), the namespace
/// is looked at once it has been quiet for the settle delay — a CNI chain, and a routedash-cni in it,
/// finish first — and each such finding's plan is applied through the same migration service as a
/// click (lock, journal, compare-and-swap, verify, roll back), audited with actor "policy". No operator
/// token is involved: the node's administrator turned the policy on. It never acts while the dashboard
/// is read-only, never beyond MaxPerMinute, and stops in a namespace after FailuresBeforeStop
/// consecutive failures until an operator resets it.
/// </summary>
public sealed class AutoRemediationService(
    PolicyLedger ledger, IPolicySource stream, IMigrationService migrations, IOptions<DashboardOptions> dashboard,
    TimeProvider time, ILogger<AutoRemediationService> log) : BackgroundService
{
    public static readonly Caller Caller = new("policy", "auto-remediation");

    /// <summary>However busy a namespace stays, the policy looks at it after this many settle delays.</summary>
    private const int MaxSettles = 10;
    private static readonly TimeSpan SweepPoll = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<string, (DateTimeOffset Due, DateTimeOffset First)> _due = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deferred = new(StringComparer.Ordinal);
    private readonly RateWindow _rate = new(ledger.Settings.MaxPerMinute);
    private AutoRemediationSettings Settings => ledger.Settings;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!Settings.Enabled) return; // the ledger says so already
        if (dashboard.Value.ReadOnly)
        {
            ledger.SetState(false, "off: the dashboard is read-only (Dashboard__ReadOnly=true)");
            log.LogWarning("Auto-remediation is enabled but the dashboard is read-only: the policy changes nothing");
            return;
        }
        ledger.SetState(true, "on");
        log.LogInformation("Auto-remediation on: {Kinds}, namespaces {Filter}, settle {Settle} s, at most {Max}/min, stops after {Stop} consecutive failures",
            string.Join(",", Settings.KindNames), Settings.Filter, Settings.Settle.TotalSeconds, Settings.MaxPerMinute, Settings.FailuresBeforeStop);

        using var events = stream.Bus.Open(namespaceId: null);
        Task<bool>? read = null, kick = null;
        bool swept = false;
        while (!ct.IsCancellationRequested)
        {
            read ??= events.Reader.WaitToReadAsync(ct).AsTask();
            kick ??= ledger.Kicks.WaitToReadAsync(ct).AsTask();
            var wait = Until(NextDue());
            if (!swept && wait > SweepPoll) wait = SweepPoll;
            if (wait > TimeSpan.Zero)
            {
                try { await Task.WhenAny(read, kick, Task.Delay(wait, time, ct)); }
                catch (OperationCanceledException) { break; }
            }
            if (ct.IsCancellationRequested) break;
            if (read.IsCompleted)
            {
                if (!await read) break;
                while (events.Reader.TryRead(out var e)) Observe(e);
                read = null;
            }
            if (kick.IsCompleted)
            {
                while (ledger.Kicks.TryRead(out var ns)) Schedule(ns, now: true);
                kick = null;
            }
            // Findings already open when the dashboard started come with no FindingOpened: once every
            // namespace has been read, each is looked at once.
            if (!swept && await stream.IsSettledAsync())
            {
                foreach (var id in stream.Watched) Schedule(id);
                swept = true;
            }
            foreach (var ns in DueNow()) await ActAsync(ns, ct);
        }
    }

    private void Observe(LiveEvent e)
    {
        var ns = e.Notice.NamespaceId;
        switch (e.Notice.Kind)
        {
            case RouteChangeKind.FindingOpened when e.Diagnosis is { Fixable: true } d && Settings.Kinds.Contains(d.Finding.Kind):
            case RouteChangeKind.NamespaceAdded:
                Schedule(ns);
                break;
            case RouteChangeKind.Resynced when ns == LiveSubscription.AllNamespaces:
                foreach (var id in stream.Watched) Schedule(id);
                break;
            case RouteChangeKind.Resynced:
                Schedule(ns);
                break;
            case RouteChangeKind.NamespaceRemoved:
                _due.Remove(ns);
                break;
            default:
                // Still changing (the chain is not done): wait until it has been quiet for the settle delay.
                if (_due.ContainsKey(ns)) Schedule(ns);
                break;
        }
    }

    private void Schedule(string ns, bool now = false)
    {
        var at = time.GetUtcNow();
        var first = _due.TryGetValue(ns, out var s) ? s.First : at;
        var settle = Settings.Settle;
        var due = now ? at : Min(at + settle, first + settle * MaxSettles);
        _due[ns] = (due, first);
    }

    private void ScheduleAt(string ns, DateTimeOffset due) => _due[ns] = (due, due);

    private DateTimeOffset? NextDue() => _due.Count == 0 ? null : _due.Values.Min(d => d.Due);

    private TimeSpan Until(DateTimeOffset? due) =>
        due is { } d ? Max(d - time.GetUtcNow(), TimeSpan.Zero) : Timeout.InfiniteTimeSpan;

    private List<string> DueNow()
    {
        var now = time.GetUtcNow();
        var due = _due.Where(kv => kv.Value.Due <= now).OrderBy(kv => kv.Value.Due).Select(kv => kv.Key).ToList();
        foreach (var ns in due) _due.Remove(ns);
        return due;
    }

    private async Task ActAsync(string id, CancellationToken ct)
    {
        if (ledger.IsStopped(id)) return;
        var view = await stream.ViewAsync(id);
        if (view is null) return; // not streamed (any more)
        var ns = view.Snapshot.Namespace;
        if (!Settings.Filter.Allows(ns)) return;
        var names = view.Snapshot.Topology;
        foreach (var d in view.Diagnoses.Where(d => d.Fixable && Settings.Kinds.Contains(d.Finding.Kind)).ToArray())
        {
            var where = Where(ns);
            var route = d.Finding.Subject(names);
            var kind = FindingKinds.Name(d.Finding.Kind);
            PolicyAction Action(PolicyOutcome outcome, string message) => new(time.GetUtcNow(), id, where, d.Id, kind, route, outcome, message);

            var now = time.GetUtcNow();
            if (!_rate.TryTake(now))
            {
                ScheduleAt(id, _rate.NextFree(now));
                if (_deferred.Add(id))
                    ledger.Record(Action(PolicyOutcome.Deferred, $"MaxPerMinute ({Settings.MaxPerMinute}) reached on this node: the fix waits for the next free slot."));
                return;
            }
            _deferred.Remove(id);
            MigrationResult result;
            try { result = await migrations.MigrateAsync(Caller, id, d.Id, dryRun: false, ct); }
            catch (KeyNotFoundException)
            {
                Schedule(id); // the route changed since the live view: look again once it settles
                continue;
            }
            catch (NamespaceNotFoundException) { return; }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
            catch (Exception e)
            {
                Fail(Action(PolicyOutcome.Failed, $"{e.GetType().Name}: {e.Message}"));
                return;
            }
            switch (result.Outcome)
            {
                case MigrationOutcome.Applied:
                    ledger.Succeeded(id);
                    ledger.Record(Action(PolicyOutcome.Fixed, result.Message));
                    log.LogInformation("Auto-remediation fixed {Finding} in {Namespace}: {Message}", d.Id, where, result.Message);
                    break;
                case MigrationOutcome.NothingToDo:
                    ledger.Succeeded(id); // fixed meanwhile (routedash-cni in the chain, an operator)
                    break;
                default:
                    Fail(Action(PolicyOutcome.Failed, $"{MigrationResultDto.OutcomeName(result.Outcome)}: {result.Message}"
                        + (result.KernelError is { } k ? $" (kernel: {k})" : "")));
                    return;
            }
        }
    }

    private void Fail(PolicyAction failure)
    {
        int n = ledger.Failed(failure);
        log.LogWarning("Auto-remediation failed in {Namespace} ({Count} in a row): {Message}", failure.Where, n, failure.Message);
        // Not again at once: the next try waits longer each time, until the breaker stops it.
        if (!ledger.IsStopped(failure.Namespace))
            ScheduleAt(failure.Namespace, time.GetUtcNow() + Settings.Settle * Math.Pow(2, n));
    }

    internal static string Where(NetNamespace ns) => ns.Pod is { } pod ? $"{ns.DisplayName} (pod {pod})" : ns.DisplayName;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
