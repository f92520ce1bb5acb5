using Dashboard.Server.Events;

namespace Dashboard.Web.AutoRemediation;

/// <summary>
/// What the policy watches: the live stream's notices, the namespaces it streams and their live views
/// (the findings with their plans). The dashboard's is <see cref="LiveStreamPolicySource"/>; tests hand
/// in their own notices and views.
/// </summary>
public interface IPolicySource
{
    LiveEventBus Bus { get; }

    /// <summary>Ids of the namespaces being streamed now.</summary>
    IReadOnlyList<string> Watched { get; }

    /// <summary>True once every namespace has been read: its open findings are in the views.</summary>
    Task<bool> IsSettledAsync();

    Task<LiveView?> ViewAsync(string namespaceId);
}

/// <summary>The dashboard's live stream as the policy's source.</summary>
public sealed class LiveStreamPolicySource(LiveStream stream) : IPolicySource
{
    public LiveEventBus Bus => stream.Bus;
    public IReadOnlyList<string> Watched => stream.Watched;
    public Task<bool> IsSettledAsync() => stream.IsSettledAsync();
    public Task<LiveView?> ViewAsync(string namespaceId) => stream.ViewAsync(namespaceId);
}
