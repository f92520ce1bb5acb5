using Dashboard.Server.Audit;
using Dashboard.Server.Contracts;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Dashboard.Server.State;

namespace Dashboard.Server.Migration;

public enum RecoveryOutcome
{
    /// <summary>Every step had been applied; the record is closed after verifying.</summary>
    Completed,
    /// <summary>The slots held the state after some steps: the remaining steps were applied and verified.</summary>
    RolledForward,
    /// <summary>Rolling forward failed (or was not possible): the before-state was put back and verified.</summary>
    Restored,
    /// <summary>The slots hold something the plan never made: left alone, for an operator.</summary>
    Conflict,
    /// <summary>A record from an earlier boot, or of a namespace that is gone: closed without touching anything.</summary>
    Stale,
    /// <summary>Neither rolling forward nor restoring worked: operator attention needed.</summary>
    Failed,
}

/// <summary>How one open journal record was resolved.</summary>
public sealed record RecoveryResult(
    string RecordId, string NamespaceId, string FindingId, RecoveryOutcome Outcome, string Message,
    IReadOnlyList<string> Commands, IReadOnlyList<Route> Before, IReadOnlyList<Route> After, VrfTopology Names)
{
    public static string OutcomeName(RecoveryOutcome o) => o switch
    {
        RecoveryOutcome.RolledForward => "rolled-forward",
        _ => o.ToString().ToLowerInvariant(),
    };

    /// <summary>Resolved: the namespace is exactly as before or exactly as after the plan, or there was nothing to touch.</summary>
    public bool Resolved => Outcome is RecoveryOutcome.Completed or RecoveryOutcome.RolledForward or RecoveryOutcome.Restored or RecoveryOutcome.Stale;
}

