namespace Dashboard.Server.Events;

/// <summary>What the live stream has done since it started; read without locks, exact once quiet.</summary>
public sealed class EventCounters
{
    internal long kernelMessages, notices, overruns, readErrors, resyncs, refreshes, dumpFailures, clientOverflows, namespacesAdded, namespacesRemoved;
    internal long routeMessages, linkMessages, addressMessages, nexthopMessages, ruleMessages;

    /// <summary>
    /// Called after every namespace dump the stream makes (first read, resync, refresh) with its
    /// duration; the web app feeds its histogram from it. Runs on a thread-pool thread: keep it cheap.
    /// </summary>
    public Action<DumpReason, TimeSpan>? DumpObserved { get; set; }

    /// <summary>rtnetlink messages read from subscription sockets.</summary>
    public long KernelMessages => Interlocked.Read(ref kernelMessages);
    public long Notices => Interlocked.Read(ref notices);
    /// <summary>ENOBUFS: the kernel dropped notices because a socket's queue was full.</summary>
    public long Overruns => Interlocked.Read(ref overruns);
    /// <summary>Other read or decode errors; each one also triggers a resync.</summary>
    public long ReadErrors => Interlocked.Read(ref readErrors);
    /// <summary>Full re-reads after an overrun or error, each announced with a Resynced notice.</summary>
    public long Resyncs => Interlocked.Read(ref resyncs);
    /// <summary>Re-reads of a namespace after link, address or nexthop changes that move routes silently.</summary>
    public long Refreshes => Interlocked.Read(ref refreshes);
    public long DumpFailures => Interlocked.Read(ref dumpFailures);
    /// <summary>Subscriber queues dropped because the subscriber fell behind.</summary>
    public long ClientOverflows => Interlocked.Read(ref clientOverflows);
    public long NamespacesAdded => Interlocked.Read(ref namespacesAdded);
    /// <summary>Kernel notices by the kind of object they were about.</summary>
    public long RouteMessages => Interlocked.Read(ref routeMessages);
    public long LinkMessages => Interlocked.Read(ref linkMessages);
    public long AddressMessages => Interlocked.Read(ref addressMessages);
    public long NexthopMessages => Interlocked.Read(ref nexthopMessages);
    public long RuleMessages => Interlocked.Read(ref ruleMessages);
    public long NamespacesRemoved => Interlocked.Read(ref namespacesRemoved);

    public override string ToString() =>
        $"kernel={KernelMessages} notices={Notices} overruns={Overruns} errors={ReadErrors} resyncs={Resyncs} refreshes={Refreshes} " +
        $"dumpFailures={DumpFailures} clientOverflows={ClientOverflows} nsAdded={NamespacesAdded} nsRemoved={NamespacesRemoved}";
}
