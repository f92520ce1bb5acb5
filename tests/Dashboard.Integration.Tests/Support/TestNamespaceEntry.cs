using Dashboard.Server.Namespaces;
using Dashboard.Server.Routing;

namespace Dashboard.Integration.Tests.Support;

public static class TestNamespaceEntry
{
    /// <summary>
    /// The namespace as the dashboard and the CLI find it (`--netns NAME`): with its real inode, so
    /// every read and change in these tests goes through the inode check a stale entry would fail.
    /// </summary>
    public static NetNamespace Entry(this TestNamespace ns) => new NamespaceResolver().ByName(ns.Name);
}
