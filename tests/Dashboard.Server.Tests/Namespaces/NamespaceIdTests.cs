using Dashboard.Server.Namespaces;

namespace Dashboard.Server.Tests.Namespaces;

public class NamespaceIdTests
{
    [Theory]
    [InlineData("", "is empty")]
    [InlineData("a/b", "contains '/'")]
    [InlineData("/etc/passwd", "contains '/'")]
    [InlineData("..", "contains '..'")]
    [InlineData("a..b", "contains '..'")]
    [InlineData(".", "is '.'")]
    [InlineData("bad\nname", "contains a control character")]
    [InlineData("tab\tname", "contains a control character")]
    [InlineData("netns:../x", "contains '/'")]
    public void Malformed_names_are_refused_with_the_reason(string id, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => NamespaceId.Parse(id));
        Assert.Contains(reason, e.Message);
        Assert.Equal("id", e.ParamName);
    }

    [Fact]
    public void A_control_character_is_not_echoed_raw()
    {
        var e = Assert.Throws<ArgumentException>(() => NamespaceId.ValidateName("x\u001b[2Jy"));
        Assert.DoesNotContain('\u001b', e.Message);
        Assert.Contains("\\x1b", e.Message);
    }

    [Fact]
    public void A_name_longer_than_a_file_name_is_refused() =>
        Assert.Contains("255", Assert.Throws<ArgumentException>(() => NamespaceId.Parse(new string('n', 256))).Message);

    [Fact]
    public void Host_is_host() => Assert.IsType<NamespaceId.HostId>(NamespaceId.Parse("host"));

    [Fact]
    public void Inode_ids_are_parsed()
    {
        Assert.Equal(new NamespaceId.InodeId(4026531840), NamespaceId.Parse("ino-4026531840"));
        Assert.Equal("ino-4026531840", NamespaceId.ForInode(4026531840));
    }

    [Theory]
    [InlineData("ino-99999999999999999999999")]
    [InlineData("ino-0")]
    public void Out_of_range_inodes_are_refused(string id) =>
        Assert.Contains("inode", Assert.Throws<ArgumentException>(() => NamespaceId.Parse(id)).Message);

    [Theory]
    [InlineData("ino-", "ino-")]
    [InlineData("ino-12a", "ino-12a")]
    [InlineData("cni-1f2e3d4c-aaaa-bbbb-cccc-0123456789ab", "cni-1f2e3d4c-aaaa-bbbb-cccc-0123456789ab")]
    [InlineData("netns:host", "host")]
    [InlineData("netns:ino-5", "ino-5")]
    public void Other_ids_are_names(string id, string name) =>
        Assert.Equal(new NamespaceId.NamedId(name), NamespaceId.Parse(id));

    [Theory]
    [InlineData("blue", "blue")]
    [InlineData("host", "netns:host")]
    [InlineData("ino-42", "netns:ino-42")]
    [InlineData("netns:x", "netns:netns:x")]
    [InlineData("ino-x", "ino-x")]
    public void A_name_never_takes_another_namespace_s_id(string name, string id)
    {
        Assert.Equal(id, NamespaceId.ForName(name));
        Assert.Equal(new NamespaceId.NamedId(name), NamespaceId.Parse(id));
    }
}
