using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Dashboard.Server.Namespaces;

/// <summary>
/// Reads small procfs files (comm, cgroup) with open/read/close alone. File.ReadAllText adds a
/// stream, a reader, encoding detection, fstat and flock per file: more than the read itself when it
/// is done for every namespace on a busy node.
/// </summary>
internal static class ProcFile
{
    /// <summary>The file's text (up to <paramref name="maxBytes"/>), or null when it or its process is gone or may not be read.</summary>
    public static unsafe string? ReadSmall(string path, int maxBytes = 16 * 1024)
    {
        var pathBytes = Encoding.UTF8.GetBytes(path + "\0");
        int fd;
        fixed (byte* p = pathBytes) fd = open(p, O_RDONLY | O_CLOEXEC);
        if (fd < 0) return null;
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            // procfs files report size 0: read until end of file or the cap, never by length.
            int total = 0;
            fixed (byte* b = buffer)
            {
                while (total < maxBytes)
                {
                    long n = read(fd, b + total, (size_t)(maxBytes - total));
                    if (n < 0)
                    {
                        if (errno == EINTR) continue;
                        return null; // ESRCH: the process exited between open and read
                    }
                    if (n == 0) break;
                    total += (int)n;
                }
            }
            return Encoding.UTF8.GetString(buffer, 0, total);
        }
        finally
        {
            close(fd);
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
