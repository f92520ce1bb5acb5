using System.Diagnostics;
using Dashboard.Integration.Tests.Support;
using Dashboard.Server.Events;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Integration.Tests.Events;

/// <summary>The /hubs/routes hub with the real SignalR client, against real namespaces.</summary>
public class HubStreamTests
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task New_namespace_route_add_and_delete_arrive_within_a_second(bool messagePack)
    {
        await using var host = await HubHost.StartAsync(new EventsOptions());
        await host.SettleAsync(TimeSpan.FromSeconds(30));
        await using var client = await host.ConnectAsync(messagePack);
        await client.Connection.InvokeAsync("SubscribeAll", TestContext.Current.CancellationToken);

        var clock = Stopwatch.StartNew();
        using var ns = new TestNamespace("hub");
        var added = await client.WaitForAsync(e => e.Kind == "NamespaceAdded" && e.NamespaceId == ns.Name, OneSecond, "NamespaceAdded");
        Assert.Equal(1, added.Sequence);
        Assert.Equal(ns.Name, added.Namespace?.Name);

        ns.AddVeth();
        ns.Ip("addr", "add", "10.20.0.2/24", "dev", "eth0");
        // What is timed here is route notices; names are what these two checks are about.
        var address = await client.WaitForAsync(e => e.Kind == "AddressChanged" && e.NamespaceId == ns.Name && e.Address?.Address == "10.20.0.2/24",
            TimeSpan.FromSeconds(5), "AddressChanged");
        Assert.Equal("eth0", address.Address!.Dev);
        var sent = Stopwatch.GetTimestamp();
        ns.Ip("route", "add", "198.51.100.0/24", "via", "10.20.0.1", "dev", "eth0", "table", "100");
        var route = await client.WaitForAsync(e => e.Kind == "RouteAdded" && e.NamespaceId == ns.Name && e.Route?.Dst == "198.51.100.0/24",
            OneSecond, "RouteAdded");
        var latency = Stopwatch.GetElapsedTime(sent);
        Assert.Equal(100u, route.Route!.Table);
        Assert.Equal("10.20.0.1", route.Route.Gateway);
        Assert.Equal("198.51.100.0/24 via 10.20.0.1 dev eth0 table 100", route.Summary);
        TestContext.Current.TestOutputHelper?.WriteLine($"route add → RouteAdded in {latency.TotalMilliseconds:F1} ms ({(messagePack ? "MessagePack" : "JSON")})");

        ns.Ip("route", "del", "198.51.100.0/24", "table", "100");
        var removed = await client.WaitForAsync(e => e.Kind == "RouteRemoved" && e.NamespaceId == ns.Name && e.Route?.Dst == "198.51.100.0/24",
            OneSecond, "RouteRemoved");
        Assert.True(removed.Sequence > route.Sequence);
        Assert.True(removed.Timestamp >= route.Timestamp);

        // A link's master arrives by name, as GET /api/namespaces/{id} shows it (this kernel has no VRF: a bridge).
        ns.Ip("link", "add", "br0", "type", "bridge");
        ns.Ip("link", "set", "peer0", "master", "br0");
        var enslaved = await client.WaitForAsync(e => e.Kind == "LinkChanged" && e.Link?.Name == "peer0" && e.Link.Master is not null,
            TimeSpan.FromSeconds(5), "peer0 enslaved");
        Assert.Equal("br0", enslaved.Link!.Master);
        Assert.EndsWith("master br0", enslaved.Summary);
        await LiveModelAssert.EqualsIpJson(host.Stream, ns);
    }

    [Fact]
    public async Task Sequence_numbers_have_no_gaps_and_unsubscribe_stops_the_flow()
    {
        using var ns = new TestNamespace("seq");
        await using var host = await HubHost.StartAsync(new EventsOptions { OnlyNamespaces = [ns.Name] });
        await host.SettleAsync(TimeSpan.FromSeconds(10));
        await using var client = await host.ConnectAsync();
        await client.Connection.InvokeAsync("Subscribe", ns.Name, TestContext.Current.CancellationToken);
        ns.AddVeth();
        ns.IpBatch(Enumerable.Range(0, 200).Select(i => $"route add 203.0.{i / 250}.{i % 250}/32 dev eth0"));
        var last = await client.WaitForAsync(e => e.Kind == "RouteAdded" && e.Route?.Dst == "203.0.0.199/32", TimeSpan.FromSeconds(5), "the last route");
        await client.Connection.InvokeAsync("Unsubscribe", ns.Name, TestContext.Current.CancellationToken);

        var all = new List<Dashboard.Server.Contracts.RouteEventDto>();
        // Everything before `last` was read already by WaitForAsync; check the sequence on a fresh read.
        var routes = await client.Connection.InvokeAsync<Dashboard.Server.Contracts.RouteDto[]>("Routes", ns.Name, TestContext.Current.CancellationToken);
        Assert.Equal(200, routes.Count(r => r.Dst.StartsWith("203.0.0.", StringComparison.Ordinal)));
        ns.Ip("route", "add", "203.0.9.9/32", "dev", "eth0");
        await Task.Delay(500, TestContext.Current.CancellationToken);
        while (client.Events.Reader.TryRead(out var e)) all.Add(e);
        Assert.DoesNotContain(all, e => e.Route?.Dst == "203.0.9.9/32");
        Assert.True(last.Sequence >= 201, $"sequence {last.Sequence}");
    }

    [Fact]
    public async Task A_client_that_asks_for_batches_gets_every_notice_in_order_several_per_message()
    {
        using var ns = new TestNamespace("batch");
        await using var host = await HubHost.StartAsync(new EventsOptions { OnlyNamespaces = [ns.Name] });
        await host.SettleAsync(TimeSpan.FromSeconds(10));
        await using var client = await host.ConnectAsync(messagePack: true);
        var ct = TestContext.Current.CancellationToken;
        await client.Connection.InvokeAsync("ReceiveBatches", ct);
        await client.Connection.InvokeAsync("Subscribe", ns.Name, ct);
        ns.AddVeth();
        ns.IpBatch(Enumerable.Range(0, 1000).Select(i => $"route add 203.1.{i / 250}.{i % 250}/32 dev eth0 table 100"));

        var added = new List<Dashboard.Server.Contracts.RouteEventDto>();
        // Bringing eth0 up adds IPv6 link-local routes too, at their own pace: only table 100 is counted.
        static bool Ours(Dashboard.Server.Contracts.RouteEventDto e) => e.Kind == "RouteAdded" && e.Route?.Table == 100;
        var first = await client.WaitForAsync(Ours, TimeSpan.FromSeconds(5), "the first route");
        added.Add(first);
        long previous = first.Sequence;
        while (added.Count < 1000)
        {
            var e = await client.WaitForAsync(_ => true, TimeSpan.FromSeconds(5), $"route {added.Count + 1} of 1000");
            Assert.Equal(previous + 1, e.Sequence); // in order, nothing missing
            previous = e.Sequence;
            if (Ours(e)) added.Add(e);
        }
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"203.1.{i / 250}.{i % 250}/32"), added.Select(e => e.Route!.Dst));
        Assert.Equal(0, client.SingleCalls);
        int[] sizes;
        lock (client.BatchSizes) sizes = [.. client.BatchSizes];
        Assert.All(sizes, n => Assert.InRange(n, 1, Dashboard.Web.Api.HubClientPumps.MaxBatch));
        // One kernel read carries dozens of notices, and they queue while a message is on its way.
        Assert.True(sizes.Max() > 1, $"every message carried one notice ({sizes.Length} messages)");
        TestContext.Current.TestOutputHelper?.WriteLine($"{sizes.Sum()} notices in {sizes.Length} messages, largest {sizes.Max()}");
    }
}
