namespace Dashboard.Server.Migration;

/// <summary>
/// The documented fault-injection hooks, for rollback and crash-recovery drills; both unset in
/// normal operation and read only from the environment.
/// </summary>
public sealed record MigrationOptions
{
    /// <summary>Fail on purpose right after this many applied steps (ROUTEDASH_INJECT_FAILURE_AFTER_STEP): the rollback path.</summary>
    public int? FailAfterStep { get; init; }

    /// <summary>
    /// SIGKILL this process right after step N is acknowledged and journaled
    /// (ROUTEDASH_INJECT_CRASH_AFTER_STEP): the crash-recovery path.
    /// </summary>
    public int? CrashAfterStep { get; init; }

    public static MigrationOptions FromEnvironment() => new()
    {
        FailAfterStep = Positive("ROUTEDASH_INJECT_FAILURE_AFTER_STEP"),
        CrashAfterStep = Positive("ROUTEDASH_INJECT_CRASH_AFTER_STEP"),
    };

    private static int? Positive(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var n) && n > 0 ? n : null;
}

/// <summary>
/// Who asks for a change, for the journal and the audit log: the process (<see cref="Actor"/>:
/// "dashboard", "cli", "cni", "policy"), the identity, and the address it came from where there is one.
/// </summary>
public sealed record Caller(string Actor, string Who, string? From = null)
{
    public static Caller Cli() => new("cli", Environment.UserName);
}