/// <summary>
/// Resolves the journal's open records: a migration whose process died mid-change. If the slots the
/// plan touches hold the before-state or the state after a prefix of its steps, the plan is completed
/// (rolled forward) from there, or, if that fails, the before-state is restored; anything else in those
/// slots is left alone and reported as a conflict. A record from an earlier boot or of a namespace that
/// is gone is closed as stale. Every resolution is verified by a fresh read and audited as a recovery.
/// </summary>
public sealed class JournalRecovery(MigrationJournal journal, INetlink netlink, IAuditLog audit, StateLocations state)
{
    /// <summary>Every open record of the node: what `routedash recover` and the dashboard at start do.</summary>
    public async Task<IReadOnlyList<RecoveryResult>> ResolveAllAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var results = new List<RecoveryResult>();
        foreach (var inode in journal.OpenRecords().Select(r => r.Intent?.Inode ?? 0).Distinct().ToArray())
        {
            var record = journal.OpenRecords(inode).FirstOrDefault();
            if (record?.Intent is not { } intent)
            {
                results.AddRange(await CloseTornAsync(inode, caller));
                continue;
            }
            var ns = new NetNamespace(intent.NamespaceId ?? "?", intent.NamespaceId ?? "?", NamespaceKind.Process, intent.NamespacePath ?? "", intent.Inode, null, null, null);
            using var held = await NamespaceLock.AcquireAsync(state, ns, cancellationToken: cancellationToken);
            INetlinkHandle? session = null;
            try { session = netlink.Open(ns); }
            catch (NamespaceNotFoundException) { } // gone (or its path now leads elsewhere): its records are stale
            using (session) results.AddRange(await ResolveAsync(session, inode, caller));
        }
        return results;
    }

    /// <summary>
    /// The open records of the namespace <paramref name="session"/> is bound to (null: it is gone), with
    /// that namespace's lock held by the caller: what every change does before its own first step.
    /// </summary>
    public async Task<IReadOnlyList<RecoveryResult>> ResolveAsync(INetlinkHandle? session, ulong inode, Caller caller)
    {
        var results = new List<RecoveryResult>();
        foreach (var record in journal.OpenRecords(inode))
        {
            var result = Resolve(session, record);
            results.Add(result);
            await audit.AppendAsync(Audit(result, caller), CancellationToken.None);
            new JournalEntry(record.File).Close("recovered-" + RecoveryResult.OutcomeName(result.Outcome));
        }
        return results;
    }

    private async Task<IReadOnlyList<RecoveryResult>> CloseTornAsync(ulong inode, Caller caller)
    {
        var results = new List<RecoveryResult>();
        foreach (var record in journal.OpenRecords(inode).Where(r => r.Intent is null))
        {
            // The process died before its intent was on disk, so before its first step: nothing to resolve.
            var result = new RecoveryResult(Path.GetFileNameWithoutExtension(record.File), "?", "?", RecoveryOutcome.Stale,
                "The record was torn before its intent was written, so no step was ever sent; closed.", [], [], [], VrfTopology.Empty);
            results.Add(result);
            await audit.AppendAsync(Audit(result, caller), CancellationToken.None);
            File.Delete(record.File);
        }
        return results;
    }

    private RecoveryResult Resolve(INetlinkHandle? session, OpenRecord record)
    {
        var intent = record.Intent!;
        var id = intent.Id ?? "?";
        var steps = (intent.Steps ?? []).Select(s => s.ToStep()).ToArray();
        var commands = steps.Select(s => s.IpCommand).ToArray();
        RecoveryResult Done(RecoveryOutcome outcome, string message, IReadOnlyList<Route> before, IReadOnlyList<Route> after, VrfTopology names) =>
            new(id, intent.NamespaceId ?? "?", intent.FindingId ?? "?", outcome, message, commands, before, after, names);

        if (intent.BootId != MigrationJournal.BootId)
            return Done(RecoveryOutcome.Stale, $"The record is from an earlier boot ({intent.BootId}): routes do not survive a reboot; nothing was touched.", [], [], VrfTopology.Empty);
        if (session is null)
            return Done(RecoveryOutcome.Stale, $"Namespace '{intent.NamespaceId}' (inode {intent.Inode}) is gone; nothing was touched.", [], [], VrfTopology.Empty);

        var states = (intent.States ?? []).Select(s => (IReadOnlyList<Route>)s.Select(r => r.ToRoute()).ToArray()).ToArray();
        var keys = (intent.Keys ?? []).Select(k => k.ToKey()).ToHashSet();
        // Version 1 records have no rules: no rule is touched before or after any step.
        var ruleStates = intent.RuleStates is { } rs
            ? rs.Select(s => (IReadOnlyList<Rule>)s.Select(r => r.ToRule()).ToArray()).ToArray()
            : Enumerable.Repeat((IReadOnlyList<Rule>)[], steps.Length + 1).ToArray();
        var ruleKeys = (intent.RuleKeys ?? []).Select(k => ((IpFamily)k.Family, k.Priority)).ToHashSet();
        var original = intent.Original?.ToRoute();
        // Undoing a replace or a delete puts the original back: a plan with those must have recorded it.
        bool needsOriginal = steps.Any(s => s.Route is not null && s.Kind != RouteChange.Add);
        if (states.Length != steps.Length + 1 || ruleStates.Length != steps.Length + 1 || (original is null && needsOriginal))
            return Done(RecoveryOutcome.Conflict, "The record is incomplete (no states or no original route); nothing was touched.", [], [], VrfTopology.Empty);

        (List<Route> Routes, List<Rule> Rules) Touched(NamespaceSnapshot snapshot) =>
            (PlanStates.Touched(snapshot, keys), PlanStates.TouchedRules(snapshot, ruleKeys));
        (List<Route> Routes, List<Rule> Rules) Now() => Touched(session.Read(CancellationToken.None));
        bool Is((List<Route> Routes, List<Rule> Rules) now, int k) => PlanStates.Same(now.Routes, states[k]) && PlanStates.Same(now.Rules, ruleStates[k]);

        var snapshot = session.Read(CancellationToken.None);
        var names = snapshot.Topology;
        var now = Touched(snapshot);
        int reached = -1;
        for (int k = states.Length - 1; k >= 0; k--)
            if (Is(now, k)) { reached = k; break; }

        if (reached < 0)
            return Done(RecoveryOutcome.Conflict,
                $"The routes and rules the plan touches are neither as before it nor as after any of its {steps.Length} steps (someone else changed them); " +
                $"they were left alone. Now: {Describe(now, names)}. Before the plan: {Describe((states[0], ruleStates[0]), names)}.", states[0], now.Routes, names);
        if (reached == steps.Length)
            return Done(RecoveryOutcome.Completed, $"All {steps.Length} steps had been applied before the process ended; verified.", states[0], now.Routes, names);

        var entry = new JournalEntry(record.File);
        int at = reached;
        string? failure = null;
        for (; at < steps.Length; at++)
        {
            try
            {
                MigrationExecutor.Send(session, steps[at]);
                entry.MarkStep(at + 1);
            }
            catch (Exception e) when (e is NetlinkException or ArgumentException)
            {
                failure = $"step {at + 1} (`{steps[at].IpCommand}`) failed: {e.Message}";
                break;
            }
        }
        var after = Now();
        if (failure is null && Is(after, steps.Length))
            return Done(RecoveryOutcome.RolledForward,
                $"The process ended after step {reached} of {steps.Length}; steps {reached + 1}–{steps.Length} were applied and verified.", states[0], after.Routes, names);

        // Rolling forward did not reach the planned state: put the before-state back, newest step first.
        var undoErrors = new List<string>();
        for (int i = at - 1; i >= 0; i--)
        {
            try { MigrationExecutor.Undo(session, steps[i], original); }
            catch (Exception e) when (e is NetlinkException or ArgumentException) { undoErrors.Add($"undoing `{steps[i].IpCommand}`: {e.Message}"); }
        }
        var restored = Now();
        var why = failure ?? $"after rolling forward the plan's routes and rules were {Describe(after, names)}, not the planned state";
        if (Is(restored, 0))
            return Done(RecoveryOutcome.Restored, $"The process ended after step {reached} of {steps.Length}; rolling forward failed ({why}); the before-state was restored and verified.", states[0], restored.Routes, names);
        return Done(RecoveryOutcome.Failed,
            $"The process ended after step {reached} of {steps.Length}; rolling forward failed ({why}) and restoring failed too ({string.Join("; ", undoErrors.DefaultIfEmpty("the before-state is not back"))}). " +
            $"Check by hand; before the plan: {Describe((states[0], ruleStates[0]), names)}.", states[0], restored.Routes, names);
    }

    private static string Describe((IReadOnlyList<Route> Routes, IReadOnlyList<Rule> Rules) state, VrfTopology names)
    {
        var items = state.Routes.Select(r => RouteText.Arguments(r, names)).Concat(state.Rules.Select(r => "rule " + RuleText.Arguments(r))).ToArray();
        return items.Length == 0 ? "nothing" : string.Join("; ", items);
    }

    private static AuditRecord Audit(RecoveryResult r, Caller caller)
    {
        var when = DateTimeOffset.UtcNow;
        return new AuditRecord(Guid.CreateVersion7(when).ToString("N"), when, caller.Actor, caller.Who, caller.From, r.NamespaceId, r.FindingId,
            "recovery", RecoveryResult.OutcomeName(r.Outcome), r.Commands,
            r.Before.Select(x => RouteDto.From(x, r.Names)).ToArray(), r.After.Select(x => RouteDto.From(x, r.Names)).ToArray(), r.Message, null);
    }
}
