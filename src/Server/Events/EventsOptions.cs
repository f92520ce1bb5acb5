namespace Dashboard.Server.Events;

/// <summary>Knobs of the live stream; the defaults suit a node, tests shrink them to force the hard cases.</summary>
public sealed record EventsOptions
{
    /// <summary>SO_RCVBUF of each namespace's subscription socket. Too small and a burst overflows it (ENOBUFS → resync).</summary>
    public int ReceiveBufferBytes { get; init; } = 8 << 20;

    /// <summary>Notices a subscriber may have queued before its queue is dropped and it gets a Resynced notice.</summary>
    public int ClientQueueCapacity { get; init; } = 10_000;

    /// <summary>How often every namespace on the node is looked up again (processes come and go without inotify).</summary>
    public TimeSpan RescanInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a re-read of routes waits for more link or address changes before it runs.</summary>
    public TimeSpan RefreshDelay { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>Kernel messages kept while a dump runs; past this the dump is started again.</summary>
    public int MaxPendingMessages { get; init; } = 2_000_000;

    /// <summary>Notices kept for <see cref="IRouteEventSource.Recent"/>.</summary>
    public int RecentCapacity { get; init; } = 1000;

    /// <summary>Only these namespace ids (null: every namespace on the node, as the catalog finds them).</summary>
    public IReadOnlyCollection<string>? OnlyNamespaces { get; init; }
}
