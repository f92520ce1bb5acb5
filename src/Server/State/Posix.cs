using System.Runtime.InteropServices;

namespace Dashboard.Server.State;

/// <summary>The libc calls Tmds.LibC does not offer: flock(2) and kill(2).</summary>
internal static partial class Posix
{
    public const int LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;
    public const int EWOULDBLOCK = 11;

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
