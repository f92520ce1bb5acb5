using Dashboard.Integration.Tests.Support;
using Dashboard.Server.Events;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Integration.Tests.Events;

/// <summary>A client that stops reading never holds up the node: its bounded queue is dropped and it is told to re-read.</summary>
[Collection(AloneCollection.Name)]
public class SlowClientTests
{
    [Fact]
    public async Task A_stalled_client_gets_Resynced_while_the_live_model_keeps_up()
    {
        using var ns = new TestNamespace("slow");
        ns.AddVeth();
        await using var host = await HubHost.StartAsync(new EventsOptions { ClientQueueCapacity = 100, OnlyNamespaces = [ns.Name] });
        await host.SettleAsync(TimeSpan.FromSeconds(10));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The handler does not return until the gate opens: the client stops reading its connection.
        await using var slow = await host.ConnectAsync(gate: _ => gate.Task);
        await slow.Connection.InvokeAsync("Subscribe", ns.Name, TestContext.Current.CancellationToken);

        ns.IpBatch(Enumerable.Range(0, 20_000).Select(i => $"route add 10.{100 + i / 65536}.{i / 256 % 256}.{i % 256}/32 dev eth0 table 100"));
        await host.SettleAsync(TimeSpan.FromSeconds(30));
        await LiveModelAssert.EqualsIpJson(host.Stream, ns); // the node was not held up by the stalled client
        Assert.True(host.Counters.ClientOverflows > 0, host.Counters.ToString());

        gate.SetResult();
        var resynced = await slow.WaitForAsync(e => e.Kind == "Resynced", TimeSpan.FromSeconds(10), "Resynced");
        Assert.Equal(ns.Name, resynced.NamespaceId);
        Assert.Contains("fell behind", resynced.Summary);
    }
}
