namespace Dashboard.Cni.Spec;

/// <summary>The CNI commands (CNI_COMMAND).</summary>
public enum CniCommand { Add, Del, Check, Status, Gc, Version }

/// <summary>
/// The CNI_* variables of one invocation, checked for the command: ADD and CHECK need the container
/// id, the namespace path and the interface name; DEL needs none of them to succeed; STATUS, GC and
/// VERSION take none.
/// </summary>
public sealed record CniEnvironment(CniCommand Command, string? ContainerId, string? Netns, string? IfName, string? Args, string? Path)
{
    /// <exception cref="CniException">code 4 when a variable the command needs is missing or malformed.</exception>
    public static CniEnvironment From(Func<string, string?> variable)
    {
        var text = variable("CNI_COMMAND");
        var command = text switch
        {
            "ADD" => CniCommand.Add,
            "DEL" => CniCommand.Del,
            "CHECK" => CniCommand.Check,
            "STATUS" => CniCommand.Status,
            "GC" => CniCommand.Gc,
            "VERSION" => CniCommand.Version,
            null or "" => throw new CniException(CniErrorCodes.InvalidEnvironment, "CNI_COMMAND is not set",
                "routedash-cni is a CNI plugin: a container runtime runs it with CNI_COMMAND=ADD|DEL|CHECK|STATUS|GC|VERSION and the network configuration on stdin (docs/cni.md)"),
            _ => throw new CniException(CniErrorCodes.InvalidEnvironment, $"unknown CNI_COMMAND '{Printable(text)}'",
                "expected ADD, DEL, CHECK, STATUS, GC or VERSION"),
        };
        var env = new CniEnvironment(command, Value(variable, "CNI_CONTAINERID"), Value(variable, "CNI_NETNS"),
            Value(variable, "CNI_IFNAME"), Value(variable, "CNI_ARGS"), Value(variable, "CNI_PATH"));
        if (command is CniCommand.Add or CniCommand.Check)
        {
            Require("CNI_CONTAINERID", env.ContainerId);
            Require("CNI_NETNS", env.Netns);
            Require("CNI_IFNAME", env.IfName);
            ValidateContainerId(env.ContainerId!);
            ValidateIfName(env.IfName!);
        }
        return env;
    }

    private static string? Value(Func<string, string?> variable, string name) => variable(name) is { Length: > 0 } v ? v : null;

    private static void Require(string name, string? value)
    {
        if (value is null) throw new CniException(CniErrorCodes.InvalidEnvironment, $"{name} is not set", $"{name} is required for ADD and CHECK");
    }

    /// <summary>The spec: alphanumeric first, then alphanumerics, '_', '.' or '-'.</summary>
    private static void ValidateContainerId(string id)
    {
        bool ok = char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
        if (!ok) throw new CniException(CniErrorCodes.InvalidEnvironment, $"invalid CNI_CONTAINERID '{Printable(id)}'",
            "a container id starts with a letter or digit and holds only letters, digits, '_', '.' and '-'");
    }

    /// <summary>The spec (and Linux): 1-15 bytes, not "." or "..", no '/', ':' or whitespace.</summary>
    private static void ValidateIfName(string name)
    {
        bool ok = name.Length is > 0 and < 16 && name != "." && name != ".." && !name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c) || char.IsControl(c));
        if (!ok) throw new CniException(CniErrorCodes.InvalidEnvironment, $"invalid CNI_IFNAME '{Printable(name)}'",
            "an interface name has 1-15 characters, is not '.' or '..', and has no '/', ':' or whitespace");
    }

    // Echoing control characters into a runtime's log would let a crafted value forge log lines.
    internal static string Printable(string s) =>
        string.Concat(s.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));
}
