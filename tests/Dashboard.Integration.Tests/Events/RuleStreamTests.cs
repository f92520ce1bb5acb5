using Dashboard.Integration.Tests.Support;
using Dashboard.Server.Events;
using Dashboard.Server.Routing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Integration.Tests.Events;

/// <summary>Rule changes on the real kernel reach hub clients as RuleAdded/RuleRemoved, and the live model keeps the rules as ip shows them.</summary>
public class RuleStreamTests
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Rule_add_and_delete_arrive_within_a_second_and_the_model_keeps_ip_rules_order()
    {
        using var ns = new TestNamespace("rulehub");
        ns.AddVeth();
        await using var host = await HubHost.StartAsync(new EventsOptions { OnlyNamespaces = [ns.Name] });
        await host.SettleAsync(TimeSpan.FromSeconds(10));
        await using var client = await host.ConnectAsync(messagePack: true);
        await client.Connection.InvokeAsync("Subscribe", ns.Name, TestContext.Current.CancellationToken);
        long refreshes = host.Counters.Refreshes, resyncs = host.Counters.Resyncs;

        ns.Ip("rule", "add", "pref", "100", "from", "10.20.0.0/24", "lookup", "100", "proto", "static");
        var added = await client.WaitForAsync(e => e.Kind == "RuleAdded" && e.Rule?.Priority == 100, OneSecond, "RuleAdded");
        Assert.Equal("100:\tfrom 10.20.0.0/24 lookup 100 proto static", added.Summary);
        Assert.Equal(("inet", "10.20.0.0", 24u, 100u, "static"), (added.Rule!.Family, added.Rule.Src, added.Rule.Srclen!.Value, added.Rule.Table!.Value, added.Rule.Protocol));

        ns.Ip("-6", "rule", "add", "pref", "200", "fwmark", "0x10/0xff", "goto", "300");
        var goTo = await client.WaitForAsync(e => e.Kind == "RuleAdded" && e.Rule?.Priority == 200, OneSecond, "the goto");
        Assert.Equal("200:\tfrom all fwmark 0x10/0xff goto 300 [unresolved]", goTo.Summary);
        ns.Ip("-6", "rule", "add", "pref", "300", "l3mdev");
        await client.WaitForAsync(e => e.Kind == "RuleAdded" && e.Rule?.Priority == 300, OneSecond, "the goto's target");

        ns.Ip("rule", "del", "pref", "100");
        var removed = await client.WaitForAsync(e => e.Kind == "RuleRemoved" && e.Rule?.Priority == 100, OneSecond, "RuleRemoved");
        Assert.True(removed.Sequence > added.Sequence);
        Assert.Equal("100:\tfrom 10.20.0.0/24 lookup 100 proto static", removed.Summary);

        // The model took every change from its notice: no re-read, and it shows what ip shows (the goto resolved).
        var view = await host.Stream.ViewAsync(ns.Name);
        string Lines(IpFamily f) => string.Concat(view!.Snapshot.Rules.Where(r => r.Family == f).Select(r => RuleText.Show(r) + "\n"));
        Assert.Equal(Shell.Ip("-n", ns.Name, "-4", "rule", "show"), Lines(IpFamily.Inet));
        Assert.Equal(Shell.Ip("-n", ns.Name, "-6", "rule", "show"), Lines(IpFamily.Inet6));
        Assert.Equal((refreshes, resyncs), (host.Counters.Refreshes, host.Counters.Resyncs));
        Assert.Equal(4, host.Counters.RuleMessages);
    }
}
