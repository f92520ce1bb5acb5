using Dashboard.Server.Namespaces;
using Dashboard.Server.Routing;
using Dashboard.TestSupport;
using Dashboard.Web.Namespaces;
using Microsoft.Extensions.Configuration;

namespace Dashboard.Ops.Tests;

/// <summary>Dashboard:Namespaces:Include/Exclude: the globs, the names they match, and the catalog applying them.</summary>
public sealed class NamespaceFilterTests
{
    private static readonly NetNamespace Host = new("host", "host", NamespaceKind.Host, "/proc/1/ns/net", 1, 1, "systemd", null);
    private static readonly NetNamespace Named = new("blue", "blue", NamespaceKind.Named, "/run/netns/blue", 2, null, null, null);
    private static readonly NetNamespace Pod = new("ino-3", "pod tenant-a/frontend-1", NamespaceKind.Process, "/proc/42/ns/net", 3, 42, "pause",
        new PodRef("tenant-a", "frontend-1", "uid"));

    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("tenant-a/*", "tenant-a/frontend-1", true)]
    [InlineData("tenant-?/front*", "tenant-b/frontend-1", true)]
    [InlineData("tenant-a/*", "tenant-ab/x", false)]
    [InlineData("ino-*", "ino-4026532871", true)]
    [InlineData("blue", "blue-2", false)]
    [InlineData("*-2", "blue-2", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyy", false)]
    [InlineData("", "", true)]
    public void Globs_match_whole_names(string pattern, string name, bool matches) =>
        Assert.Equal(matches, NamespaceFilter.Glob.Matches(pattern, name));

    [Fact]
    public void Includes_match_id_name_or_pod_and_excludes_win()
    {
        var all = new[] { Host, Named, Pod };
        string[] Watched(string include, string exclude) =>
            all.Where(new NamespaceFilter([include], [exclude]).Allows).Select(n => n.Id).ToArray();
        Assert.Equal(["host", "blue", "ino-3"], Watched("", ""));
        Assert.Equal(["ino-3"], Watched("tenant-a/*", ""));
        Assert.Equal(["host", "ino-3"], Watched("host, ino-*", ""));
        Assert.Equal(["host", "blue"], Watched("", "tenant-a/*"));
        Assert.Equal(["blue"], Watched("*", "host,ino-3"));
        // A process namespace's display name is a description, not a name to match.
        Assert.Empty(Watched("pod *", ""));
    }

    [Fact]
    public void Settings_come_as_a_comma_separated_value_or_as_a_list()
    {
        var single = NamespaceFilterSettings.From(Config(("Dashboard:Namespaces:Include", "host, tenant-a/*"), ("Dashboard:Namespaces:Exclude", "ino-9")));
        Assert.Equal(["host", "tenant-a/*"], single.Include);
        Assert.Equal(["ino-9"], single.Exclude);
        var list = NamespaceFilterSettings.From(Config(("Dashboard:Namespaces:Include:0", "host"), ("Dashboard:Namespaces:Include:1", "blue")));
        Assert.Equal(["host", "blue"], list.Include);
        Assert.True(NamespaceFilterSettings.From(Config()).WatchesAll);
    }

    [Fact]
    public void The_catalog_lists_and_finds_only_what_the_filter_lets_through()
    {
        if (!Shell.IsRoot) Assert.Skip("reading /proc/1/ns/net needs root");
        var onlyHost = new NamespaceCatalog(NamespaceCatalogOptions.Default with { Filter = new NamespaceFilter(["host"], []) });
        Assert.Equal(["host"], onlyHost.List().Select(n => n.Id));
        Assert.NotNull(onlyHost.Find("host"));
        var noHost = new NamespaceCatalog(NamespaceCatalogOptions.Default with { Filter = new NamespaceFilter([], ["host"]) });
        Assert.DoesNotContain(noHost.List(), n => n.Kind == NamespaceKind.Host);
        // Left out means not found, by id or by inode, as if it did not exist.
        Assert.Null(noHost.Find("host"));
        Assert.Null(noHost.Find($"ino-{onlyHost.List()[0].Inode}"));
        Assert.Throws<NamespaceNotFoundException>(() => ((INamespaceCatalog)noHost).Get("host"));
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
