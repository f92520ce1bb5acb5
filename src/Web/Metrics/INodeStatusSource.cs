using Dashboard.Server.Events;

namespace Dashboard.Web.Metrics;

/// <summary>
/// What the node's metrics are read from at scrape time: every watched namespace as the live model
/// holds it, and what the event loop has counted. The live stream in production
/// (<see cref="LiveStreamStatusSource"/>); a test can stand a node built in code behind it.
/// </summary>
public interface INodeStatusSource
{
    Task<IReadOnlyList<NamespaceStatus>> StatusAsync();

    EventCounters Counters { get; }
}

/// <summary>The live stream of this node as the metrics' source.</summary>
public sealed class LiveStreamStatusSource(LiveStream live) : INodeStatusSource
{
    public Task<IReadOnlyList<NamespaceStatus>> StatusAsync() => live.StatusAsync();

    public EventCounters Counters => live.Counters;
}
