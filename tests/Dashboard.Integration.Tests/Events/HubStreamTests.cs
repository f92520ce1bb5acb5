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

        ns.Ip("link", "add", "eth0", "type", "veth", "peer", "name", "peer0");
        ns.Ip("link", "set", "eth0", "up");
        ns.Ip("link", "set", "peer0", "up");
        ns.Ip("addr", "add", "10.20.0.2/24", "dev", "eth0");
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
        ns.Ip("link", "add", "eth0", "type", "veth", "peer", "name", "peer0");
        ns.Ip("link", "set", "eth0", "up");
        ns.IpBatch(Enumerable.Range(0, 200).Select(i => $"route add 203.0.{i / 250}.{i % 250}/32 dev eth0"));
        var last = await client.WaitForAsync(e => e.Kind == "RouteAdded" && e.Route?.Dst == "203.0.0.199/32", TimeSpan.FromSeconds(5), "the last route");
        await client.Connection.InvokeAsync("Unsubscribe", ns.Name, TestContext.Current.CancellationToken);

        var all = new List<Dashboard.Server.Api.Contracts.RouteEventDto>();
        // Everything before `last` was read already by WaitForAsync; check the sequence on a fresh read.
        var routes = await client.Connection.InvokeAsync<Dashboard.Server.Api.Contracts.RouteDto[]>("Routes", ns.Name, TestContext.Current.CancellationToken);
        Assert.Equal(200, routes.Count(r => r.Dst.StartsWith("203.0.0.", StringComparison.Ordinal)));
        ns.Ip("route", "add", "203.0.9.9/32", "dev", "eth0");
        await Task.Delay(500, TestContext.Current.CancellationToken);
        while (client.Events.Reader.TryRead(out var e)) all.Add(e);
        Assert.DoesNotContain(all, e => e.Route?.Dst == "203.0.9.9/32");
        Assert.True(last.Sequence >= 201, $"sequence {last.Sequence}");
    }
}
