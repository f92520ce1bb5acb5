namespace Dashboard.Web.Tests.Support;

/// <summary>A named network namespace "rdt-ui-…" that is deleted again whatever happens to the test.</summary>
public sealed class TestNamespace : IDisposable
{
    public string Name { get; } = $"rdt-ui-{Guid.NewGuid().ToString("N")[..8]}";

    public TestNamespace() => Shell.Ip("netns", "add", Name);

    /// <summary>`ip -n NAME …`</summary>
    public string Ip(params string[] args) => Shell.Ip(["-n", Name, .. args]);

    public void Dispose()
    {
        try { Shell.Ip("netns", "del", Name); } catch (InvalidOperationException) { /* already gone */ }
    }
}
