using Dashboard.Server.Events;

namespace Dashboard.Web.Live;

/// <summary>
/// A page's subscription to change notices. Notices arriving close together are handed over as one
/// batch, so a burst of route changes causes one re-read rather than one per route.
/// </summary>
public sealed class LiveSubscription : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private LiveSubscription(IRouteEventSource source, string? namespaceId, Func<IReadOnlyList<RouteChangeNotice>, Task> onChanges, TimeSpan coalesce)
    {
        _run = Task.Run(() => RunAsync(source, namespaceId, onChanges, coalesce, _stop.Token));
    }

    public static LiveSubscription Start(IRouteEventSource source, string? namespaceId,
        Func<IReadOnlyList<RouteChangeNotice>, Task> onChanges, TimeSpan? coalesce = null) =>
        new(source, namespaceId, onChanges, coalesce ?? TimeSpan.FromMilliseconds(250));

    private static async Task RunAsync(IRouteEventSource source, string? namespaceId,
        Func<IReadOnlyList<RouteChangeNotice>, Task> onChanges, TimeSpan coalesce, CancellationToken ct)
    {
        var notices = source.Subscribe(namespaceId, ct).GetAsyncEnumerator(ct);
        Task<bool>? next = null;
        try
        {
            var batch = new List<RouteChangeNotice>();
            var deadline = DateTime.MaxValue;
            while (!ct.IsCancellationRequested)
            {
                next ??= notices.MoveNextAsync().AsTask();
                if (batch.Count > 0)
                {
                    var wait = deadline - DateTime.UtcNow;
                    if (wait > TimeSpan.Zero && await Task.WhenAny(next, Task.Delay(wait, ct)) == next) { }
                    if (!next.IsCompleted)
                    {
                        await onChanges(batch.ToArray());
                        batch.Clear();
                        continue;
                    }
                }
                if (!await next) break;
                next = null;
                if (batch.Count == 0) deadline = DateTime.UtcNow + coalesce;
                batch.Add(notices.Current);
            }
            if (batch.Count > 0 && !ct.IsCancellationRequested) await onChanges(batch.ToArray());
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        finally
        {
            // An enumerator may not be disposed while a MoveNextAsync is in flight; cancellation ends it.
            if (next is not null) try { await next; } catch (OperationCanceledException) { }
            await notices.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _run; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
