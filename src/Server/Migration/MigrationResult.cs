using Dashboard.Server.Routing;

namespace Dashboard.Server.Migration;

public enum MigrationOutcome
{
    /// <summary>Applied and verified.</summary>
    Applied,
    /// <summary>Dry run: nothing was changed.</summary>
    Planned,
    /// <summary>Nothing to do: the finding no longer exists (already fixed).</summary>
    NothingToDo,
    /// <summary>Refused before any change: the route changed since the plan, or a clobber was avoided.</summary>
    Refused,
    /// <summary>A step failed; the original state was restored.</summary>
    RolledBack,
    /// <summary>A step failed and restoring the original state failed too: operator attention needed.</summary>
    Failed,
}

/// <summary>What a migration did, with the routes before and after and the kernel's words on failure.</summary>
public sealed record MigrationResult(
    string NamespaceId,
    string FindingId,
    MigrationOutcome Outcome,
    MigrationPlan? Plan,
    string Message,
    IReadOnlyList<Route> Before,
    IReadOnlyList<Route> After,
    string? KernelError,
    /// <summary>The namespace's devices and VRFs: names for printing the routes.</summary>
    VrfTopology Names)
{
    /// <summary>Why the audit record of this result could not be written, or null when it was.</summary>
    public string? AuditError { get; init; }
}
