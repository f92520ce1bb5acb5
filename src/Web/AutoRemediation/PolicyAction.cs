namespace Dashboard.Web.AutoRemediation;

/// <summary>What the policy did (or did not do) about one finding, for the overview, the namespace page, the API and the hub.</summary>
public enum PolicyOutcome
{
    /// <summary>Applied and verified.</summary>
    Fixed,
    /// <summary>Refused, rolled back or failed: counts towards the namespace's circuit breaker.</summary>
    Failed,
    /// <summary>The namespace reached its limit of consecutive failures: the policy stops there.</summary>
    Stopped,
    /// <summary>The node's MaxPerMinute was reached: the fix waits for the next free slot.</summary>
    Deferred,
    /// <summary>An operator reset the namespace's circuit breaker.</summary>
    Reset,
}

/// <param name="Namespace">The namespace's id.</param>
/// <param name="Where">What an operator calls it: its name and, when known, its pod.</param>
/// <param name="Route">The route as `ip route` prints it, or null.</param>
public sealed record PolicyAction(
    DateTimeOffset When, string Namespace, string Where, string? FindingId, string? Kind, string? Route,
    PolicyOutcome Outcome, string Message)
{
    public string OutcomeName => Outcome.ToString().ToLowerInvariant();
}

/// <summary>A policy action as the API and the hub send it: the outcome as a word ("fixed", "failed", …).</summary>
public sealed record PolicyActionDto(
    DateTimeOffset When, string Namespace, string Where, string? FindingId, string? Kind, string? Route, string Outcome, string Message)
{
    public static PolicyActionDto From(PolicyAction a) => new(a.When, a.Namespace, a.Where, a.FindingId, a.Kind, a.Route, a.OutcomeName, a.Message);
}

/// <summary>A namespace where the policy stopped after consecutive failures.</summary>
public sealed record StoppedNamespace(string Namespace, string Where, int Failures, DateTimeOffset Since, string LastMessage);

/// <summary>The policy as the API, the hub and the pages show it.</summary>
/// <param name="Active">Enabled and allowed to change routing now.</param>
/// <param name="State">"on", or why it is off.</param>
public sealed record PolicyStatus(
    bool Enabled, bool Active, string State, IReadOnlyList<string> Kinds, IReadOnlyList<string> Include, IReadOnlyList<string> Exclude,
    int MaxPerMinute, int FailuresBeforeStop, double SettleSeconds,
    IReadOnlyList<PolicyActionDto> Recent, IReadOnlyList<StoppedNamespace> Stopped);
