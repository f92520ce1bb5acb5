using Dashboard.Server.Audit;
using Dashboard.Server.Migration;

namespace Dashboard.Web.AutoRemediation;

/// <summary>
/// An operator's reset of the policy's circuit breaker (the UI button, POST /api/policy/reset): the
/// namespace is cleared for the policy again, and the reset is in the audit trail with who asked.
/// </summary>
public sealed class PolicyReset(PolicyLedger ledger, IAuditLog audit, TimeProvider time)
{
    public const string Action = "policy-reset";

    /// <param name="ns">One namespace's id, or null for every stopped namespace.</param>
    public async Task<IReadOnlyList<StoppedNamespace>> ResetAsync(Caller caller, string? ns, CancellationToken ct = default)
    {
        var cleared = ledger.Reset(ns, caller.Who);
        foreach (var s in cleared)
        {
            var when = time.GetUtcNow();
            await audit.AppendAsync(new AuditRecord(Guid.CreateVersion7(when).ToString("N"), when, caller.Actor, caller.Who, caller.From,
                s.Namespace, FindingId: "", Action, Outcome: "reset", Commands: [], Before: [], After: [],
                $"Auto-remediation resumed in {s.Where}: it had stopped after {s.Failures} consecutive failures (last: {s.LastMessage})", null), ct);
        }
        return cleared;
    }
}
