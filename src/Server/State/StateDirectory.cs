namespace Dashboard.Server.State;

/// <summary>The node-local directory for the audit trail and the cookie keys: owner-only access.</summary>
public static class StateDirectory
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> (and parents) with mode 0700 when it is missing; an
    /// existing directory keeps the mode its owner gave it.</summary>
    public static DirectoryInfo Ensure(string path)
    {
        var info = new DirectoryInfo(path);
        if (!info.Exists)
            info = OperatingSystem.IsWindows() ? Directory.CreateDirectory(path) : Directory.CreateDirectory(path, OwnerOnly);
        return info;
    }
}
