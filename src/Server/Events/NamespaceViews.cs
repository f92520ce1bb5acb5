using Dashboard.Server.Migration;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Server.Events;

/// <summary>
/// A namespace as it is now, with its findings, for pages, the API and the hub: from the live model
/// the event stream keeps current (no netlink read: a page that follows a busy namespace must not dump
/// it again for every burst of changes, once per open tab), or, where the namespace is not streamed
/// yet or no stream runs, from a fresh read.
/// </summary>
public sealed class NamespaceViews(INetlink netlink, LiveStream? live = null, ILogger<NamespaceViews>? log = null)
{
    private static readonly TimeSpan LiveAnswer = TimeSpan.FromSeconds(5);
    private readonly ILogger _log = (ILogger?)log ?? NullLogger.Instance;

    /// <exception cref="Namespaces.NamespaceNotFoundException">the namespace does not exist or vanished.</exception>
    public async Task<LiveView> CurrentAsync(NetNamespace ns, CancellationToken cancellationToken)
    {
        if (live is not null)
        {
            try
            {
                // The event loop answers within milliseconds; one that does not (stopping, wedged) is not waited for.
                if (await live.ViewAsync(ns.Id).WaitAsync(LiveAnswer, cancellationToken) is { } view) return view;
            }
            catch (TimeoutException) { _log.LogWarning("the live stream did not answer for {NamespaceId} within 5 s; reading it", ns.Id); }
        }
        return await Task.Run(() =>
        {
            var snapshot = netlink.Read(ns, cancellationToken);
            return new LiveView(snapshot, Doctor.Diagnose(snapshot), ViewSource.NetlinkRead);
        }, cancellationToken);
    }
}
