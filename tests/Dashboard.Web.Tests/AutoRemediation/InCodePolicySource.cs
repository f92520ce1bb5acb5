using Dashboard.Server.Events;
using Dashboard.Server.Migration;
using Dashboard.Web.AutoRemediation;
using Dashboard.Web.Tests.Support;

namespace Dashboard.Web.Tests.AutoRemediation;

/// <summary>
/// The live stream as the policy sees it, over the in-code kernel: every stored namespace is streamed,
/// its view is a fresh read with the real analyzer's and planner's diagnoses, and the test publishes the
/// notices the event loop would (FindingOpened with its diagnosis, NamespaceAdded).
/// </summary>
public sealed class InCodePolicySource(InCodeBackend backend) : IPolicySource
{
    private long _sequence;

    public LiveEventBus Bus { get; } = new(new EventsOptions(), new EventCounters());

    public IReadOnlyList<string> Watched => backend.List().Select(n => n.Id).ToList();

    /// <summary>False until the test says the first reads are done (the initial sweep waits for it).</summary>
    public bool Settled { get; set; } = true;

    public Task<bool> IsSettledAsync() => Task.FromResult(Settled);

    public Task<LiveView?> ViewAsync(string namespaceId)
    {
        var ns = backend.Find(namespaceId);
        if (ns is null) return Task.FromResult<LiveView?>(null);
        var snapshot = backend.Read(ns);
        return Task.FromResult<LiveView?>(new LiveView(snapshot, Doctor.Diagnose(snapshot)));
    }

    /// <summary>What the event loop sends when a namespace's finding appears.</summary>
    public void FindingOpened(string namespaceId)
    {
        var d = Doctor.Diagnose(backend.Read(backend.Find(namespaceId)!)).First();
        Publish(namespaceId, RouteChangeKind.FindingOpened, d.Finding.Title, d);
    }

    public void Publish(string namespaceId, RouteChangeKind kind, string summary, Diagnosis? diagnosis = null) =>
        Bus.Publish([new LiveEvent(new RouteChangeNotice(namespaceId, kind, DateTimeOffset.UtcNow, Interlocked.Increment(ref _sequence), summary))
            { Diagnosis = diagnosis }]);
}
