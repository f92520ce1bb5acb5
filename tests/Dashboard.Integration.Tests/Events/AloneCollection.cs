namespace Dashboard.Integration.Tests.Events;

/// <summary>
/// Tests that count the process's file descriptors and threads, or need the CPU to keep up with a
/// burst, run alone: test classes running beside them open and close fds and steal the cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "runs alone";
}
