using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;

namespace Dashboard.Server.Events;

/// <summary>Why a namespace is being dumped: the first read, a resync after lost notices, or a refresh after silent route changes.</summary>
public enum DumpReason { Initial, Resync, Refresh }

/// <summary>A kernel message kept while a dump runs, to be applied on top of the dump.</summary>
internal readonly record struct PendingMessage(ushort Type, ushort Flags, byte[] Payload, long ReadAt);

/// <summary>The event loop's state for one namespace: its subscription socket, live model and dump in progress.</summary>
internal sealed class NamespaceStream(NetNamespace ns, ulong token)
{
    public NetNamespace Namespace { get; } = ns;
    public ulong Token { get; } = token;
    public LiveModel Model { get; } = new(ns);
    public NetlinkHandle? Socket { get; set; }
    public bool Closed { get; set; }

    /// <summary>Set while a dump runs; messages read meanwhile wait in <see cref="Pending"/>.</summary>
    public DumpReason? Dumping { get; set; }
    /// <summary>Bumped by every dump started, so the answer of a superseded one is recognised and dropped.</summary>
    public int Generation { get; set; }
    public List<PendingMessage> Pending { get; } = [];

    /// <summary>Stopwatch time at which routes are to be re-read (0: none due).</summary>
    public long RefreshDue { get; set; }
    /// <summary>Stopwatch time at which a failed dump is tried again (0: none due).</summary>
    public long RetryDue { get; set; }
    public DumpReason RetryReason { get; set; }
    public string? ResyncCause { get; set; }
    /// <summary>When the last resync (a re-read after lost notices) completed.</summary>
    public DateTimeOffset? LastResync { get; set; }

    /// <summary>
    /// After ENOBUFS the kernel marks the socket congested and drops further notices without another
    /// error until a read empties the queue; a dump started before that could miss those silent drops.
    /// So a resync first reads the queue empty (discarding, the dump supersedes it), then dumps.
    /// </summary>
    public bool AwaitingDrain { get; set; }
}
