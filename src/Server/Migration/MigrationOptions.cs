namespace Dashboard.Server.Migration;

public sealed record MigrationOptions
{
    /// <summary>
    /// Fault injection for rollback drills: fail on purpose right after this many applied steps.
    /// Read from ROUTEDASH_INJECT_FAILURE_AFTER_STEP; unset in normal operation.
    /// </summary>
    public int? FailAfterStep { get; init; }

    public static MigrationOptions FromEnvironment() => new()
    {
        FailAfterStep = int.TryParse(Environment.GetEnvironmentVariable("ROUTEDASH_INJECT_FAILURE_AFTER_STEP"), out var n) && n > 0 ? n : null,
    };
}
