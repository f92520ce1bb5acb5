using System.Globalization;

namespace Dashboard.Server.Namespaces;

/// <summary>
/// The id forms of <see cref="Routing.NetNamespace.Id"/>: "host"; "ino-&lt;inode&gt;" for a namespace held
/// only by processes; the name of a named namespace — or "netns:&lt;name&gt;" when the name itself looks
/// like one of the other two forms, so that no name can take over another namespace's id.
/// </summary>
public static class NamespaceId
{
    public const string Host = "host";
    private const string InodePrefix = "ino-";
    private const string NamedPrefix = "netns:";

    /// <summary>What an id asks for.</summary>
    public abstract record Parsed;
    public sealed record HostId : Parsed;
    public sealed record InodeId(ulong Inode) : Parsed;
    public sealed record NamedId(string Name) : Parsed;

    public static string ForInode(ulong inode) => InodePrefix + inode.ToString(CultureInfo.InvariantCulture);

    public static string ForName(string name) => IsReservedForm(name) ? NamedPrefix + name : name;

    /// <summary>Parses an id given by a user or a URL.</summary>
    /// <exception cref="ArgumentException">the id is empty, or names a namespace outside the netns directories.</exception>
    public static Parsed Parse(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id == Host) return new HostId();
        if (id.StartsWith(InodePrefix, StringComparison.Ordinal) && id.Length > InodePrefix.Length
            && id.AsSpan(InodePrefix.Length).IndexOfAnyExceptInRange('0', '9') < 0)
        {
            if (!ulong.TryParse(id.AsSpan(InodePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var inode) || inode == 0)
                throw new ArgumentException($"namespace id \"{id}\": the inode is not a valid 64-bit number", nameof(id));
            return new InodeId(inode);
        }
        var name = id.StartsWith(NamedPrefix, StringComparison.Ordinal) ? id[NamedPrefix.Length..] : id;
        ValidateName(name, nameof(id));
        return new NamedId(name);
    }

    /// <summary>Refuses a namespace name that is not a single plain file name under /run/netns.</summary>
    /// <exception cref="ArgumentException">with a message that says why.</exception>
    public static void ValidateName(string name, string paramName = "name")
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        string? why =
            name.Length == 0 ? "is empty"
            : name.Contains('/') ? "contains '/'"
            : name.Contains("..", StringComparison.Ordinal) ? "contains '..'"
            : name == "." ? "is '.'"
            : name.Any(char.IsControl) ? "contains a control character"
            : System.Text.Encoding.UTF8.GetByteCount(name) > 255 ? "is longer than 255 bytes"
            : null;
        if (why is not null)
            throw new ArgumentException($"invalid network namespace name \"{Printable(name)}\": it {why}; a name is a file in /run/netns", paramName);
    }

    private static bool IsReservedForm(string name) =>
        name == Host || name.StartsWith(NamedPrefix, StringComparison.Ordinal)
        || (name.StartsWith(InodePrefix, StringComparison.Ordinal) && name.Length > InodePrefix.Length
            && name.AsSpan(InodePrefix.Length).IndexOfAnyExceptInRange('0', '9') < 0);

    // Echoing a control character back would let a crafted name rewrite the operator's terminal.
    private static string Printable(string s) =>
        string.Concat(s.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));
}
