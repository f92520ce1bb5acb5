using System.Diagnostics;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Microsoft.Extensions.Logging;

namespace Dashboard.Server.Events;

/// <summary>Answers for other threads, computed on the loop's thread from its own state.</summary>
internal sealed partial class EventLoop
{
    /// <summary>The live model of a namespace with its open findings, or null when it is not streamed (yet).</summary>
    public Task<LiveView?> ViewAsync(string namespaceId)
    {
        var done = new TaskCompletionSource<LiveView?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() => done.SetResult(_byId.TryGetValue(namespaceId, out var s) && s.Model.Loaded ? s.Model.View() : null));
        return done.Task;
    }

    /// <summary>Every streamed namespace as its live model holds it now, for metrics and the cluster view.</summary>
    public Task<IReadOnlyList<NamespaceStatus>> StatusAsync()
    {
        var done = new TaskCompletionSource<IReadOnlyList<NamespaceStatus>>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() => done.SetResult(_byId.Values.Select(s => s.Model.Status(s.LastResync)).ToArray()));
        return done.Task;
    }

    /// <summary>Completes once every namespace streamed has been read and no dump or refresh is pending.</summary>
    public Task<bool> IsSettledAsync()
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() => done.SetResult(_byId.Values.All(s => s.Model.Loaded && s.Dumping is null && s.RefreshDue == 0 && s.RetryDue == 0)));
        return done.Task;
    }
}
