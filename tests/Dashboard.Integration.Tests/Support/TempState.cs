using Dashboard.Server.State;

namespace Dashboard.Integration.Tests.Support;

/// <summary>
/// A state directory of a test's own (journal, locks, audit), 0700 like the real one, removed on
/// dispose: tests never touch the node's /var/lib/routedash.
/// </summary>
public sealed class TempState : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("rdt-state-").FullName;

    public StateLocations Locations => new(Path);

    /// <summary>Journal records still open: a migration that ended leaves none.</summary>
    public IReadOnlyList<string> OpenJournalRecords =>
        Directory.Exists(Locations.Journal) ? Directory.GetFiles(Locations.Journal) : [];

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
