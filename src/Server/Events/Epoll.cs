using System.Runtime.InteropServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Dashboard.Server.Events;

/// <summary>An epoll set plus an eventfd to wake its waiter; one kernel wait for any number of sockets.</summary>
internal sealed unsafe class Epoll : IDisposable
{
    private int _epfd;
    private int _wakeFd;
    public const ulong WakeToken = ulong.MaxValue;

    public Epoll()
    {
        _epfd = epoll_create1(EPOLL_CLOEXEC);
        if (_epfd < 0) throw Error("epoll_create1");
        _wakeFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (_wakeFd < 0)
        {
            close(_epfd);
            throw Error("eventfd");
        }
        Add(_wakeFd, WakeToken);
    }

    public void Add(int fd, ulong token)
    {
        epoll_event ev = default;
        ev.events = EPOLLIN;
        ev.data.u64 = token;
        if (epoll_ctl(_epfd, EPOLL_CTL_ADD, fd, &ev) != 0) throw Error("epoll_ctl ADD");
    }

    public void Remove(int fd)
    {
        epoll_event ev = default;
        epoll_ctl(_epfd, EPOLL_CTL_DEL, fd, &ev); // a closed fd has left the set already
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> (-1: forever); fills tokens of ready fds.</summary>
    public int Wait(Span<ulong> tokens, int timeoutMs)
    {
        var events = stackalloc epoll_event[tokens.Length];
        int n = epoll_wait(_epfd, events, tokens.Length, timeoutMs);
        if (n < 0)
        {
            if (errno == EINTR) return 0;
            throw Error("epoll_wait");
        }
        for (int i = 0; i < n; i++) tokens[i] = events[i].data.u64;
        return n;
    }

    public void Wake()
    {
        ulong one = 1;
        write(_wakeFd, &one, sizeof(ulong));
    }

    public void ClearWake()
    {
        ulong value;
        read(_wakeFd, &value, sizeof(ulong));
    }

    private static IOException Error(string what) => new($"{what}: {Marshal.GetPInvokeErrorMessage(errno)}");

    public void Dispose()
    {
        if (_wakeFd >= 0) close(_wakeFd);
        if (_epfd >= 0) close(_epfd);
        _wakeFd = _epfd = -1;
    }
}
