using System.Runtime.InteropServices;

namespace Dashboard.Cni.Tests.Native;

/// <summary>
/// CPU time (user + system) of this process's finished children, from getrusage(RUSAGE_CHILDREN): what
/// a process cost on its own, however long it waited for a core on a machine shared with other builds.
/// </summary>
internal static partial class ChildCpu
{
    private const int RUSAGE_CHILDREN = -1;

    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UtimeSec, UtimeUsec, StimeSec, StimeUsec;
        public long Maxrss, Ixrss, Idrss, Isrss, Minflt, Majflt, Nswap, Inblock, Oublock, Msgsnd, Msgrcv, Nsignals, Nvcsw, Nivcsw;
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRusage(int who, out Rusage usage);

    public static TimeSpan Total()
    {
        if (GetRusage(RUSAGE_CHILDREN, out var u) != 0) throw new InvalidOperationException($"getrusage: errno {Marshal.GetLastPInvokeError()}");
        return TimeSpan.FromMicroseconds((u.UtimeSec + u.StimeSec) * 1_000_000 + u.UtimeUsec + u.StimeUsec);
    }
}
