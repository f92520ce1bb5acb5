using Dashboard.Server.Events;
using Dashboard.Web.Live;
using Dashboard.Web.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Tests.Live;

public sealed class PollingRouteEventSourceTests
{
    [Fact]
    public void Fingerprints_report_added_removed_and_changed_routes_links_and_addresses()
    {
        var before = SampleNode.PodSnapshot();
        var routes = before.Routes.Where(r => r.Dst != "10.50.0.0/16").Select(r => r.Dst == "::/0" && r.Table == 254 ? SampleNode.V6MainRemaining : r).ToList();
        routes.Add(routes[0] with { Dst = "10.99.0.0/16" });
        var after = before with
        {
            Routes = routes,
            Links = before.Links.Select(l => l.Name == "net1" ? l with { OperState = "DOWN", IsUp = false } : l).ToList(),
            Addresses = before.Addresses.Skip(1).ToList(),
        };

        var changes = new SnapshotFingerprint(after).ChangesSince(new SnapshotFingerprint(before)).ToList();

        Assert.Contains(changes, c => c.Kind == RouteChangeKind.RouteAdded && c.Summary.StartsWith("10.99.0.0/16 via 10.244.0.1 dev eth0"));
        Assert.Contains(changes, c => c.Kind == RouteChangeKind.RouteRemoved && c.Summary.StartsWith("10.50.0.0/16 via 192.168.50.1 dev net1"));
        Assert.Contains(changes, c => c.Kind == RouteChangeKind.RouteChanged && c.Summary.StartsWith("default via fe80::1 dev eth0"));
        Assert.Contains(changes, c => c.Kind == RouteChangeKind.LinkChanged && c.Summary.Contains("net1") && c.Summary.Contains("DOWN"));
        Assert.Contains(changes, c => c.Kind == RouteChangeKind.AddressChanged && c.Summary.Contains("removed") && c.Summary.Contains("10.244.0.7/24"));
        Assert.Equal(5, changes.Count);
        Assert.Empty(new SnapshotFingerprint(after).ChangesSince(new SnapshotFingerprint(after)));
    }

    [Fact]
    public async Task Subscribers_get_their_namespaces_changes_with_sequence_numbers_and_namespace_comings_and_goings()
    {
        var backend = SampleNode.Backend();
        using var source = new PollingRouteEventSource(backend, backend,
            Options.Create(new PollingOptions { Interval = TimeSpan.FromMilliseconds(50) }), NullLogger<PollingRouteEventSource>.Instance);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var plain = source.Subscribe(SampleNode.PlainNs, cts.Token).GetAsyncEnumerator(cts.Token);
        var all = source.Subscribe(null, cts.Token).GetAsyncEnumerator(cts.Token);
        var pendingPlain = plain.MoveNextAsync().AsTask();
        var pendingAll = all.MoveNextAsync().AsTask();
        while (backend.Reads < 4) await Task.Delay(20, cts.Token); // baselines taken

        var snap = SampleNode.PlainSnapshot;
        backend.Put(snap with { Routes = [.. snap.Routes, snap.Routes[0] with { Dst = "10.10.0.0/24" }] });
        Assert.True(await pendingPlain);
        Assert.Equal((SampleNode.PlainNs, RouteChangeKind.RouteAdded, 1L), (plain.Current.NamespaceId, plain.Current.Kind, plain.Current.Sequence));
        Assert.StartsWith("10.10.0.0/24 dev veth-a", plain.Current.Summary);
        Assert.True(await pendingAll);
        Assert.Equal(plain.Current, all.Current);

        backend.Remove(SampleNode.PodNs);
        Assert.True(await all.MoveNextAsync());
        Assert.Equal((SampleNode.PodNs, RouteChangeKind.NamespaceRemoved), (all.Current.NamespaceId, all.Current.Kind));
        Assert.Contains(source.Recent(10), n => n.Kind == RouteChangeKind.NamespaceRemoved);

        // The namespace-scoped subscriber saw nothing of the other namespace.
        var next = plain.MoveNextAsync().AsTask();
        Assert.NotSame(next, await Task.WhenAny(next, Task.Delay(300, cts.Token)));
        await cts.CancelAsync();
        Assert.False(await next);
        await plain.DisposeAsync();
        await all.DisposeAsync();
    }
}
