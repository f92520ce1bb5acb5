using System.Runtime.InteropServices;
using Dashboard.Server.State;

namespace Dashboard.Cni.Remediation;

/// <summary>
/// No change without lock, journal and audit: before a fixing ADD touches anything, the state root,
/// its journal and lock directories and the audit directory must be usable — safe (StateDirectory's
/// owner and mode rules) and writable. In Multus thick mode without the hostPath mounts they are not,
/// and the ADD says which path and why instead of fixing unrecorded.
/// </summary>
internal static partial class StateCheck
{
    private const int W_OK = 2, X_OK = 1;

    /// <exception cref="StateDirectoryException">naming the first directory that cannot be used.</exception>
    public static void EnsureUsable(StateLocations state)
    {
        foreach (var dir in new[] { state.Root, state.Journal, state.Locks, state.Audit }.Distinct(StringComparer.Ordinal))
        {
            StateDirectory.Ensure(dir);
            // Ensure accepts a directory on a read-only mount; writing the journal there would fail only
            // after the namespace is locked. access(2) answers EROFS up front.
            if (Access(dir, W_OK | X_OK) != 0)
                throw new StateDirectoryException(dir, $"it is not writable ({Marshal.GetLastPInvokeErrorMessage()})");
        }
    }

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Access(string path, int mode);
}
